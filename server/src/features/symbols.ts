/** The outline: the inventory with its servers, then each scenario with its steps. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Runbook, Step } from '../runbook/model';

export function documentSymbols(runbook: Runbook): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const source = runbook.source;
  const frontMatter = runbook.frontMatter;
  if (frontMatter?.closeLine !== undefined) {
    symbols.push({
      name: 'Inventory',
      kind: SymbolKind.Module,
      range: source.linesRange(0, frontMatter.closeLine),
      selectionRange: frontMatter.openRange,
      children: runbook.inventory.servers.map((server) => ({
        name: server.name,
        detail: server.roles.join(', '),
        kind: SymbolKind.Object,
        range: server.entryRange,
        selectionRange: server.nameRange,
      })),
    });
  }
  const stepSymbol = (step: Step): DocumentSymbol => ({
    name: step.heading.title || step.kind!.value,
    detail: step.kind!.value,
    kind: SymbolKind.Function,
    range: source.linesRange(step.startLine, step.endLine),
    selectionRange: step.heading.titleRange,
  });
  for (const section of runbook.sections) {
    symbols.push({
      name: section.heading.title || section.scenario!.value,
      detail: [section.scenario?.value, section.strategy?.value, section.failed?.value]
        .filter(Boolean)
        .join(' · '),
      kind: SymbolKind.Namespace,
      range: source.linesRange(section.startLine, section.endLine),
      selectionRange: section.heading.titleRange,
      children: section.steps.map(stepSymbol),
    });
  }
  return symbols;
}

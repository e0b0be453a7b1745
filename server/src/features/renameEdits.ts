/**
 * What a server rename offers besides its references: the first label of the server's `fqdn` when it
 * is the old name, and the old name where it is a word of a heading's text. The editor asks before
 * applying these (change annotations that need confirmation: VS Code's refactor preview), since a
 * heading may name the server on purpose and a DNS name is not always the computer name.
 */
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import type { Runbook, Server } from '../runbook/model';
import type { Range } from '../runbook/source';
import { isComputerName } from './serverNames';

export type Companion = 'fqdn' | 'headings';

export interface RenameEdit {
  range: Range;
  text: string;
  /** Set on the edits the editor offers rather than applies outright. */
  companion?: Companion;
}

export function companionEdits(runbook: Runbook, server: Server, newName: string): RenameEdit[] {
  // Only a valid computer name is looked for in free text: 1 to 15 characters, no pattern syntax.
  if (!isComputerName(server.name)) return [];
  return [...fqdnEdit(runbook, server, newName), ...headingEdits(runbook, server.name, newName)];
}

function fqdnEdit(runbook: Runbook, server: Server, newName: string): RenameEdit[] {
  const fqdn = server.fqdn;
  const label = fqdn?.value.split('.')[0];
  if (!fqdn || label?.toLowerCase() !== server.name.toLowerCase()) return [];
  if (fqdn.range.start.line !== fqdn.range.end.line) return [];
  const written = runbook.source.slice(fqdn.range);
  const quote = written.startsWith("'") || written.startsWith('"') ? 1 : 0;
  if (written.slice(quote, quote + label.length) !== label) return [];
  const start = { line: fqdn.range.start.line, character: fqdn.range.start.character + quote };
  const text =
    label === label.toLowerCase()
      ? newName.toLowerCase()
      : label === label.toUpperCase()
        ? newName.toUpperCase()
        : newName;
  return [
    {
      range: { start, end: { line: start.line, character: start.character + label.length } },
      text,
      companion: 'fqdn',
    },
  ];
}

const WORD = /[\p{L}\p{N}_-]/u;

/** Each place in a heading's text where the old name stands as a whole word (case-insensitively). */
function headingEdits(runbook: Runbook, oldName: string, newName: string): RenameEdit[] {
  const wanted = oldName.toLowerCase();
  const edits: RenameEdit[] = [];
  for (const heading of runbook.headings) {
    const range = heading.titleRange;
    if (range.start.line !== range.end.line) continue;
    const title = runbook.source.slice(range);
    for (let i = 0; i + oldName.length <= title.length; i++) {
      if (title.slice(i, i + oldName.length).toLowerCase() !== wanted) continue;
      if (WORD.test(title[i - 1] ?? '') || WORD.test(title[i + oldName.length] ?? '')) continue;
      const character = range.start.character + i;
      edits.push({
        range: {
          start: { line: range.start.line, character },
          end: { line: range.start.line, character: character + oldName.length },
        },
        text: newName,
        companion: 'headings',
      });
      i += oldName.length - 1;
    }
  }
  return edits;
}

const ANNOTATIONS: Record<Companion, { label: string; description: string }> = {
  fqdn: {
    label: 'Update the FQDN',
    description: "The fqdn's first label is the computer name: rename it too.",
  },
  headings: {
    label: 'Update the headings that name the server',
    description: 'Headings whose text names the server by its old name.',
  },
};

/** A rename as a workspace edit: references outright, companions each under an annotation that needs confirmation. */
export function renameWorkspaceEdit(uri: string, edits: readonly RenameEdit[]): WorkspaceEdit {
  const used = [...new Set(edits.flatMap((e) => (e.companion ? [e.companion] : [])))];
  return {
    documentChanges: [
      {
        textDocument: { uri, version: null },
        edits: edits.map((e) =>
          e.companion
            ? { range: e.range, newText: e.text, annotationId: e.companion }
            : { range: e.range, newText: e.text },
        ),
      },
    ],
    ...(used.length
      ? {
          changeAnnotations: Object.fromEntries(
            used.map((id) => [id, { ...ANNOTATIONS[id], needsConfirmation: true }]),
          ),
        }
      : {}),
  };
}

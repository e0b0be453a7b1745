/** Go to definition, find references and rename, for server names (rename's companions: renameEdits.ts). */
import type { Runbook } from '../runbook/model';
import type { Position, Range } from '../runbook/source';
import { companionEdits, type RenameEdit } from './renameEdits';
import { isComputerName, nameAt, referencesTo } from './serverNames';

export function definition(runbook: Runbook, position: Position): Range | undefined {
  return nameAt(runbook, position)?.server?.nameRange;
}

export function references(runbook: Runbook, position: Position, includeDeclaration: boolean): Range[] {
  const server = nameAt(runbook, position)?.server;
  if (!server) return [];
  return referencesTo(runbook, server)
    .filter((o) => includeDeclaration || !o.isDeclaration)
    .map((o) => o.range);
}

export function prepareRename(
  runbook: Runbook,
  position: Position,
): { range: Range; placeholder: string } | undefined {
  const occurrence = nameAt(runbook, position);
  return occurrence?.server ? { range: occurrence.range, placeholder: occurrence.name } : undefined;
}

export type RenameResult = { ok: true; edits: RenameEdit[] } | { ok: false; message: string };

export function rename(runbook: Runbook, position: Position, newName: string): RenameResult {
  const server = nameAt(runbook, position)?.server;
  if (!server) return { ok: false, message: 'Rename works on server names: put the cursor on one.' };
  if (!isComputerName(newName)) {
    return {
      ok: false,
      message: `\`${newName}\` is not a valid computer name: 1 to 15 letters, digits and hyphens, not all digits.`,
    };
  }
  const clash = runbook.inventory.servers.find(
    (s) => s !== server && s.name.toLowerCase() === newName.toLowerCase(),
  );
  if (clash) return { ok: false, message: `The inventory already has a server named ${clash.name}.` };
  return {
    ok: true,
    edits: [
      ...referencesTo(runbook, server).map((o) => ({ range: o.range, text: newName })),
      ...companionEdits(runbook, server, newName),
    ],
  };
}

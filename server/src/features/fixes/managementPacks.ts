/**
 * SMDR117: add `managementPacks`, beside the runbook's other backup folders (the parent of
 * `permissionScripts` or of the key files' folder), else an obvious placeholder to edit.
 */
import type { Finding, Fix } from '../../rules/finding';
import type { Runbook } from '../../runbook/model';
import { trimEndOf } from '../../runbook/text';
import { entryOf } from '../../runbook/yamlTree';

export function managementPacksFix(runbook: Runbook, _finding: Finding): Fix | undefined {
  const root = runbook.frontMatter?.root;
  const closeLine = runbook.frontMatter?.closeLine;
  // Block mappings only: a flow mapping ({...}) is left for the user to edit.
  if (!root || closeLine === undefined || root.entries[0]?.keyRange.start.character !== 0) return undefined;
  const servers = entryOf(root, 'servers');
  const line = servers ? servers.range.start.line : closeLine;
  const at = { line, character: 0 };
  return {
    title: 'Add `managementPacks`',
    edits: [{ range: { start: at, end: at }, text: `managementPacks: '${folder(runbook)}'\n` }],
  };
}

function folder(runbook: Runbook): string {
  const siblings = [
    runbook.settings.permissionScripts?.value,
    ...runbook.inventory.servers.map((s) => s.keyBackup?.value && parent(s.keyBackup.value)),
  ];
  // A value with a control character is not one to copy into another line.
  const sibling = siblings.find((s) => s && parent(s) && !/\p{Cc}/u.test(s));
  const base = sibling ? parent(sibling)! : '\\\\BACKUP-SERVER\\share\\';
  return `${base}management-packs`.replace(/'/g, "''");
}

/** The folder holding a path, with its separator; undefined when there is none. */
function parent(path: string): string | undefined {
  const trimmed = trimEndOf(path, '\\/');
  const cut = Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/'));
  const folder = trimmed.slice(0, cut + 1);
  return cut > 0 && /[^\\/]/.test(folder) ? folder : undefined;
}

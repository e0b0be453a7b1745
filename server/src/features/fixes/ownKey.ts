/**
 * SMDR309: restore the failed server's own key. The other server's key, as a placeholder or as the
 * path written out, becomes `${failed.keyBackup}`, which the renderer inserts as one quoted literal.
 * A path written inside a longer string is left alone: a placeholder there would be SMDR316.
 */
import type { Finding, Fix } from '../../rules/finding';
import type { Runbook } from '../../runbook/model';
import { scenarioInfo, sectionAt } from '../../runbook/scenario';
import type { Range } from '../../runbook/source';

const OWN_KEY = '${failed.keyBackup}';

export function ownKeyFix(runbook: Runbook, finding: Finding): Fix | undefined {
  const section = sectionAt(runbook, finding.range.start.line);
  const failed = section && scenarioInfo(runbook, section).failed;
  if (!failed?.keyBackup) return undefined;
  const range = tokenRange(runbook, finding.range);
  return (
    range && { title: `Restore ${failed.name}'s own key (\`${OWN_KEY}\`)`, edits: [{ range, text: OWN_KEY }] }
  );
}

/** The range to replace: the placeholder, the quoted path with its quotes, or a bare path between separators. */
function tokenRange(runbook: Runbook, range: Range): Range | undefined {
  const line = runbook.source.lineText(range.start.line);
  if (range.start.line !== range.end.line) return undefined;
  const start = range.start.character;
  const end = range.end.character;
  if (line.startsWith('${', start)) return range;
  const before = line[start - 1];
  const after = line[end];
  const widen = (by: number): Range => ({
    start: { line: range.start.line, character: start - by },
    end: { line: range.end.line, character: end + by },
  });
  if ((before === "'" || before === '"') && after === before) return widen(1);
  const separator = (c: string | undefined) => c === undefined || /[\s(),;=]/.test(c);
  return separator(before) && separator(after) ? widen(0) : undefined;
}

/**
 * SMDR309: restore the failed server's own key. The other server's key, as a placeholder or as the
 * path written out, becomes `${failed.keyBackup}`, which the renderer inserts as one quoted literal.
 * The fix is offered only where the placeholder would stand as a whole token of code, as the block's
 * language parser decides it for SMDR316: never inside a string, a comment, a here-string or heredoc,
 * nor in a block that does not parse (a path in `"…"` or after `#` is left alone).
 */
import { placeholderContexts } from '../../code/placeholderContext';
import type { Finding, Fix } from '../../rules/finding';
import type { Runbook, Section } from '../../runbook/model';
import { languageOf } from '../../runbook/parse';
import { scenarioInfo, sectionAt } from '../../runbook/scenario';
import type { Range } from '../../runbook/source';

const OWN_KEY = '${failed.keyBackup}';

export function ownKeyFix(runbook: Runbook, finding: Finding): Fix | undefined {
  const section = sectionAt(runbook, finding.range.start.line);
  if (!section) return undefined;
  const failed = scenarioInfo(runbook, section).failed;
  if (!failed?.keyBackup) return undefined;
  const range = tokenRange(runbook, finding.range);
  if (!range || !placedInCode(runbook, section, range)) return undefined;
  return { title: `Restore ${failed.name}'s own key (\`${OWN_KEY}\`)`, edits: [{ range, text: OWN_KEY }] };
}

/**
 * Whether `${failed.keyBackup}` written over `range` (within one line of a code block of `section`)
 * stands in code, a whole token: the block is parsed with the placeholder in place, as SMDR316 reads it.
 */
function placedInCode(runbook: Runbook, section: Section, range: Range): boolean {
  const line = range.start.line;
  const block = section.steps
    .flatMap((step) => step.codeBlocks)
    .find((b) => b.fence.startLine < line && line <= b.fence.endLine - (b.fence.closed ? 1 : 0));
  const language = block && languageOf(block);
  if (!block || !language) return false;
  // The block's content is its lines without the fence's indent.
  const lines = block.fence.content.split('\n');
  const index = line - block.fence.startLine - 1;
  const own = lines[index];
  const written = runbook.source.lineText(line);
  const indent = own === undefined ? -1 : written.length - own.replace(/\r$/, '').length;
  if (own === undefined || indent < 0 || !own.startsWith(written.slice(indent))) return false;
  const start = range.start.character - indent;
  if (start < 0) return false;
  lines[index] = own.slice(0, start) + OWN_KEY + own.slice(range.end.character - indent);
  const at = lines.slice(0, index).reduce((offset, text) => offset + text.length + 1, 0) + start;
  return placeholderContexts(language, lines.join('\n')).find((p) => p.start === at)?.context === 'code';
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

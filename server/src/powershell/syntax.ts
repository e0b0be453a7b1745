/**
 * SMDR318, the pure half: which code blocks are PowerShell, the text PowerShell's parser is given for
 * each, and its syntax errors mapped back onto the runbook. Parsing itself happens in a helper process
 * (checker.ts); results come back through `lookup`, keyed by the text that was parsed.
 */
import { commandLanguageOf } from '../domain/vocabulary';
import type { Runbook } from '../runbook/model';
import type { Fence } from '../runbook/markdown';
import { PLACEHOLDER } from '../code/placeholderText';
import type { Position } from '../runbook/source';
import { RULES } from '../rules/catalog';
import type { Finding } from '../rules/finding';
import type { SyntaxError } from './host';

/** The parse results known so far, by parsed text; undefined when that text has not been parsed yet. */
export type SyntaxLookup = (text: string) => readonly SyntaxError[] | undefined;

export function powershellFences(runbook: Runbook): Fence[] {
  return runbook.fences.filter((fence) => commandLanguageOf(fence.info) === 'powershell');
}

/**
 * What PowerShell parses for a block: its content with each `${...}` placeholder turned into a braced
 * variable of the same length (`${xxxx}`). A placeholder is already valid variable syntax, but its path
 * may hold characters a variable name treats specially (a backtick escapes the closing brace), and it
 * becomes a quoted literal when the step runs; an error must never come from inside one. The length
 * is kept, so offsets map back unchanged.
 */
export function parsedText(fence: Fence): string {
  return fence.content.replace(PLACEHOLDER, (match) =>
    match.length > 3 ? `\${${'x'.repeat(match.length - 3)}}` : match,
  );
}

export function powershellTexts(runbook: Runbook): string[] {
  return powershellFences(runbook).map(parsedText);
}

/** SMDR318 for every PowerShell block whose parse result `lookup` knows. */
export function syntaxFindings(runbook: Runbook, lookup: SyntaxLookup): Finding[] {
  return powershellFences(runbook).flatMap((fence) => {
    const errors = lookup(parsedText(fence)) ?? [];
    return errors.map((error) => ({
      rule: RULES.powershellSyntax,
      message: `PowerShell cannot parse this: ${error.message}`,
      range: {
        start: positionIn(runbook, fence, error.start),
        end: positionIn(runbook, fence, error.end),
      },
    }));
  });
}

/**
 * The runbook position of an offset into a block's content. markdown-it hands over content lines with
 * their container's indentation (a list item, a quote) removed: each line is found at the end of its
 * line in the runbook, so a column inside it maps exactly.
 */
function positionIn(runbook: Runbook, fence: Fence, offset: number): Position {
  // An error at the very end (a missing `}`) stays on the last line of the block, not on its fence.
  const before = fence.content.slice(0, offset).replace(/\n$/, '').split('\n');
  const index = before.length - 1;
  const column = before[index]!.length;
  const contentLine = fence.content.split('\n')[index] ?? '';
  const line = Math.min(fence.startLine + 1 + index, runbook.source.lineCount - 1);
  const sourceLine = runbook.source.lineText(line);
  const shift = sourceLine.endsWith(contentLine) ? sourceLine.length - contentLine.length : 0;
  return { line, character: Math.min(shift + column, sourceLine.length) };
}

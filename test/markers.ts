/**
 * Small in-memory runbooks for rule tests, in the style of vscode-markdown-languageservice's tests:
 * `joinLines` builds the text, and ⟦...⟧ marks each range a finding is expected at.
 */
import type { Range } from 'vscode-languageserver-types';

export const joinLines = (...lines: string[]): string => lines.join('\n');

const OPEN = '⟦';
const CLOSE = '⟧';

/** The text without its markers, and the ranges the markers enclosed, in the order they open. */
export function marked(source: string): { text: string; ranges: Range[] } {
  let text = '';
  let line = 0;
  let character = 0;
  const open: { at: Range['start']; index: number }[] = [];
  const ranges: Range[] = [];
  for (const ch of source) {
    if (ch === OPEN) {
      open.push({ at: { line, character }, index: ranges.length });
      ranges.push({ start: { line, character }, end: { line, character } });
      continue;
    }
    if (ch === CLOSE) {
      const start = open.pop();
      if (!start) throw new Error(`a ${CLOSE} without its ${OPEN} at ${line}:${character}`);
      ranges[start.index] = { start: start.at, end: { line, character } };
      continue;
    }
    text += ch;
    if (ch === '\n') {
      line++;
      character = 0;
    } else character += ch.length;
  }
  if (open.length) throw new Error(`${open.length} ${OPEN} never closed`);
  return { text, ranges };
}

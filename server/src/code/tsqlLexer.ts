/**
 * Where each offset of a T-SQL batch stands: in code, a string literal, a quoted identifier or a
 * comment. No maintained T-SQL tokenizer exists for JavaScript; this one follows SQL Server's
 * lexical rules for exactly these four (`''`, `]]` and `""` escapes, nested block comments), and the
 * tests compare it with ScriptDom's token stream. One pass, linear in the text.
 */
import { PLACEHOLDER_AT } from './placeholderText';

export type TsqlRegion = 'code' | 'string' | 'quoted-identifier' | 'comment';

export interface TsqlSpan {
  start: number;
  end: number;
  region: TsqlRegion;
}

/** The non-code spans of `text`, in order. A `${...}` placeholder in code is skipped whole. */
export function tsqlSpans(text: string): TsqlSpan[] {
  const spans: TsqlSpan[] = [];
  let i = 0;
  const push = (start: number, end: number, region: TsqlRegion) => {
    spans.push({ start, end, region });
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '$' && next === '{') {
      PLACEHOLDER_AT.lastIndex = i;
      const match = PLACEHOLDER_AT.exec(text);
      i = match ? i + match[0].length : i + 1;
    } else if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      push(i, eol < 0 ? text.length : eol, 'comment');
    } else if (c === '/' && next === '*') {
      push(i, blockCommentEnd(text, i), 'comment');
    } else if (c === "'") {
      push(i, quotedEnd(text, i, "'"), 'string');
    } else if (c === '[') {
      push(i, quotedEnd(text, i, ']'), 'quoted-identifier');
    } else if (c === '"') {
      push(i, quotedEnd(text, i, '"'), 'quoted-identifier');
    } else i++;
  }
  return spans;
}

/** The end of a literal opened at `start`, where a doubled `close` stands for itself. */
function quotedEnd(text: string, start: number, close: string): number {
  let i = start + 1;
  for (;;) {
    const at = text.indexOf(close, i);
    if (at < 0) return text.length;
    if (text[at + 1] !== close) return at + 1;
    i = at + 2;
  }
}

/** Block comments nest in T-SQL: `/* a /* b *\/ c *\/` is one comment. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return text.length;
}

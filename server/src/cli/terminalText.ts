/**
 * What the CLI prints of values it did not write itself (runbook text, file names, SQL Server's
 * answers): a control character could move the cursor, recolour or clear the terminal, or split one
 * diagnostic over two lines, and a bidirectional override could make a line read differently from
 * what it is. Such characters are shown escaped, as `\x1b` or `\u202e`.
 */
import { HIDDEN_CLASS } from '../runbook/hiddenCharacters';

/** C0 and C1 controls and DEL, and every hidden character (bidirectional controls, zero-width, separators...). */
const UNSAFE = new RegExp(String.raw`[\u0000-\u0008\u000a-\u001f\u007f-\u009f${HIDDEN_CLASS}]`, 'gu');

/** What JSON.stringify leaves raw in a string: all of the above but the C0 controls, which it escapes. */
const UNSAFE_IN_JSON = new RegExp(String.raw`[\u007f-\u009f${HIDDEN_CLASS}]`, 'gu');

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** `\x1b`, `\u202e`, or `\u{e0072}` past the Basic Multilingual Plane. */
function escaped(c: string): string {
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 5)}}`;
}

/** One line of terminal text: every unsafe character escaped (a tab stays: it moves nothing but the column). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/**
 * JSON for a terminal: JSON.stringify already escapes C0 controls, but leaves C1 controls (U+009B is
 * a CSI to some terminals), separators and bidirectional characters raw. They occur only inside
 * strings, where `\uXXXX` is the same JSON value.
 */
function jsonSafe(json: string): string {
  // JSON writes a character past U+FFFF as its two UTF-16 halves.
  return json.replace(UNSAFE_IN_JSON, (c) =>
    [...Array(c.length).keys()].map((i) => `\\u${hex(c.charCodeAt(i), 4)}`).join(''),
  );
}

/** JSON as the CLI prints it: indented, and nothing in it that a terminal would act on. */
export function jsonText(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return jsonSafe(JSON.stringify(value, replacer, 2));
}

/**
 * What the CLI prints of values it did not write itself (runbook text, file names, SQL Server's
 * answers): a control character could move the cursor, recolour or clear the terminal, or split one
 * diagnostic over two lines, and a bidirectional override could make a line read differently from
 * what it is. Such characters are shown escaped, as `\x1b` or `\u202e`.
 */
import { HIDDEN_CLASS, showHidden } from '../runbook/hiddenCharacters';

/** C0 and C1 controls and DEL (a tab is left: it moves nothing but the column). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** What JSON.stringify leaves raw in a string: C1 controls, DEL and the hidden characters. */
const UNSAFE_IN_JSON = new RegExp(String.raw`[\u007f-\u009f${HIDDEN_CLASS}]`, 'gu');

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** One line of terminal text: every control character escaped as `\x1b`, every hidden one by its code point. */
export function terminalSafe(text: string): string {
  return showHidden(text).replace(CONTROLS, (c) => `\\x${hex(c.charCodeAt(0), 2)}`);
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

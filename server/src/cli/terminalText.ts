/**
 * What the CLI prints of values it did not write itself (runbook text, file names, SQL Server's
 * answers): a control character could move the cursor, recolour or clear the terminal, or split one
 * diagnostic over two lines, and a bidirectional override could make a line read differently from
 * what it is. Such characters are shown escaped, as `\x1b` or `\u202e`.
 */

/** C0 and C1 controls and DEL, line and paragraph separators, and the bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw in a string: all of the above but the C0 controls, which it escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** One line of terminal text: every unsafe character escaped (a tab stays: it moves nothing but the column). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * JSON for a terminal: JSON.stringify already escapes C0 controls, but leaves C1 controls (U+009B is
 * a CSI to some terminals), separators and bidirectional characters raw. They occur only inside
 * strings, where `\uXXXX` is the same JSON value.
 */
function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

/** JSON as the CLI prints it: indented, and nothing in it that a terminal would act on. */
export function jsonText(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return jsonSafe(JSON.stringify(value, replacer, 2));
}

/** The `${path}` syntax of placeholders, shared by the parser, the renderer and the code scanners. */

// `$` and `{` cannot stand in a path: each match attempt then stops at the next `${`, keeping a long
// line of `${${${...` linear (with `[^}]*` every `${` would be scanned to the end of the line).
const SOURCE = '\\$\\{([^${}\\r\\n]*)\\}';

/** Every placeholder of a text (use with matchAll or replace). */
export const PLACEHOLDER = new RegExp(SOURCE, 'g');

/** A placeholder starting exactly at `lastIndex`. */
export const PLACEHOLDER_AT = new RegExp(SOURCE, 'y');

/**
 * Pieces of hostile inventory values, shared by the property tests of quoting and of the generated
 * commands: what ends or escapes a literal in PowerShell, T-SQL or sh, looks like code in one of them,
 * or is a Unicode look-alike of a quote.
 */
import { refusedCharacter } from '../server/src/stepScripts/quote';

export const HOSTILE_PIECES: readonly string[] = [
  "'",
  '"',
  '`',
  '$(',
  ')',
  '${x}',
  '$x',
  '@(',
  "@'",
  "'@",
  '@"',
  '#',
  '<#',
  '#>',
  ';',
  '|',
  '&',
  '{',
  '}',
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '\u201C',
  '\u201D',
  '\u201E',
  '\uFF07',
  '[',
  ']',
  '*',
  '?',
  '--',
  '/*',
  '*/',
  "N'",
  '\\',
  ' ',
  '\t',
  'é',
  '😀',
  '\u200B',
  '${',
  '$',
  '@',
  'x',
];

/** The pieces a literal carries: all but the hidden ones (a zero-width space...), which quoting refuses. */
export const QUOTABLE_PIECES: readonly string[] = HOSTILE_PIECES.filter(
  (p) => refusedCharacter(p) === undefined,
);

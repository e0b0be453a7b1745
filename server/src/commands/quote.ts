/**
 * Literals of the three languages commands are written in. An inventory value only ever reaches a
 * command through these functions, so it can never end its literal and become code.
 *
 * - PowerShell: single-quoted; PowerShell also ends a single-quoted string at the typographic quotes
 *   U+2018..U+201B, so those are doubled like `'`.
 * - T-SQL: N'...' with `'` doubled; identifiers in brackets with `]` doubled.
 * - POSIX shell: single-quoted, `'` written as '\''.
 *
 * Control characters (NUL, line breaks, escape...) are refused: they cannot end a literal, but a
 * command typed into a terminal would break at them. The message says which value it was.
 */

import type { CommandLanguage } from '../domain/vocabulary';

export class QuoteError extends Error {}

const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F\u0085\u2028\u2029]/;

function checked(value: string, what: string): string {
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new QuoteError(
      `${what} contains a control character (U+${code}), which a command cannot carry safely.`,
    );
  }
  return value;
}

const POWERSHELL_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

export function powershellString(value: string, what = 'The value'): string {
  return `'${checked(value, what).replace(POWERSHELL_QUOTES, (q) => q + q)}'`;
}

export function tsqlString(value: string, what = 'The value'): string {
  return `N'${checked(value, what).replace(/'/g, "''")}'`;
}

export function tsqlIdentifier(value: string, what = 'The name'): string {
  if (value.length === 0 || value.length > 128)
    throw new QuoteError(`${what} must be 1 to 128 characters long.`);
  return `[${checked(value, what).replace(/]/g, ']]')}]`;
}

export function shellString(value: string, what = 'The value'): string {
  return `'${checked(value, what).replace(/'/g, `'\\''`)}'`;
}

export function literal(language: CommandLanguage, value: string, what?: string): string {
  return language === 'powershell'
    ? powershellString(value, what)
    : language === 'tsql'
      ? tsqlString(value, what)
      : shellString(value, what);
}

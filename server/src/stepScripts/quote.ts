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
 * command typed into a terminal would break at them. Hidden characters (zero-width, bidirectional
 * controls...) are refused too, whatever SMDR006's setting: the command would read differently from
 * what runs. The message says which value it was.
 */

import type { CommandLanguage } from '../domain/vocabulary';
import { firstHidden, hiddenName } from '../runbook/hiddenCharacters';

export class QuoteError extends Error {}

/** The first control character in `value` (tab is allowed), if any. */
export function controlCharacter(value: string): string | undefined {
  for (const c of value) {
    const code = c.charCodeAt(0);
    if ((code < 0x20 && c !== '\t') || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029)
      return c;
  }
  return undefined;
}

/** The first character no literal carries: a control character, or a hidden one (runbook/hiddenCharacters.ts). */
export function refusedCharacter(value: string): string | undefined {
  return controlCharacter(value) ?? firstHidden(value);
}

function checked(value: string, what: string): string {
  const control = controlCharacter(value);
  if (control) {
    const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new QuoteError(
      `${what} contains a control character (U+${code}), which a command cannot carry safely.`,
    );
  }
  const hidden = firstHidden(value);
  if (hidden)
    throw new QuoteError(
      `${what} contains a hidden character (${hiddenName(hidden.codePointAt(0)!)}), which would make the command read differently from what runs.`,
    );
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
  return `[${checked(value, what).replace(/\]/g, ']]')}]`;
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

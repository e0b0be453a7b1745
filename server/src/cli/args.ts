/** Numeric command-line flags, checked: `--line abc` is a usage error (exit 2), never NaN in a message or a timeout. */
import { UsageError } from './usage';

export interface NumberRange {
  min: number;
  max: number;
}

/** A whole number written in decimal digits, within `range`; `flag` names it in the message. */
export function wholeNumber(flag: string, text: string, range: NumberRange): number {
  const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= range.min && value <= range.max))
    throw new UsageError(`${flag} takes a whole number from ${range.min} to ${range.max}, not '${text}'`);
  return value;
}

/** A timeout in seconds, as milliseconds. */
export function secondsFlag(flag: string, text: string, range: NumberRange): number {
  return wholeNumber(flag, text, range) * 1000;
}

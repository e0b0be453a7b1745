/**
 * String helpers that stay linear on any input. A regular expression anchored at the end (`/x+$/`)
 * is retried from every position of a line that does not end as expected: quadratic on a long line
 * a hostile runbook can hold.
 */

/** `text` without the characters of `chars` at its end. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** The part of `text` after its last space or tab. */
export function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && text[start - 1] !== ' ' && text[start - 1] !== '\t') start--;
  return text.slice(start);
}

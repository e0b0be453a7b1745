import { closest, distance } from 'fastest-levenshtein';

/** The candidate closest to `word`, if it is close enough to be what the user meant. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const exactCase = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (exactCase) return exactCase;
  const best = closest(
    word.toLowerCase(),
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best) <= limit ? candidates[index] : undefined;
}

export function list(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

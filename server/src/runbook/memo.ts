/**
 * A small least-recently-used memo. Parsing is pure, so between two keystrokes the parts of a runbook
 * that did not change need not be parsed again.
 *
 * A string key is stored as a copy of its own: a key sliced from a runbook's text would otherwise keep
 * that whole text (every old version of the document) alive for as long as the entry lives. `compute`
 * gets that copy, so that what it derives from the key does not hold the old text either. String keys
 * also count against `maxKeyChars`, so that a memo of large texts stays bounded in memory too.
 */
export class Memo<K, V> {
  private readonly entries = new Map<K, V>();
  private chars = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxKeyChars = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K, compute: (key: K) => V): V {
    const found = this.entries.get(key);
    if (found !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, found as V);
      return found as V;
    }
    const owned = typeof key === 'string' ? (structuredClone(key) as K) : key;
    const value = compute(owned);
    this.entries.set(owned, value);
    this.chars += lengthOf(owned);
    while (this.entries.size > this.capacity || (this.chars > this.maxKeyChars && this.entries.size > 1)) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
      this.chars -= lengthOf(oldest);
    }
    return value;
  }
}

function lengthOf(key: unknown): number {
  return typeof key === 'string' ? key.length : 0;
}

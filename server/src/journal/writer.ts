/**
 * Appends to the journal durably: the line is written and fsync'ed before `appendEntry` resolves,
 * so the UI reports a step only once its record is on disk. Earlier lines are never rewritten; a torn
 * last line left by a crash is closed off with a line break first, so the new entry stands alone.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJournal, serializeEntry, type JournalEntry, type ReadJournal } from './format';

export function journalPath(runbookPath: string): string {
  return join(dirname(runbookPath), '.smdr', 'journal.jsonl');
}

export function appendEntry(path: string, entry: JournalEntry): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeSync(fd, prefix + serializeEntry(entry));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readJournal(path: string): ReadJournal {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warnings: [] };
    // The views and the runner read the journal all the time: an unreadable one is reported, not thrown.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      entries: [],
      warnings: [`The journal could not be read (${reason}); no progress is shown from it.`],
    };
  }
  return parseJournal(text);
}

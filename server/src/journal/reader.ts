/**
 * Reads the journal for the views, the code lenses and the report, which ask on every cursor move:
 * the parsed entries are kept per file, and a read parses only the bytes appended since the last one.
 * The file is read in full again when it shrank, was replaced (another inode) or its earlier bytes
 * changed. Like the writer, it never follows a link and reads only a regular file.
 */
import * as fs from 'node:fs';
import { parseJournal, type JournalEntry, type ReadJournal } from './format';

const { O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = fs.constants;
/** The journal is read in pieces of this size: a huge one is never one string. */
const CHUNK = 8 * 1024 * 1024;
/** The last bytes of what was parsed, compared on each read to see that the file was only appended to. */
const CHECK = 256;

interface Parsed {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** Bytes parsed: up to the end of the last complete line. */
  offset: number;
  /** Lines parsed, to number the next ones in warnings. */
  lines: number;
  check: Buffer;
  /** What follows the last complete line: an entry still being written, or one a crash tore. */
  tail: string;
  entries: JournalEntry[];
  warnings: string[];
}

const cache = new Map<string, Parsed>();

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = fs.readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

function unchangedBefore(fd: number, known: Parsed): boolean {
  const start = known.offset - known.check.length;
  return readAt(fd, start, known.check.length).equals(known.check);
}

/** Parses from `known.offset` to `size`, adding complete lines to `known`; returns the unfinished last line. */
function parseFrom(fd: number, known: Parsed, size: number): string {
  let pending: Buffer = Buffer.alloc(0);
  for (let position = known.offset; position < size;) {
    const piece = readAt(fd, position, Math.min(CHUNK, size - position));
    if (piece.length === 0) break;
    position += piece.length;
    const data = pending.length ? Buffer.concat([pending, piece]) : piece;
    const end = data.lastIndexOf(0x0a) + 1;
    pending = data.subarray(end);
    if (end === 0) continue;
    // A line break is never inside a UTF-8 sequence: each complete line decodes on its own.
    const text = data.subarray(0, end).toString('utf8');
    const parsed = parseJournal(text, known.lines + 1);
    for (const entry of parsed.entries) known.entries.push(entry);
    known.warnings.push(...parsed.warnings);
    known.lines += text.split('\n').length - 1;
    known.offset += end;
    known.check = Buffer.concat([known.check, data.subarray(0, end)]).subarray(-CHECK);
  }
  return pending.toString('utf8');
}

function fresh(stat: fs.Stats): Parsed {
  return {
    dev: stat.dev,
    ino: stat.ino,
    size: 0,
    mtimeMs: 0,
    offset: 0,
    lines: 0,
    check: Buffer.alloc(0),
    tail: '',
    entries: [],
    warnings: [],
  };
}

function describe(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return `${path} is a symbolic link, which the journal never follows`;
  return error instanceof Error ? error.message : String(error);
}

function unreadable(reason: string): ReadJournal {
  // The views and the runner read the journal all the time: an unreadable one is reported, not thrown.
  return {
    entries: [],
    warnings: [`The journal could not be read (${reason}); no progress is shown from it.`],
  };
}

export function readJournal(path: string): ReadJournal {
  let fd: number;
  try {
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    cache.delete(path);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warnings: [] };
    return unreadable(describe(path, error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      cache.delete(path);
      return unreadable(`${path} is not a regular file`);
    }
    const cached = cache.get(path);
    const same = cached?.dev === stat.dev && cached.ino === stat.ino;
    let known = cached && same ? cached : fresh(stat);
    if (known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) {
      if (stat.size < known.offset || !unchangedBefore(fd, known)) known = fresh(stat);
      known.size = stat.size;
      known.mtimeMs = stat.mtimeMs;
      known.tail = parseFrom(fd, known, stat.size);
      cache.set(path, known);
    }
    const last = parseJournal(known.tail, known.lines + 1);
    return {
      entries: [...known.entries, ...last.entries],
      warnings: [...known.warnings, ...last.warnings],
    };
  } catch (error) {
    cache.delete(path);
    return unreadable(describe(path, error));
  } finally {
    fs.closeSync(fd);
  }
}

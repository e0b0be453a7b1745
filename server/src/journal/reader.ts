/**
 * Reads the journal for the views, the code lenses and the report, which ask on every cursor move:
 * the parsed entries are kept per file, and a read parses only the bytes appended since the last one.
 * The file is read in full again when it shrank, was replaced (another inode) or its earlier bytes
 * changed. Like the writer, it never follows a link and reads only a regular file: neither the
 * file, nor its `.smdr` folder, nor any folder between the workspace folder and it may be a link.
 *
 * It is bounded, as its file is anybody's: a journal over {@link MAX_JOURNAL_BYTES} is not read, a line
 * over MAX_LINE_BYTES is skipped without being kept (even while it is still being written), and the
 * skipped lines are named in at most WARNINGS_NAMED warnings; past MAX_SKIPPED of them it stops reading.
 */
import * as fs from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import {
  journalRead,
  MAX_LINE_BYTES,
  MAX_SKIPPED,
  parseJournalLines,
  WARNINGS_NAMED,
  type JournalEntry,
  type ReadJournal,
} from './format';

const { O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = fs.constants;
/** The journal is read in pieces of this size: a huge one is never one string. */
const CHUNK = 8 * 1024 * 1024;
/** A journal larger than this is not read: years of drills write a few megabytes. */
export const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;
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
  /** Whether the bytes up to `offset` end inside a line over the limit, skipped up to its line break. */
  overlong: boolean;
  entries: JournalEntry[];
  /** The named warnings of skipped lines (at most WARNINGS_NAMED), and how many lines were skipped. */
  warnings: string[];
  skipped: number;
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

/** Counts `bytes` (from `known.offset` on) as read. */
function consume(known: Parsed, bytes: Buffer): void {
  known.offset += bytes.length;
  known.check = Buffer.concat([known.check, bytes.subarray(-CHECK)]).subarray(-CHECK);
}

function skip(known: Parsed, warning: string): void {
  if (known.skipped++ < WARNINGS_NAMED) known.warnings.push(warning);
}

/**
 * Parses from `known.offset` to `size`, adding complete lines to `known`; returns the unfinished last
 * line. Once more than MAX_SKIPPED lines were skipped nothing more is read: the journal is not read.
 */
function parseFrom(fd: number, known: Parsed, size: number): string {
  let pending: Buffer = Buffer.alloc(0);
  for (let position = known.offset; position < size && known.skipped <= MAX_SKIPPED;) {
    const piece = readAt(fd, position, Math.min(CHUNK, size - position));
    if (piece.length === 0) break;
    position += piece.length;
    let data = pending.length ? Buffer.concat([pending, piece]) : piece;
    if (known.overlong) {
      // The rest of a line over the limit, skipped (it was counted when it began) up to its line break.
      const end = data.indexOf(0x0a) + 1;
      consume(known, end === 0 ? data : data.subarray(0, end));
      if (end === 0) {
        pending = Buffer.alloc(0);
        continue;
      }
      known.overlong = false;
      known.lines += 1;
      data = data.subarray(end);
    }
    const end = data.lastIndexOf(0x0a) + 1;
    pending = data.subarray(end);
    if (end > 0) {
      // A line break is never inside a UTF-8 sequence: each complete line decodes on its own.
      const text = data.subarray(0, end).toString('utf8');
      const parsed = parseJournalLines(
        text,
        known.lines + 1,
        WARNINGS_NAMED - known.warnings.length,
        MAX_SKIPPED - known.skipped,
      );
      for (const entry of parsed.entries) known.entries.push(entry);
      known.warnings.push(...parsed.warnings);
      known.skipped += parsed.skipped;
      known.lines += text.split('\n').length - 1;
      consume(known, data.subarray(0, end));
    }
    if (pending.length > MAX_LINE_BYTES) {
      // Never kept, nor parsed again on each read: skipped now, and up to its line break as it grows.
      skip(
        known,
        `Journal line ${known.lines + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; it was skipped.`,
      );
      known.overlong = true;
      consume(known, pending);
      pending = Buffer.alloc(0);
    }
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
    overlong: false,
    entries: [],
    warnings: [],
    skipped: 0,
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
    skipped: 0,
    unreadable: reason,
  };
}

/**
 * The first folder from `within` (exclusive, when the journal is inside it) down to the journal's
 * folder that is a symbolic link, or that is not a folder; null when there is none. O_NOFOLLOW guards
 * only the file itself: a linked `.smdr` (or a linked folder above it) could lead out of the workspace.
 */
function linkedFolder(path: string, within: string | undefined): string | null {
  const folder = dirname(path);
  const below = within === undefined ? '' : relative(within, folder);
  const inside = within !== undefined && below !== '' && !below.startsWith('..') && !isAbsolute(below);
  const parts = inside ? below.split(sep) : [];
  const folders = inside
    ? parts.map((_, i) => `${within}${sep}${parts.slice(0, i + 1).join(sep)}`)
    : [folder];
  for (const each of folders) {
    const stat = fs.lstatSync(each, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) return each;
  }
  return null;
}

/**
 * The journal at `path`: its entries and what was skipped. `within`, the workspace folder the journal
 * is in, extends the refusal of links to every folder between it and the journal.
 */
export function readJournal(path: string, within?: string): ReadJournal {
  let fd: number;
  try {
    const linked = linkedFolder(path, within);
    if (linked !== null) {
      cache.delete(path);
      return unreadable(`${linked} is a symbolic link or not a folder, which the journal never follows`);
    }
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    cache.delete(path);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warnings: [], skipped: 0 };
    return unreadable(describe(path, error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      cache.delete(path);
      return unreadable(`${path} is not a regular file`);
    }
    if (stat.size > MAX_JOURNAL_BYTES) {
      cache.delete(path);
      return unreadable(
        `${path} holds ${Math.ceil(stat.size / 1024 / 1024)} MiB, over the ${MAX_JOURNAL_BYTES / 1024 / 1024} MiB a journal is read to; move it away to start a new one`,
      );
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
    const last = parseJournalLines(
      known.tail,
      known.lines + 1,
      WARNINGS_NAMED - known.warnings.length,
      MAX_SKIPPED - known.skipped,
    );
    return journalRead(
      [...known.entries, ...last.entries],
      [...known.warnings, ...last.warnings],
      known.skipped + last.skipped,
    );
  } catch (error) {
    cache.delete(path);
    return unreadable(describe(path, error));
  } finally {
    fs.closeSync(fd);
  }
}

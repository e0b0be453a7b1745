/**
 * Appends to the journal durably: the line is written in full and fsync'ed before `appendEntry`
 * returns, so the UI reports a step only once its record is on disk; a write that cannot be completed
 * (a full disk) throws, and what it left is cut off again. Earlier lines are never rewritten; a torn
 * last line left by a crash is closed off with a line break first, so the new entry stands alone.
 *
 * The journal's folder and file come with the runbook's repository, so either may be planted: the
 * file is never opened through a symbolic link, and a `.smdr` that is a link (which could lead out
 * of the runbook's folder) is refused.
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { serializeEntry, type JournalEntry } from './format';

/** The file-system calls the writer makes: tests inject a disk that fills up or writes short. */
export type JournalIo = Pick<
  typeof fs,
  | 'closeSync'
  | 'fstatSync'
  | 'fsyncSync'
  | 'ftruncateSync'
  | 'lstatSync'
  | 'mkdirSync'
  | 'openSync'
  | 'readSync'
  | 'writeSync'
>;

const { O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_RDWR } = fs.constants;
/** O_NONBLOCK: a FIFO planted as the journal must not hang the open; it is then refused as not a file. */
const OPEN_FLAGS = O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK;

export function journalPath(runbookPath: string): string {
  return join(dirname(runbookPath), '.smdr', 'journal.jsonl');
}

export class JournalWriteError extends Error {}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A folder's own entry list made durable, so a file or folder just created in it survives a crash. */
function syncFolder(folder: string, io: JournalIo): void {
  const fd = io.openSync(folder, O_RDONLY | O_DIRECTORY);
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}

/** The `.smdr` folder, created when missing; a link or a file in its place is refused. */
export function journalFolder(folder: string, io: JournalIo = fs): void {
  let stat: fs.Stats | undefined;
  try {
    stat = io.lstatSync(folder);
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
  }
  if (stat?.isSymbolicLink())
    throw new JournalWriteError(
      `${folder} is a symbolic link: the journal is written only into a real ${basename(folder)} folder beside the runbook`,
    );
  if (stat && !stat.isDirectory()) throw new JournalWriteError(`${folder} is not a folder`);
  if (stat) return;
  io.mkdirSync(folder, { recursive: true });
  syncFolder(dirname(folder), io);
}

/** Opens the journal without following a link; true in `created` when this call made the file. */
function openJournal(path: string, io: JournalIo): { fd: number; created: boolean } {
  try {
    try {
      return { fd: io.openSync(path, OPEN_FLAGS | O_CREAT | O_EXCL, 0o644), created: true };
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
      return { fd: io.openSync(path, OPEN_FLAGS), created: false };
    }
  } catch (error) {
    if (code(error) === 'ELOOP')
      throw new JournalWriteError(`${path} is a symbolic link: the journal is never written through a link`);
    throw error;
  }
}

/** Writes every byte or throws: a short write is continued, a write of nothing is a full disk. */
function writeAll(fd: number, data: Buffer, io: JournalIo): void {
  for (let done = 0; done < data.length;) {
    const written = io.writeSync(fd, data, done, data.length - done);
    if (written <= 0) throw new JournalWriteError('the disk accepted no more bytes (is it full?)');
    done += written;
  }
}

/**
 * Writes a file the product makes in `.smdr` (the drill report) whole, replacing what was there but
 * never writing through a link planted in its place.
 */
export function writeOwnFile(path: string, text: string): void {
  let fd: number;
  try {
    fd = fs.openSync(
      path,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | O_NOFOLLOW | O_NONBLOCK,
      0o644,
    );
  } catch (error) {
    if (code(error) === 'ELOOP')
      throw new JournalWriteError(`${path} is a symbolic link: it is never written through`);
    throw error;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new JournalWriteError(`${path} is not a regular file`);
    writeAll(fd, Buffer.from(text), fs);
  } finally {
    fs.closeSync(fd);
  }
}

export function appendEntry(path: string, entry: JournalEntry, io: JournalIo = fs): void {
  journalFolder(dirname(path), io);
  const { fd, created } = openJournal(path, io);
  let size: number | undefined;
  try {
    const stat = io.fstatSync(fd);
    if (!stat.isFile()) throw new JournalWriteError(`${path} is not a regular file`);
    size = stat.size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      io.readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeAll(fd, Buffer.from(prefix + serializeEntry(entry)), io);
    io.fsyncSync(fd);
  } catch (error) {
    // What a failed write left would be a torn entry that the next append closes off as garbage.
    if (size !== undefined) {
      try {
        io.ftruncateSync(fd, size);
      } catch {
        // The error that matters is the write's; the reader skips a torn line with a warning anyway.
      }
    }
    throw error;
  } finally {
    io.closeSync(fd);
  }
  if (created) syncFolder(dirname(path), io);
}

/**
 * How the CLI reads what it is given. Runbooks named on the command line are read as given; folders
 * are searched for *.runbook.md, following a link only when it stays inside the folder searched.
 * Only regular files are read, up to a size limit: a FIFO would hang the read, a device never end.
 */
import * as fs from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { UsageError } from './usage';

const SKIPPED = new Set(['node_modules', '.git', '.smdr']);
/** Far above any runbook (the fuzz tests edit 10 MB ones), far below what would exhaust memory. */
export const MAX_RUNBOOK_BYTES = 16 * 1024 * 1024;

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const messages: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a folder',
    ENOTDIR: 'not a folder',
    ELOOP: 'too many symbolic links',
  };
  return (code && messages[code]) ?? (error instanceof Error ? error.message : String(error));
}

function tooLarge(file: string, limit: number): UsageError {
  return new UsageError(`${file} is larger than ${limit / 1024 / 1024} MiB: it is not read as a runbook`);
}

/** Reads to the end, but never more than `limit` bytes: a file can grow while it is read. */
function readAll(fd: number, file: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // Not zero-filled (only the bytes read are kept): a zeroed 1 MiB per read cost more than the reading.
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > limit) throw tooLarge(file, limit);
    chunks.push(chunk.subarray(0, read));
  }
}

/**
 * A runbook's text: a regular file of at most `limit` bytes, decoded as UTF-8 without its byte
 * order mark (which would hide the front matter's first `---`).
 */
export function readRunbookFile(file: string, limit = MAX_RUNBOOK_BYTES): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeIoError(error)}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`cannot read ${file}: is a folder`);
    if (!stat.isFile())
      throw new UsageError(`cannot read ${file}: not a regular file (a FIFO, a device or a socket)`);
    if (stat.size > limit) throw tooLarge(file, limit);
    return new TextDecoder('utf-8').decode(readAll(fd, file, limit));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${describeIoError(error)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The runbooks named by `paths`; `skipped` hears of each link not followed. A folder with none is an error. */
export function runbookFiles(paths: readonly string[], skipped: (message: string) => void): string[] {
  return paths.flatMap((path) => {
    let stat;
    try {
      stat = fs.statSync(path);
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${describeIoError(error)}`);
    }
    if (!stat.isDirectory()) return [path];
    const found = walk(path, fs.realpathSync(path), new Set(), skipped);
    if (found.length === 0) throw new UsageError(`no *.runbook.md in ${path}`);
    return found;
  });
}

function inside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function walk(folder: string, root: string, seen: Set<string>, skipped: (message: string) => void): string[] {
  let entries: fs.Dirent[];
  try {
    // Each folder is searched once, however many links lead to it (a loop among them, say).
    const real = fs.realpathSync(folder);
    if (seen.has(real)) return [];
    seen.add(real);
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read the folder ${folder}: ${describeIoError(error)}`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    let kind: 'folder' | 'file' | undefined = entry.isDirectory()
      ? 'folder'
      : entry.isFile()
        ? 'file'
        : undefined;
    if (entry.isSymbolicLink()) {
      let real: string;
      try {
        real = fs.realpathSync(path);
      } catch {
        skipped(`${path}: a link to nothing; skipped`);
        return [];
      }
      if (!inside(root, real)) {
        skipped(`${path}: a link out of ${root}; not followed`);
        return [];
      }
      const target = fs.statSync(real);
      kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : undefined;
    }
    if (kind === 'folder') return SKIPPED.has(entry.name) ? [] : walk(path, root, seen, skipped);
    return kind === 'file' && entry.name.toLowerCase().endsWith('.runbook.md') ? [path] : [];
  });
}

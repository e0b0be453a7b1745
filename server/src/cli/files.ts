/** Finds the runbooks named on the command line: files as given, folders searched for *.runbook.md. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './usage';

const SKIPPED = new Set(['node_modules', '.git', '.smdr']);

export function runbookFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${describeIoError(error)}`);
    }
    return stat.isDirectory() ? walk(path) : [path];
  });
}

function walk(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : walk(path);
    return entry.isFile() && entry.name.toLowerCase().endsWith('.runbook.md') ? [path] : [];
  });
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const messages: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EISDIR: 'is a folder',
    ENOTDIR: 'not a folder',
  };
  return (code && messages[code]) ?? (error instanceof Error ? error.message : String(error));
}

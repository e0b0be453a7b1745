/**
 * Key files, backup files and the management pack folder. A path this machine cannot reach (a UNC
 * path off Windows, a share that does not answer in time, access denied) is "unreachable", which the
 * views show as unknown, never as missing.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileFacts } from './facts';

const UNC = /^[\\/]{2}[^\\/]+[\\/]/;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' })),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function probeFile(
  path: string,
  timeoutMs: number,
  platform = process.platform,
): Promise<FileFacts> {
  if (UNC.test(path) && platform !== 'win32')
    return { path, state: 'unreachable', reason: 'a UNC path, and this machine is not Windows' };
  try {
    const info = await withTimeout(stat(path), timeoutMs);
    if (!info.isDirectory())
      return { path, state: 'present', size: info.size, modified: info.mtime.toISOString() };
    const entries = await withTimeout(readdir(path, { withFileTypes: true }), timeoutMs);
    let newest: Date | undefined;
    let files = 0;
    for (const entry of entries.filter((e) => e.isFile())) {
      files++;
      const mtime = (await withTimeout(stat(join(path, entry.name)), timeoutMs)).mtime;
      if (!newest || mtime > newest) newest = mtime;
    }
    return {
      path,
      state: 'present',
      isFolder: true,
      files,
      newest: newest?.toISOString(),
      modified: info.mtime.toISOString(),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, state: 'missing' };
    return {
      path,
      state: 'unreachable',
      reason: code === 'ETIMEDOUT' ? (error as Error).message : (code ?? String(error)),
    };
  }
}

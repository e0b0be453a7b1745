/** Running the built CLI against the loopback endpoint, and writing the job VS Code would confirm. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import type { SqlJob } from '../../server/src/cli/sqlAccess';
import type { SqlTarget } from '../../server/src/live/sqlTarget';

export const CLI = join(ROOT, 'dist', 'cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onLine` sees each stdout line as it arrives, and the process (to signal it). */
export function smdr(
  args: string[],
  env: Record<string, string | undefined>,
  onLine?: (line: string, child: ChildProcess) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      text
        .split('\n')
        .filter(Boolean)
        .forEach((line) => onLine?.(line, child));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The endpoint on loopback as a job's target: SQL login `smdr`, unencrypted. */
export function loopbackTarget(port: number): SqlTarget {
  return {
    instance: 'LABSQL01',
    host: '127.0.0.1',
    port,
    browserInstance: null,
    authentication: 'sql',
    user: 'smdr',
    domain: null,
    encrypt: false,
    trustServerCertificate: false,
  };
}

/** A job file as the extension writes it, and its SHA-256 for --sha256. */
export function writeJob(job: SqlJob): { path: string; sha256: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'smdr-job-')), 'job.json');
  const text = JSON.stringify(job);
  writeFileSync(path, text);
  return { path, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), typing `input`: what an operator at the
 * integrated terminal sees and answers. Output is the terminal's (prompts and echo included). A
 * run still waiting after `timeoutMs` is killed (exit code null).
 */
export function smdrInTerminal(
  args: string[],
  env: Record<string, string | undefined>,
  input: string,
  timeoutMs = 30_000,
): Promise<Run> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.write(input);
    // A question left waiting for more input must fail the test, not hang it.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}

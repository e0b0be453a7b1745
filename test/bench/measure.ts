/**
 * What the benchmarks measure with: CPU time from /proc (a running process's own, or a finished
 * child's through the shell that waited for it), and the median and spread of repeated figures.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One clock tick of /proc/<pid>/stat's CPU times (USER_HZ is 100 on Linux). */
const TICK_MS = 10;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time of a running process so far, all its threads, in ms: the sum of each thread's time on a CPU
 * in /proc/<pid>/task/<tid>/schedstat (nanoseconds; /proc/<pid>/stat counts 10 ms ticks, too coarse for
 * one keystroke). Node's threads (main, GC helpers, libuv pool) live as long as the process.
 */
export function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read: its time is gone with it.
    }
  }
  return ns / 1e6;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export interface ChildRun {
  wallMs: number;
  /** User + system CPU of the child and everything it waited for, in ms (10 ms resolution). */
  cpuMs: number;
  status: number;
}

/**
 * Runs `command args` through sh, which prints its own /proc stat once the child has ended: cutime and
 * cstime there are the CPU of the children it waited for. Output is discarded.
 */
export function runChild(command: string, args: string[], cwd?: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'sh',
      ['-c', '"$@" >/dev/null 2>&1; code=$?; cat /proc/$$/stat; exit $code', 'sh', command, ...args],
      {
        cwd,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stat = '';
    child.stdout.on('data', (chunk: Buffer) => (stat += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = performance.now() - started;
      const fields = statFields(stat.trim());
      // cutime and cstime are fields 16 and 17 of stat(5), 14 and 15 after the name.
      resolve({ wallMs, cpuMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS, status: status ?? -1 });
    });
  });
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** `12.3 (10.1–15.0)`: the median and the smallest and largest value. */
export function spread(values: readonly number[], digits = 1): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
}

/**
 * A helper process spoken to in JSON lines: one request per line on its stdin, one answer per line on
 * its stdout, matched by `id`. Every request has a timeout; a helper that misses one is killed, since
 * whatever it answers next can no longer be trusted, and every request still waiting fails with it.
 * Requests are written as ASCII JSON (\u escapes), so a console's code page cannot garble them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A request the helper did not answer in time (the helper is killed). */
export class TimeoutError extends Error {}

export interface Answer {
  id: number;
}

interface Waiting {
  resolve: (answer: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** JSON with every character outside printable ASCII written as a \u escape. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export class JsonLinesProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private stderr = '';
  private failure: Error | undefined;

  constructor(
    readonly command: string,
    args: readonly string[],
    private readonly timeoutMs: number,
  ) {
    // Its own process group off Windows, so that closing it ends what it started too: PowerShell
    // installed as a .NET tool is a launcher that runs `dotnet pwsh.dll` as its child.
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      detached: process.platform !== 'win32',
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.answer(line));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-1000);
    });
    // A write to a helper that just died fails with EPIPE; its exit reports why.
    this.child.stdin!.on('error', () => undefined);
    this.child.on('error', (error) => this.fail(error));
    this.child.on('exit', (code, signal) =>
      this.fail(
        new Error(
          `${command} exited (${signal ?? `code ${code}`})${this.stderr.trim() ? `: ${this.stderr.trim()}` : ''}`,
        ),
      ),
    );
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  request<A extends Answer>(body: object): Promise<A> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<A>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new TimeoutError(`${this.command} did not answer within ${this.timeoutMs} ms`));
        this.close();
      }, this.timeoutMs);
      this.waiting.set(id, { resolve: resolve as (answer: unknown) => void, reject, timer });
      this.child.stdin!.write(`${asciiJson({ ...body, id })}\n`);
    });
  }

  /** SIGKILL: a helper holds no state worth a graceful exit, and one stuck in a read may ignore SIGTERM. */
  close(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const pid = this.child.pid;
    if (process.platform !== 'win32' && pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL'); // the whole group: the launcher and the PowerShell it runs
        return;
      } catch {
        // the group is gone already: kill the child alone below
      }
    }
    this.child.kill('SIGKILL');
  }

  private answer(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return; // not an answer (a banner, a warning): only answers are JSON lines
    }
    const id = (parsed as Partial<Answer> | null)?.id;
    const waiting = typeof id === 'number' ? this.waiting.get(id) : undefined;
    if (!waiting) return;
    this.waiting.delete(id!);
    clearTimeout(waiting.timer);
    waiting.resolve(parsed);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const { reject, timer } of this.waiting.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.waiting.clear();
  }
}

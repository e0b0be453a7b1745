/**
 * SMDR318, the process half: finds a PowerShell on this machine and parses PowerShell blocks with it.
 * The language server keeps one helper process (started on first use, started again after it dies or
 * misses a timeout, killed on dispose) and caches each block's result by content hash; `smdr check`
 * parses every block of a run in one process. Neither ever runs a block: the helper only parses.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { errorsOf, HOST_SCRIPT, type SyntaxError } from './host';
import { asciiJson, JsonLinesProcess, TimeoutError } from './jsonLines';
import type { SyntaxLookup } from './syntax';

/** The arguments that start the helper: no profile, no prompt, the script as -EncodedCommand (UTF-16LE, base64). */
const HOST_ARGS: readonly string[] = [
  '-NoLogo',
  '-NoProfile',
  '-NonInteractive',
  '-EncodedCommand',
  Buffer.from(HOST_SCRIPT, 'utf16le').toString('base64'),
];

/** Blocks longer than this are not parsed (no diagnostic rather than a stalled helper). */
const MAX_TEXT = 200_000;
/** Helper failures in a row after which the check stops until the server restarts. */
const MAX_FAILURES = 3;
const CACHE_SIZE = 2_000;

export type Found = { path: string; reason?: undefined } | { path?: undefined; reason: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The setting's path, else `pwsh` on PATH, else Windows PowerShell on Windows. Only absolute PATH
 * entries are searched: a relative one would find a `pwsh` planted in the opened workspace.
 */
export function findPowerShell(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Found {
  if (configured)
    return isExecutable(configured)
      ? { path: configured }
      : { reason: `smdr.powershell.path (${configured}) is not an executable file` };
  const windows = platform === 'win32';
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  const candidates = (windows ? ['pwsh.exe', 'powershell.exe'] : ['pwsh']).flatMap((name) =>
    dirs.map((dir) => join(dir, name)),
  );
  if (windows && env.SystemRoot)
    candidates.push(join(env.SystemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
  const path = candidates.find(isExecutable);
  return path
    ? { path }
    : {
        reason: `no PowerShell found (pwsh${windows ? ' or powershell.exe' : ''} on PATH, or smdr.powershell.path)`,
      };
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

export class PowerShellChecker {
  private helper: JsonLinesProcess | undefined;
  private readonly results = new Map<string, readonly SyntaxError[]>();
  private failures = 0;

  constructor(
    readonly executable: string,
    private readonly log: (message: string) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  readonly lookup: SyntaxLookup = (text) => this.results.get(hash(text));

  /** Parses the texts whose result is not known yet; true when something new became known. */
  async parse(texts: readonly string[]): Promise<boolean> {
    const missing = [...new Set(texts)].filter((t) => t.length <= MAX_TEXT && !this.results.has(hash(t)));
    if (missing.length === 0 || this.failures >= MAX_FAILURES) return false;
    const outcomes = await Promise.allSettled(missing.map((text) => this.parseOne(text)));
    return outcomes.some((o) => o.status === 'fulfilled');
  }

  dispose(): void {
    this.helper?.close();
    this.helper = undefined;
  }

  private async parseOne(text: string): Promise<void> {
    try {
      const errors = errorsOf(await this.ask(text), text.length);
      if (!errors) throw new Error(`${this.executable} gave an answer that is not a parse result`);
      this.results.set(hash(text), errors);
      if (this.results.size > CACHE_SIZE) this.results.delete(this.results.keys().next().value!);
      this.failures = 0;
    } catch (error) {
      if (this.failures >= MAX_FAILURES) throw error;
      this.failures++;
      this.log(
        `smdr: the PowerShell syntax check failed: ${(error as Error).message}${this.failures >= MAX_FAILURES ? '; SMDR318 is off until the server restarts' : ''}`,
      );
      throw error;
    }
  }

  /** A helper that died since the last request (killed, crashed) is replaced, once, before giving up. */
  private async ask(text: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      if (!this.helper?.alive) this.helper = new JsonLinesProcess(this.executable, HOST_ARGS, this.timeoutMs);
      const helper = this.helper;
      try {
        return await helper.request({ text });
      } catch (error) {
        if (attempt > 0 || error instanceof TimeoutError || helper.alive) throw error;
      }
    }
  }
}

/**
 * Parses every text in one PowerShell process (`smdr check`): a lookup of the results, or why there
 * are none.
 */
export function parseAll(
  executable: string,
  texts: readonly string[],
  timeoutMs = 60_000,
): { lookup: SyntaxLookup; problem?: undefined } | { lookup?: undefined; problem: string } {
  const unique = [...new Set(texts)].filter((t) => t.length <= MAX_TEXT);
  const results = new Map<string, readonly SyntaxError[]>();
  const lookup: SyntaxLookup = (text) => results.get(text);
  if (unique.length === 0) return { lookup };
  const run = spawnSync(executable, HOST_ARGS, {
    input: unique.map((text, i) => `${asciiJson({ id: i + 1, text })}\n`).join(''),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    windowsHide: true,
  });
  if (run.error) return { problem: `${executable} failed: ${run.error.message}` };
  for (const line of run.stdout.split('\n')) {
    let answer: { id?: unknown };
    try {
      answer = JSON.parse(line) as { id?: unknown };
    } catch {
      continue;
    }
    const text = typeof answer.id === 'number' ? unique[answer.id - 1] : undefined;
    const errors = text === undefined ? undefined : errorsOf(answer, text.length);
    if (text !== undefined && errors) results.set(text, errors);
  }
  if (results.size < unique.length)
    return {
      problem: `${executable} answered ${results.size} of ${unique.length} blocks: ${run.stderr.trim()}`,
    };
  return { lookup };
}

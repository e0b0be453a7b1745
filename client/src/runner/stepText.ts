/**
 * The exact text a step runs, in one place: what goes into its script file, the job a T-SQL step hands
 * `smdr sql`, and the line typed into the terminal. The runner writes these and the Show Command
 * preview shows them, so what is previewed is what runs (no second rendering). Pure: no file is
 * written here.
 */
import * as path from 'node:path';
import type { Tools } from './executables';
import {
  powershellString,
  shellString,
  type PlannedStep,
  type SqlJob,
  type SqlTarget,
} from '../../../server/src/api';

/** How to start the bundled `smdr` CLI for T-SQL steps: the extension host's own Node and dist/cli.js. */
export interface Cli {
  node: string;
  script: string;
}

export const EXTENSIONS = { powershell: 'ps1', sh: 'sh', tsql: 'sql' } as const;

/** Whether the terminal's shell (a path: the runner's own choice, executables.ts) is PowerShell: on Windows it is. */
export function isPowerShell(shell: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' || /^(?:pwsh|powershell)(?:-preview)?(?:\.exe)?$/i.test(path.basename(shell));
}

/**
 * What a PowerShell or sh step's script file holds, byte for byte. Windows PowerShell 5.1 reads a
 * .ps1 without a byte order mark in the ANSI code page, where the UTF-8 bytes of ő or Б include ‘
 * and ’, which end a single-quoted string: the BOM makes it UTF-8.
 */
export function scriptContent(step: PlannedStep): string {
  const bom = step.language === 'powershell' ? '\uFEFF' : '';
  return `${bom}${step.command!}\n`;
}

/**
 * The job of a T-SQL step: its statement as planned, the database, the target it runs against, where
 * its password is handed over, and whether the operator agreed to send the login unencrypted.
 */
export function sqlJob(
  step: PlannedStep,
  target: SqlTarget,
  handoff: SqlJob['handoff'],
  allowUnencrypted: boolean,
): SqlJob {
  return {
    v: 1,
    title: step.title,
    kind: step.kind,
    statement: step.command!,
    database: step.database ?? 'master',
    target,
    handoff,
    allowUnencrypted,
  };
}

/**
 * Where the line is typed: the platform, the terminal's shell (an absolute path: the runner creates the
 * terminal with it), whether commands are only printed, and the programs the line starts.
 */
export interface Terminal {
  platform: NodeJS.Platform;
  shell: string;
  dryRun: boolean;
  tools: Tools;
}

/** An absolute path, or why the step cannot be started. */
function need(file: string | null, name: string): string {
  if (file === null)
    throw new Error(
      `${name} was not found in an absolute folder of PATH, and a step's terminal starts programs only by their full path`,
    );
  return file;
}

/**
 * The line typed into the terminal to run `script`, the step's file (a job file, with its SHA-256, for
 * a T-SQL step that is not a dry run), quoted for the terminal's shell, every program by its absolute
 * path: PowerShell reads a line that begins with a quoted path as a string, not a command, so there
 * the line is `& '...'`. Throws when a program the step needs was not found.
 */
export function terminalLine(
  language: NonNullable<PlannedStep['language']>,
  script: string,
  terminal: Terminal,
  cli: Cli,
  sha256?: string,
): string {
  const { platform, dryRun, tools } = terminal;
  const powershell = isPowerShell(terminal.shell, platform);
  const quote = powershell ? powershellString : shellString;
  const call = (program: string, rest: string) => `${powershell ? '& ' : ''}${quote(program)} ${rest}`;
  if (language === 'tsql' && !dryRun)
    return call(cli.node, `${quote(cli.script)} sql --job ${quote(script)} --sha256 ${sha256}`);
  if (dryRun)
    return platform === 'win32' && powershell
      ? `Get-Content -LiteralPath ${quote(script)}`
      : call(need(tools.cat, 'cat'), quote(script));
  // bash, the shell whose grammar judged where the block's placeholders stand (dash reads $'...' otherwise).
  if (language === 'sh') return call(need(tools.bash, 'bash'), quote(script));
  const options = platform === 'win32' ? '-NoProfile -ExecutionPolicy Bypass' : '-NoProfile';
  return call(
    need(tools.powershell, platform === 'win32' ? 'Windows PowerShell' : 'pwsh'),
    `${options} -File ${quote(script)}`,
  );
}

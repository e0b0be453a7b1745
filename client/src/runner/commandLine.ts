/**
 * What is typed into the terminal for a step: the step's command goes to a script file, and the
 * terminal runs that file. Script files live in one folder the product owns (the extension's own
 * storage, never a folder of the repository, which could plant a symlink there), under a random name
 * created exclusively (never following a symlink), readable by this user only: nothing of the runbook
 * (a step kind, a title) names a path. Paths are quoted with the same quoting module as every
 * command, for the terminal's shell (Windows PowerShell on Windows, bash elsewhere: the runner
 * creates the terminal with it, never the default profile; executables.ts): PowerShell reads a line
 * that begins with a quoted path as a string, not a command, and quotes differently (`''`, and U+2018-U+201B are quotes too), so there the line is `& '...'`
 * in PowerShell's quoting. A T-SQL step runs through `smdr sql --job`, with the exact statement and
 * target that were confirmed and the SHA-256 of that job on the line.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { PlannedStep, SqlJob } from '../../../server/src/api';
import { EXTENSIONS, scriptContent, terminalLine, type Cli, type Terminal } from './stepText';

export { isPowerShell, type Cli } from './stepText';

export interface CommandLine {
  line: string;
  script: string;
}

/**
 * `folder`, created when missing, when it is a real folder (not a symlink) of this user that no one
 * else can enter; an error otherwise.
 */
export function privateFolder(folder: string): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = lstatSync(folder);
  if (!stat.isDirectory())
    throw new Error(`${folder} is not a folder (a symlink?): no script is written there`);
  if (process.platform !== 'win32') {
    if (stat.uid !== process.getuid?.())
      throw new Error(`${folder} belongs to another user: no script is written there`);
    if (stat.mode & 0o077) chmodSync(folder, 0o700);
  }
  return folder;
}

/** Writes a new file under a random name, failing rather than following or replacing anything already there. */
function writeNew(folder: string, extension: string, content: string): string {
  const file = path.join(folder, `${randomUUID()}.${extension}`);
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * The script of `step` in `folder` and the line that runs it in `terminal`. A T-SQL step (not in a dry
 * run) needs `job`: the statement, target and handoff that were confirmed. The texts come from
 * `stepText.ts`, which the Show Command preview shows.
 */
export function commandLineFor(
  folder: string,
  step: PlannedStep,
  terminal: Terminal,
  cli: Cli,
  job?: SqlJob,
): CommandLine {
  const language = step.language!;
  if (language === 'tsql' && !terminal.dryRun) {
    if (!job) throw new Error('a T-SQL step runs only with its confirmed target');
    const text = JSON.stringify(job);
    const script = writeNew(folder, 'json', text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    return { script, line: terminalLine(language, script, terminal, cli, sha256) };
  }
  const script = writeNew(folder, EXTENSIONS[language], scriptContent(step));
  return { script, line: terminalLine(language, script, terminal, cli) };
}

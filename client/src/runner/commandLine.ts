/**
 * What is typed into the terminal for a step: the step's command goes to a script file under
 * `.smdr/run/` (commands never hold secrets), and the terminal runs that file. Paths are quoted for the
 * terminal's shell with the same quoting module as every command. T-SQL steps run through `smdr sql`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PlannedStep } from '../../../server/src/commands/plan';
import { powershellString, shellString } from '../../../server/src/commands/quote';

export interface CommandLine {
  line: string;
  script: string;
}

/** How to start the bundled `smdr` CLI for T-SQL steps: the extension host's own Node and dist/cli.js. */
export interface Cli {
  node: string;
  script: string;
}

const EXTENSIONS = { powershell: 'ps1', sh: 'sh', tsql: 'sql' } as const;

export function commandLineFor(
  runbookPath: string,
  scenarioLine: number,
  step: PlannedStep,
  dryRun: boolean,
  cli: Cli,
  platform = process.platform,
): CommandLine {
  const language = step.language!;
  const folder = path.join(path.dirname(runbookPath), '.smdr', 'run');
  mkdirSync(folder, { recursive: true });
  const script = path.join(
    folder,
    `${path.basename(runbookPath, '.runbook.md')}-${scenarioLine}-${step.line}-${step.kind}.${EXTENSIONS[language]}`,
  );
  writeFileSync(script, `${step.command!}\n`);
  const quote = platform === 'win32' ? powershellString : shellString;
  if (dryRun)
    return {
      script,
      line: platform === 'win32' ? `Get-Content -LiteralPath ${quote(script)}` : `cat ${quote(script)}`,
    };
  if (language === 'sh') return { script, line: `sh ${quote(script)}` };
  if (language === 'powershell') {
    const shell = platform === 'win32' ? 'powershell -NoProfile -ExecutionPolicy Bypass' : 'pwsh -NoProfile';
    return { script, line: `${platform === 'win32' ? '& ' : ''}${shell} -File ${quote(script)}` };
  }
  // T-SQL runs through `smdr sql`, which reads the step from the runbook itself; the password comes
  // from the terminal's environment (SMDR_SQL_PASSWORD), never from this line.
  const call = `${quote(cli.node)} ${quote(cli.script)} sql ${quote(runbookPath)} --line ${step.line}`;
  return { script, line: platform === 'win32' ? `& ${call}` : call };
}

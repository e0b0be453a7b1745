import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandLineFor } from '../../client/src/runner/commandLine';
import type { PlannedStep } from '../../server/src/commands/plan';

const folder = mkdtempSync(join(tmpdir(), "smdr it's-"));
const runbook = join(folder, 'lab.runbook.md');
const cli = { node: '/opt/node/bin/node', script: '/ext/dist/cli.js' };
const step = (language: PlannedStep['language'], command: string): PlannedStep => ({
  kind: 'custom',
  title: 'T',
  line: 12,
  server: 'SQL01',
  language,
  command,
  database: null,
  generated: false,
  destructive: false,
  error: null,
  target: null,
});

describe('terminal command lines', () => {
  it('runs sh and PowerShell steps from a script file, the path quoted for the shell', () => {
    const sh = commandLineFor(runbook, 5, step('sh', 'echo hi'), false, cli, 'linux');
    assert.equal(readFileSync(sh.script, 'utf8'), 'echo hi\n');
    assert.equal(sh.line, `sh '${sh.script.replace(/'/g, "'\\''")}'`);
    const ps = commandLineFor(runbook, 5, step('powershell', 'Get-Service'), false, cli, 'win32');
    assert.equal(
      ps.line,
      `& powershell -NoProfile -ExecutionPolicy Bypass -File '${ps.script.replace(/'/g, "''")}'`,
    );
    assert.match(
      commandLineFor(runbook, 5, step('powershell', 'x'), false, cli, 'linux').line,
      /^pwsh -NoProfile -File '/,
    );
  });

  it('runs T-SQL steps through smdr sql, with no secret on the line', () => {
    const sql = commandLineFor(runbook, 5, step('tsql', 'EXEC x'), false, cli, 'linux');
    assert.equal(
      sql.line,
      `'/opt/node/bin/node' '/ext/dist/cli.js' sql '${runbook.replace(/'/g, "'\\''")}' --line 12`,
    );
    assert.doesNotMatch(sql.line, /PASSWORD|password/);
  });

  it('prints the command instead of running it in a dry run', () => {
    assert.match(commandLineFor(runbook, 5, step('sh', 'rm -rf /tmp/x'), true, cli, 'linux').line, /^cat '/);
    assert.match(
      commandLineFor(runbook, 5, step('powershell', 'x'), true, cli, 'win32').line,
      /^Get-Content -LiteralPath '/,
    );
  });
});

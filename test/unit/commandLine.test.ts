import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { commandLineFor, isPowerShell, privateFolder } from '../../client/src/runner/commandLine';
import type { SqlJob } from '../../server/src/cli/sqlAccess';
import type { PlannedStep } from '../../server/src/stepScripts/plan';
import { pwshTool } from '../tools/dotnetTools';
import { plannedStep } from './plannedSamples';
import { terminalOn } from './terminalSamples';

const base = mkdtempSync(join(tmpdir(), "smdr it's-"));
const folder = privateFolder(join(base, 'storage', 'run'));
const cli = { node: '/opt/node/bin/node', script: '/ext/dist/cli.js' };
const step = (language: PlannedStep['language'], command: string, kind = 'custom'): PlannedStep =>
  plannedStep({ kind, language, command, server: 'SQL01' });
const job: SqlJob = {
  v: 1,
  title: 'T',
  kind: 'enable-clr',
  statement: 'EXEC x',
  database: 'master',
  target: {
    instance: 'SQL01',
    host: 'sql01',
    port: null,
    browserInstance: null,
    authentication: 'sql',
    user: 'u',
    domain: null,
    encrypt: true,
    trustServerCertificate: false,
  },
  handoff: { address: '/tmp/s', token: 'ab' },
  allowUnencrypted: false,
};

describe('terminal command lines', () => {
  it('runs sh and PowerShell steps from a script file, the path quoted for the shell', () => {
    const sh = commandLineFor(folder, step('sh', 'echo hi'), terminalOn('linux', false), cli);
    assert.equal(readFileSync(sh.script, 'utf8'), 'echo hi\n');
    assert.equal(sh.line, `'/bin/bash' '${sh.script.replace(/'/g, "'\\''")}'`);
    const ps = commandLineFor(folder, step('powershell', 'Get-Service'), terminalOn('win32', false), cli);
    // A byte order mark, so that Windows PowerShell 5.1 reads the script as UTF-8.
    assert.equal(readFileSync(ps.script, 'utf8'), '\uFEFFGet-Service\n');
    assert.equal(
      ps.line,
      `& 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' -NoProfile -ExecutionPolicy Bypass -File '${ps.script.replace(/'/g, "''")}'`,
    );
    assert.match(
      commandLineFor(folder, step('powershell', 'x'), terminalOn('linux', false), cli).line,
      /^'\/usr\/bin\/pwsh' -NoProfile -File '/,
    );
  });

  it('names scripts itself, in its own folder, whatever the step kind says', () => {
    const kinds = fc.oneof(
      fc.string(),
      fc.constantFrom('/../../../tmp/x', '../../x', 'a/b', '..', '\u0000', 'C:\\Windows\\x', '~/.bashrc'),
    );
    fc.assert(
      fc.property(kinds, (kind) => {
        const { script } = commandLineFor(folder, step('sh', 'true', kind), terminalOn('linux', false), cli);
        assert.equal(dirname(script), folder);
        assert.match(script.slice(folder.length + 1), /^[0-9a-f-]{36}\.sh$/);
        assert.equal(lstatSync(script).mode & 0o777, 0o600);
      }),
      { numRuns: 200 },
    );
    assert.ok(!existsSync('/tmp/x.sh') || lstatSync('/tmp/x.sh').mtimeMs < Date.now() - 60_000);
  });

  it('writes into no folder that is a symlink, and makes its folder private', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'smdr-elsewhere-'));
    const planted = join(base, 'planted');
    symlinkSync(elsewhere, planted);
    assert.throws(() => privateFolder(planted), /not a folder \(a symlink\?\)/);
    assert.deepEqual(readdirSync(elsewhere), []);
    const open = join(base, 'open');
    mkdirSync(open, { mode: 0o777 });
    privateFolder(open);
    assert.equal(lstatSync(open).mode & 0o777, 0o700);
  });

  it('runs T-SQL steps through smdr sql --job, the SHA-256 of the confirmed job on the line, no secret', () => {
    const sql = commandLineFor(folder, step('tsql', 'EXEC x'), terminalOn('linux', false), cli, job);
    const text = readFileSync(sql.script, 'utf8');
    assert.deepEqual(JSON.parse(text), job);
    const sha256 = createHash('sha256').update(text).digest('hex');
    assert.equal(
      sql.line,
      `'/opt/node/bin/node' '/ext/dist/cli.js' sql --job '${sql.script.replace(/'/g, "'\\''")}' --sha256 ${sha256}`,
    );
    assert.doesNotMatch(sql.line, /PASSWORD|password|ab\b/);
    assert.throws(() => commandLineFor(folder, step('tsql', 'EXEC x'), terminalOn('linux', false), cli));
  });

  it('prints the command instead of running it in a dry run', () => {
    assert.match(
      commandLineFor(folder, step('sh', 'rm -rf /tmp/x'), terminalOn('linux', true), cli).line,
      /^'\/usr\/bin\/cat' '/,
    );
    const sql = commandLineFor(folder, step('tsql', 'EXEC x'), terminalOn('linux', true), cli);
    assert.equal(readFileSync(sql.script, 'utf8'), 'EXEC x\n');
    assert.match(
      commandLineFor(folder, step('powershell', 'x'), terminalOn('win32', true), cli).line,
      /^Get-Content -LiteralPath '/,
    );
  });

  it("quotes for a pwsh terminal when pwsh is VS Code's default shell elsewhere than Windows", () => {
    for (const shell of [
      '/usr/bin/pwsh',
      '/home/o/.dotnet/tools/pwsh',
      '/opt/microsoft/powershell/7-preview/pwsh-preview',
      'PowerShell',
    ])
      assert.ok(isPowerShell(shell, 'linux'), shell);
    for (const shell of ['/bin/bash', '/usr/bin/zsh', '', '/opt/pwsh/bash', '/bin/pwshx'])
      assert.ok(!isPowerShell(shell, 'linux'), shell);
    assert.ok(isPowerShell('', 'win32'));
    const pwsh = '/usr/bin/pwsh';
    const sql = commandLineFor(folder, step('tsql', 'EXEC x'), terminalOn('linux', false, pwsh), cli, job);
    const sha256 = createHash('sha256').update(readFileSync(sql.script, 'utf8')).digest('hex');
    assert.equal(
      sql.line,
      `& '/opt/node/bin/node' '/ext/dist/cli.js' sql --job '${sql.script.replace(/'/g, "''")}' --sha256 ${sha256}`,
    );
    const sh = commandLineFor(folder, step('sh', 'echo hi'), terminalOn('linux', false, pwsh), cli);
    assert.equal(sh.line, `& '/bin/bash' '${sh.script.replace(/'/g, "''")}'`);
    const ps = commandLineFor(folder, step('powershell', 'x'), terminalOn('linux', false, pwsh), cli);
    assert.equal(ps.line, `& '/usr/bin/pwsh' -NoProfile -File '${ps.script.replace(/'/g, "''")}'`);
    assert.match(
      commandLineFor(folder, step('sh', 'x'), terminalOn('linux', true, pwsh), cli).line,
      /^& '\/usr\/bin\/cat' '/,
    );
  });

  // The line typed into the terminal, run by that terminal's shell, starts Node on the CLI with exactly
  // these arguments, whatever quotes, `$`, backticks or typographic quotes the paths hold.
  const tool = pwshTool();
  it('starts smdr sql with the exact paths in a bash and in a pwsh terminal', { skip: tool.skip }, () => {
    const hostile = privateFolder(join(base, "it's ‘q’ $(x) `y` $z;"));
    const echo = join(hostile, 'cli $HOME ‛.js');
    writeFileSync(echo, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const real = { node: process.execPath, script: echo };
    for (const [shell, run] of [
      ['/bin/bash', (line: string) => execFileSync('bash', ['-c', line])],
      [
        tool.path!,
        (line: string) => execFileSync(tool.path!, ['-NoProfile', '-NonInteractive', '-Command', line]),
      ],
    ] as const) {
      const sql = commandLineFor(
        hostile,
        step('tsql', 'EXEC x'),
        terminalOn('linux', false, shell),
        real,
        job,
      );
      const sha256 = createHash('sha256').update(readFileSync(sql.script, 'utf8')).digest('hex');
      assert.deepEqual(JSON.parse(run(sql.line).toString()), [
        'sql',
        '--job',
        sql.script,
        '--sha256',
        sha256,
      ]);
    }
  });
});

/** `smdr sql` with the real mssql client against the loopback TDS endpoint. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { edit, LAB } from '../helpers';
import { loopbackTarget, smdr, smdrInTerminal, writeJob } from './cliRun';
import { startEndpoint, type Endpoint } from './endpoint';
import { PasswordHandoff } from '../../client/src/runner/handoff';
import { collectPassword, type SqlJob } from '../../server/src/cli/sqlAccess';

const RUNBOOK = edit(
  LAB,
  'sql: { authentication: sql, user: smdr-reader }',
  'sql: { authentication: sql, user: smdr, encrypt: false }',
);
const RESTORE_LINE = RUNBOOK.split('\n').findIndex((l) => l.includes('{step=restore-databases}')) + 1;
const CLR_LINE = RUNBOOK.split('\n').findIndex((l) => l.includes('{step=enable-clr}')) + 1;

/** A listener that counts connections: what a job that must send nothing would reach. */
async function counting(): Promise<{ port: number; connections: () => number; close: () => void }> {
  let connections = 0;
  const listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as { port: number }).port;
  return { port, connections: () => connections, close: () => listener.close() };
}

describe('smdr sql against a TDS endpoint', () => {
  let endpoint: Endpoint;
  let file: string;
  let finish: () => void = () => undefined;

  before(async () => {
    endpoint = await startEndpoint({
      machineName: 'LABSQL01',
      instanceName: null,
      user: 'smdr',
      password: 'S3cret!',
      batches: [
        {
          match: /RESTORE DATABASE \[ServiceManager\]/,
          messages: [
            '10 percent processed.',
            '50 percent processed.',
            '100 percent processed.',
            'RESTORE DATABASE successfully processed 4242 pages in 1.234 seconds (26.8 MB/sec).',
          ],
          finishWhen: new Promise((resolve) => (finish = resolve)),
        },
        {
          match: /clr enabled/,
          error: {
            number: 15123,
            message:
              "The configuration option 'clr enabled' does not exist, or it may be an advanced option.",
          },
        },
      ],
    });
    file = join(mkdtempSync(join(tmpdir(), 'smdr-sql-')), 'lab.runbook.md');
    writeFileSync(file, RUNBOOK);
  });

  after(() => endpoint.close());

  const args = (line: number, port = endpoint.port) => [
    'sql',
    file,
    '--line',
    String(line),
    '--endpoint',
    `LABSQL01=127.0.0.1:${port}`,
    '--connect-timeout',
    '5',
    '--allow-unencrypted',
  ];

  it('runs a restore, streaming its progress while it runs', async () => {
    let sawProgressBeforeFinish = false;
    const run = await smdr(args(RESTORE_LINE), { SMDR_SQL_PASSWORD: 'S3cret!' }, (line) => {
      if (line === '10 percent processed.') {
        sawProgressBeforeFinish = true;
        finish();
      }
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(sawProgressBeforeFinish, 'progress printed before the restore finished');
    assert.match(run.stdout, /100 percent processed\.\nRESTORE DATABASE successfully processed 4242 pages/);
    const batch = endpoint.statements.find((s) => s.text.includes('RESTORE DATABASE'));
    assert.equal(
      batch?.text,
      "RESTORE DATABASE [ServiceManager] FROM DISK = N'\\\\nas01\\lab\\sql\\ServiceManager.bak' WITH RECOVERY, STATS = 10;",
    );
  });

  it('stops a running restore on Ctrl+C with an ATTENTION, and exits 130 saying what it leaves', async () => {
    const stalled = await startEndpoint({
      ...endpoint.scenario,
      batches: [
        {
          match: /RESTORE DATABASE/,
          messages: ['10 percent processed.'],
          finishWhen: new Promise<void>(() => undefined),
        },
      ],
    });
    try {
      const run = await smdr(
        args(RESTORE_LINE, stalled.port),
        { SMDR_SQL_PASSWORD: 'S3cret!' },
        (line, child) => line === '10 percent processed.' && child.kill('SIGINT'),
      );
      assert.equal(run.code, 130, run.stderr);
      assert.equal(stalled.attentions, 1);
      assert.match(run.stderr, /asking SQL Server to stop the statement/);
      assert.match(run.stderr, /leaves its database RESTORING/);
      assert.doesNotMatch(run.stdout, /: done/);
    } finally {
      await stalled.close();
    }
  });

  it('exits 1 with SQL Server error on a failing step', async () => {
    const run = await smdr(args(CLR_LINE), { SMDR_SQL_PASSWORD: 'S3cret!' });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^smdr sql: The configuration option 'clr enabled' does not exist.* \(SQL Server error 15123, line 1\)\n$/,
    );
  });

  it('exits 3 when the login is refused, naming it', async () => {
    const run = await smdr(args(CLR_LINE), { SMDR_SQL_PASSWORD: 'wrong' });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /Login failed for user 'smdr'/);
    assert.match(
      run.stderr,
      /SQL Server refused the login smdr on LABSQL01: check its password, or the login the runbook names in sql\.user and sql\.authentication\.\n$/,
    );
  });

  it('exits 1 when the instance cannot be reached', async () => {
    const run = await smdr(
      [
        'sql',
        file,
        '--line',
        String(CLR_LINE),
        '--endpoint',
        'LABSQL01=127.0.0.1:1',
        '--connect-timeout',
        '2',
        '--allow-unencrypted',
      ],
      { SMDR_SQL_PASSWORD: 'x' },
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^smdr sql: .*(ECONNREFUSED|Failed to connect)/);
    assert.match(
      run.stderr,
      /check servers\.LABSQL01\.fqdn, servers\.LABSQL01\.instance and sql\.port in the runbook, or map LABSQL01 to HOST:PORT \(smdr\.sql\.endpoints in VS Code, --endpoint on the command line\)/,
    );
  });

  it('asks the password in a terminal with the runbook login escaped, never as terminal control', async () => {
    const hostile = join(mkdtempSync(join(tmpdir(), 'smdr-sql-')), 'lab.runbook.md');
    writeFileSync(hostile, edit(RUNBOOK, 'user: smdr,', 'user: "smdr\\e]0;owned\\a\\e[2J",'));
    const run = await smdrInTerminal(
      args(CLR_LINE).map((a) => (a === file ? hostile : a)),
      { SMDR_SQL_PASSWORD: undefined },
      'S3cret!\r',
    );
    assert.match(run.stdout, /Password for smdr\\x1b\]0;owned\\x07\\x1b\[2J on LABSQL01: /);
    assert.ok(!run.stdout.includes('\u001b'), 'no escape reaches the terminal');
    assert.equal(run.code, 3, 'SQL Server refused that login (the endpoint knows smdr only)');
  });

  it('exits 2 without a password and a terminal to ask on, or on a step that is not T-SQL', async () => {
    const noPassword = await smdr(args(CLR_LINE), { SMDR_SQL_PASSWORD: undefined });
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /set SMDR_SQL_PASSWORD/);
    const powershell = await smdr(
      args(RUNBOOK.split('\n').findIndex((l) => l.includes('{step=restore-key}')) + 1),
      { SMDR_SQL_PASSWORD: 'x' },
    );
    assert.equal(powershell.code, 2);
    assert.match(powershell.stderr, /not a T-SQL step/);
  });

  it('refuses a flag that is not a whole number, before asking for anything (exit 2)', async () => {
    const flags: [string, string][] = [
      ['--line', 'abc'],
      ['--connect-timeout', '1e3'],
      ['--request-timeout', 'ten'],
    ];
    for (const [flag, value] of flags) {
      const bad = [...args(CLR_LINE)];
      const at = bad.indexOf(flag);
      if (at >= 0) bad[at + 1] = value;
      else bad.push(flag, value);
      const run = await smdr(bad, { SMDR_SQL_PASSWORD: undefined });
      assert.equal(run.code, 2, `${flag} ${value}`);
      assert.match(run.stderr, new RegExp(`^smdr: ${flag} takes a whole number`), run.stderr);
      assert.doesNotMatch(run.stderr, /NaN/);
    }
  });

  it('refuses a step of a runbook that names no login, asking nothing and connecting nowhere (SMDR319)', async () => {
    const listener = await counting();
    try {
      const loginless = join(mkdtempSync(join(tmpdir(), 'smdr-sql-')), 'loginless.runbook.md');
      writeFileSync(loginless, edit(RUNBOOK, 'user: smdr, ', ''));
      const [command, , ...flags] = args(CLR_LINE, listener.port);
      const run = await smdr([command!, loginless, ...flags], { SMDR_SQL_PASSWORD: undefined });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /names no login; set sql\.user/);
      assert.doesNotMatch(run.stdout + run.stderr, /Password/);
      assert.equal(listener.connections(), 0);
    } finally {
      listener.close();
    }
  });

  it('refuses a login the runbook sends unencrypted unless --allow-unencrypted says so, connecting nowhere', async () => {
    const listener = await counting();
    try {
      const plain = [
        'sql',
        file,
        '--line',
        String(CLR_LINE),
        '--endpoint',
        `LABSQL01=127.0.0.1:${listener.port}`,
      ];
      const run = await smdr(plain, { SMDR_SQL_PASSWORD: 'S3cret!' });
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /LABSQL01 in clear text \(encrypt: false\): nothing was sent\. Pass --allow-unencrypted/,
      );
      const status = await smdr(['status', ...plain.slice(4), file], { SMDR_SQL_PASSWORD: 'S3cret!' });
      assert.equal(status.code, 2);
      assert.match(status.stderr, /--allow-unencrypted/);
      assert.equal(listener.connections(), 0);
    } finally {
      listener.close();
    }
  });

  describe('a step confirmed in VS Code (--job FILE --sha256 HEX)', () => {
    const job = (statement: string, handoff: SqlJob['handoff']): SqlJob => ({
      v: 1,
      title: 'Enable CLR',
      kind: 'enable-clr',
      statement,
      database: 'master',
      target: loopbackTarget(endpoint.port),
      handoff,
      allowUnencrypted: true,
    });

    it('never takes SMDR_SQL_PASSWORD nor asks: a job with no handed-off password is refused, naming sql.user, connecting nowhere', async () => {
      const listener = await counting();
      try {
        const unnamed = { ...loopbackTarget(listener.port), user: null };
        const { path, sha256 } = writeJob({ ...job('SELECT 1;', null), target: unnamed });
        const run = await smdr(['sql', '--job', path, '--sha256', sha256], { SMDR_SQL_PASSWORD: 'S3cret!' });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /names no login \(sql\.user\) for LABSQL01.*Nothing was sent/);
        // In a terminal too: no password question.
        const typed = await smdrInTerminal(['sql', '--job', path, '--sha256', sha256], {}, 'S3cret!\n');
        assert.equal(typed.code, 2, typed.stdout);
        assert.doesNotMatch(typed.stdout, /Password/);
        assert.equal(listener.connections(), 0);
      } finally {
        listener.close();
      }
    });

    it('refuses an unencrypted login unless the job records that the operator agreed, collecting no password', async () => {
      const listener = await counting();
      const handoff = new PasswordHandoff();
      try {
        const offer = await handoff.offer('S3cret!');
        const { path, sha256 } = writeJob({
          ...job('SELECT 1;', offer),
          target: loopbackTarget(listener.port),
          allowUnencrypted: false,
        });
        const run = await smdr(['sql', '--job', path, '--sha256', sha256], { SMDR_SQL_PASSWORD: undefined });
        assert.equal(run.code, 2, run.stderr);
        assert.match(
          run.stderr,
          /LABSQL01 in clear text \(encrypt: false\): nothing was sent\. Run the step again from VS Code/,
        );
        assert.equal(listener.connections(), 0);
        // The password is still on offer: the refused run never collected it.
        assert.equal(await collectPassword(offer), 'S3cret!');
      } finally {
        handoff.dispose();
        listener.close();
      }
    });

    it('runs exactly the confirmed statement, with the password handed over once, whatever the runbook on disk says', async () => {
      const handoff = new PasswordHandoff();
      try {
        const offer = await handoff.offer('S3cret!');
        // A statement the runbook on disk does not hold: what runs is what the job says.
        const statement = `SELECT 'confirmed ${randomBytes(4).toString('hex')}';`;
        const { path, sha256 } = writeJob(job(statement, offer));
        const run = await smdr(['sql', '--job', path, '--sha256', sha256], { SMDR_SQL_PASSWORD: undefined });
        assert.equal(run.code, 0, run.stderr);
        assert.ok(endpoint.statements.some((s) => s.text === statement));
        // The token was used: a second run of the same job gets no password.
        const again = await smdr(['sql', '--job', path, '--sha256', sha256], {
          SMDR_SQL_PASSWORD: undefined,
        });
        assert.equal(again.code, 2);
        assert.match(again.stderr, /could not be collected from VS Code/);
        assert.equal(endpoint.statements.filter((s) => s.text === statement).length, 1);
      } finally {
        handoff.dispose();
      }
    });

    it('says a refused password through the handoff too (a pwsh terminal reports only 0 or 1)', async () => {
      const handoff = new PasswordHandoff();
      try {
        const offer = await handoff.offer('wrong');
        const { path, sha256 } = writeJob(job('SELECT 1;', offer));
        const run = await smdr(['sql', '--job', path, '--sha256', sha256], { SMDR_SQL_PASSWORD: undefined });
        assert.equal(run.code, 3, run.stderr);
        assert.equal(offer.refused(), true);
      } finally {
        handoff.dispose();
      }
    });

    it('refuses a job whose SHA-256 differs, a symlink, or a FIFO, running nothing', async () => {
      const statement = `SELECT 'changed ${randomBytes(4).toString('hex')}';`;
      const { path, sha256 } = writeJob(job(statement, null));
      const wrong = createHash('sha256').update('something else').digest('hex');
      const changed = await smdr(['sql', '--job', path, '--sha256', wrong], { SMDR_SQL_PASSWORD: 'S3cret!' });
      assert.equal(changed.code, 2);
      assert.match(changed.stderr, /not the step that was confirmed/);
      const link = `${path}.link`;
      symlinkSync(path, link);
      const linked = await smdr(['sql', '--job', link, '--sha256', sha256], { SMDR_SQL_PASSWORD: 'S3cret!' });
      assert.equal(linked.code, 2);
      assert.match(linked.stderr, /cannot read the step/);
      const fifo = `${path}.fifo`;
      spawnSync('mkfifo', [fifo]);
      const piped = await smdr(['sql', '--job', fifo, '--sha256', sha256], { SMDR_SQL_PASSWORD: 'S3cret!' });
      assert.equal(piped.code, 2);
      assert.match(piped.stderr, /not a regular file/);
      assert.ok(!endpoint.statements.some((s) => s.text === statement));
    });
  });
});

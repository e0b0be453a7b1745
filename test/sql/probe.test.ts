/** Live state read with the real mssql client from loopback TDS endpoints, and `smdr status`. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { instanceKey } from '../../server/src/live/sqlSettings';
import { serversTree } from '../../server/src/live/estate';
import { liveFindings } from '../../server/src/live/findings';
import { closePools } from '../../server/src/live/probeSql';
import { readLiveState, type RefreshOptions } from '../../server/src/live/refresh';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, edit, rangeOf, ROOT } from '../helpers';
import { selfSignedCertificate } from './cert';
import { startEndpoint, type BackupScenario, type Endpoint, type InstanceScenario } from './endpoint';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const backup = (
  database: string,
  type: BackupScenario['type'],
  h: number,
  first: string,
  last: string,
  extra: Partial<BackupScenario> = {},
): BackupScenario => ({
  database,
  type,
  finishedAt: hoursAgo(h),
  firstLsn: first,
  lastLsn: last,
  checkpointLsn: first,
  device: `\\\\vault01\\dr\\sql\\${database}.bak`,
  ...extra,
});

const SQL01: InstanceScenario = {
  machineName: 'SQL01',
  instanceName: 'SCSM',
  clrEnabled: true,
  user: 'smdr-reader',
  password: 'pw',
  databases: [{ name: 'ServiceManager' }],
  backups: [
    backup('ServiceManager', 'D', 20, '100', '200', { checkpointLsn: '150' }),
    backup('ServiceManager', 'L', 1, '190', '300'),
  ],
};

const SQL02: InstanceScenario = {
  machineName: 'SQL02',
  instanceName: 'DW',
  clrEnabled: true,
  user: 'smdr-reader',
  password: 'pw',
  databases: [
    { name: 'DWStagingAndConfig' },
    { name: 'DWRepository', state: 'RECOVERY_PENDING' },
    { name: 'DWDataMart' },
  ],
  backups: [
    backup('DWStagingAndConfig', 'D', 80, '10', '20'), // stale: 80 h > 24 h
    backup('DWDataMart', 'D', 2, '10', '20'),
    backup('DWDataMart', 'L', 1, '25', '30'), // broken chain: starts after 20
  ],
};

describe('live state over TDS', () => {
  let sql01: Endpoint;
  let sql02: Endpoint;
  let folder: string;
  let runbookText: string;

  before(async () => {
    sql01 = await startEndpoint(SQL01);
    sql02 = await startEndpoint(SQL02);
    folder = mkdtempSync(join(tmpdir(), 'smdr-live-'));
    mkdirSync(join(folder, 'keys'));
    mkdirSync(join(folder, 'mp'));
    writeFileSync(join(folder, 'keys', 'SM01.bin'), 'key');
    writeFileSync(join(folder, 'mp', 'custom.xml'), '<ManagementPack/>');
    // Local paths for the files this machine can check; SM02's key is absent; DW01's stays a UNC path.
    runbookText = edit(
      edit(
        edit(
          edit(CONTOSO, "'\\\\vault01\\dr\\keys\\SM01.bin'", `'${join(folder, 'keys', 'SM01.bin')}'`),
          "'\\\\vault01\\dr\\keys\\SM02.bin'",
          `'${join(folder, 'keys', 'SM02.bin')}'`,
        ),
        "managementPacks: '\\\\vault01\\dr\\mp'",
        `managementPacks: '${join(folder, 'mp')}'`,
      ),
      'encrypt: true',
      'encrypt: false',
    );
  });

  after(async () => {
    await closePools();
    await sql01.close();
    await sql02.close();
  });

  const options = (overrides: Partial<RefreshOptions> = {}): RefreshOptions => {
    const runbook = parseRunbook(runbookText);
    const key = (name: string) => instanceKey(runbook.inventory.servers.find((s) => s.name === name)!);
    return {
      passwords: new Map([
        [key('SQL01'), 'pw'],
        [key('SQL02'), 'pw'],
      ]),
      endpoints: new Map([
        [key('SQL01'), { host: '127.0.0.1', port: sql01.port }],
        [key('SQL02'), { host: '127.0.0.1', port: sql02.port }],
      ]),
      timeouts: { connectMs: 2000, requestMs: 2000 },
      ...overrides,
    };
  };

  it('reads instances, databases and backup history with parameterised queries', async () => {
    const live = await readLiveState(parseRunbook(runbookText), options());
    const one = live.instances.find((i) => i.server === 'SQL01')!;
    assert.equal(one.error, undefined);
    assert.equal(one.machineName, 'SQL01');
    assert.equal(one.clrEnabled, true);
    assert.equal(one.databases[0]!.backups.length, 2);
    for (const statement of [...sql01.statements, ...sql02.statements].filter((s) =>
      s.text.includes('smdr:databases'),
    )) {
      assert.doesNotMatch(
        statement.text,
        /ServiceManager|DWStagingAndConfig/,
        'database names travel as parameters',
      );
      assert.ok([...statement.params.values()].length > 0);
    }
    assert.equal(live.files.find((f) => f.path.endsWith('SM01.bin'))!.state, 'present');
    assert.equal(live.files.find((f) => f.path.endsWith('SM02.bin'))!.state, 'missing');
    assert.equal(live.files.find((f) => f.path.includes('DW01.bin'))!.state, 'unreachable');
  });

  it('finds stale and missing backups, a broken chain, a database not online, a missing key', async () => {
    const runbook = parseRunbook(runbookText);
    const findings = liveFindings(runbook, await readLiveState(runbook, options()));
    const codes = findings.map((f) => `${f.rule.code} ${f.message.split(':')[0]}`);
    assert.ok(codes.includes('SMDR406 DWStagingAndConfig'), codes.join('\n'));
    assert.ok(codes.includes('SMDR404 DWRepository on SQL02\\DW'), codes.join('\n'));
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR406' && /log chain is broken/.test(f.message)),
      codes.join('\n'),
    );
    assert.ok(
      codes.some((c) => c.startsWith('SMDR407')),
      codes.join('\n'),
    );
    assert.ok(!findings.some((f) => f.message.startsWith('ServiceManager')), 'SQL01 is within its RPO');
  });

  it('reports a renamed machine or instance', async () => {
    sql01.scenario = { ...SQL01, machineName: 'SQLNEW', instanceName: 'OTHER' };
    try {
      const runbook = parseRunbook(runbookText);
      const findings = liveFindings(runbook, await readLiveState(runbook, options()));
      const mismatch = findings.find((f) => f.rule.code === 'SMDR402');
      assert.match(
        mismatch!.message,
        /machine name SQLNEW, not SQL01.*the instance is named OTHER, not SCSM/,
      );
    } finally {
      sql01.scenario = SQL01;
    }
  });

  it('reports SMDR410-413 on the line that declares the instance, from what it answers', async () => {
    const text = edit(
      edit(runbookText, 'scsm: 2016', 'scsm: 2022'),
      'encrypt: false',
      'encrypt: false, collation: Latin1_General_CI_AS',
    );
    sql01.scenario = {
      ...SQL01,
      productVersion: '15.0.2000.5', // SQL Server 2019 RTM: 2022 needs CU8 or later
      collation: 'SQL_Latin1_General_CP1_CI_AS',
      fullTextInstalled: false,
      clrStrictSecurity: true,
      assemblies: [
        {
          database: 'ServiceManager',
          name: 'Microsoft.EnterpriseManagement.Sql.DataAccessLayer',
          trusted: false,
        },
        {
          database: 'ServiceManager',
          name: 'Microsoft.EnterpriseManagement.Sql.UserDefinedDataType',
          trusted: true,
        },
      ],
    };
    sql02.scenario = {
      ...SQL02,
      productVersion: '15.0.4073.23', // SQL Server 2019 CU8
      collation: 'latin1_general_ci_as',
      clrStrictSecurity: true,
      assembliesError: { number: 300, message: 'VIEW SERVER STATE permission was denied.' },
    };
    try {
      const runbook = parseRunbook(text);
      const live = await readLiveState(runbook, options());
      const findings = liveFindings(runbook, live).filter((f) => /^SMDR41[0-3]$/.test(f.rule.code));
      const line = rangeOf(text, 'SCSM', 0, 'SQL01:');
      assert.deepEqual(
        findings.map((f) => [f.rule.code, f.range]),
        ['SMDR410', 'SMDR411', 'SMDR412', 'SMDR413'].map((code) => [code, line]),
      );
      assert.match(findings[3]!.message, /DataAccessLayer in ServiceManager/);
      assert.doesNotMatch(findings[3]!.message, /UserDefinedDataType/);
      const query = sql01.statements.find((s) => s.text.includes('smdr:assemblies'))!;
      assert.doesNotMatch(query.text, /ServiceManager/, 'database names travel as parameters');
      // SQL02: a supported release, the same collation in other case, full-text installed, and an
      // assemblies query refused: nothing judged, and the instance is still read.
      const two = live.instances.find((i) => i.server === 'SQL02')!;
      assert.equal(two.error, undefined);
      assert.equal(two.assemblies, undefined);
      assert.equal(two.databases.length, 3);
      const tree = serversTree(runbook, live).find((n) => n.label === 'SQL01')!;
      assert.equal(tree.verdict, 'error');
      assert.match(tree.tooltip!, /SMDR410.*SMDR411.*SMDR412.*SMDR413/);
    } finally {
      sql01.scenario = SQL01;
      sql02.scenario = SQL02;
    }
  });

  it('asks for no assemblies where clr strict security is off or absent (SQL Server 2016)', async () => {
    sql01.scenario = { ...SQL01, clrStrictSecurity: false };
    try {
      const before = sql01.statements.length;
      const runbook = parseRunbook(runbookText);
      const live = await readLiveState(runbook, options());
      assert.ok(!sql01.statements.slice(before).some((s) => s.text.includes('smdr:assemblies')));
      assert.deepEqual(
        liveFindings(runbook, live).filter((f) => /^SMDR41[0-3]$/.test(f.rule.code)),
        [],
      );
    } finally {
      sql01.scenario = SQL01;
    }
  });

  it('reads a NULL in every column of every answer as unknown, and bounds what a server answers', async () => {
    const nulls = (columns: number) => Array.from({ length: columns }, () => null);
    // As long as an nvarchar(4000) holds: names and devices are kept to 1,024 characters.
    const huge = `\u001b[2J${'x'.repeat(3990)}`;
    sql01.scenario = {
      ...SQL01,
      answers: {
        instance: [nulls(4)],
        databases: [nulls(3), ['ServiceManager', null, null]],
        backups: [
          nulls(9),
          ['ServiceManager', ...nulls(8)],
          ['ServiceManager', 'D', null, null, '1', '2', null, null, null],
        ],
      },
    };
    sql02.scenario = {
      ...SQL02,
      machineName: huge,
      answers: { backups: Array.from({ length: 500 }, () => nulls(9)) },
    };
    try {
      const runbook = parseRunbook(runbookText);
      const live = await readLiveState(runbook, options({ maxRows: 50 }));
      const one = live.instances.find((i) => i.server === 'SQL01')!;
      assert.equal(one.error, undefined);
      assert.deepEqual(
        [one.machineName, one.instanceName, one.clrEnabled],
        [undefined, undefined, undefined],
      );
      assert.equal(one.databases[0]!.state, null);
      assert.equal(one.databases[0]!.unreadableBackups, 2);
      const findings = liveFindings(runbook, live);
      const codes = findings.map((f) => f.rule.code);
      // A NULL InstanceName is SQL Server's own word for the default instance: SQL01\\SCSM then differs.
      const renamed = findings.filter((f) => f.rule.code === 'SMDR402').map((f) => f.message);
      assert.deepEqual(renamed, ['SQL01\\SCSM: the instance is named MSSQLSERVER, not SCSM.']);
      for (const code of ['SMDR403', 'SMDR404', 'SMDR405'])
        assert.ok(
          !findings.some((f) => f.rule.code === code && /SQL01|ServiceManager/.test(f.message)),
          `${code}: ${codes.join(' ')}`,
        );
      const node = serversTree(runbook, live).find((n) => n.label === 'SQL01')!.children![0]!;
      assert.equal(node.verdict, 'unknown');
      assert.match(node.description!, /^state unknown/);
      const two = live.instances.find((i) => i.server === 'SQL02')!;
      assert.match(two.error!, /answered more than 50 row\(s\) to one query/);
      assert.ok(two.error!.length < 200);
      assert.equal(two.machineName, `${huge.slice(0, 1024)}… (3994 characters)`);
      assert.ok(sql02.attentions > 0, 'the server was asked to stop sending');
    } finally {
      sql01.scenario = SQL01;
      sql02.scenario = SQL02;
    }
  });

  it('reports a backup dated in the future (a wrong clock) as SMDR414, not as a fresh backup', async () => {
    const inThreeHours = new Date(Date.now() + 3 * 3_600_000).toISOString();
    sql01.scenario = {
      ...SQL01,
      backups: [
        backup('ServiceManager', 'D', 20, '100', '200', { checkpointLsn: '150', finishedAt: inThreeHours }),
      ],
    };
    try {
      const runbook = parseRunbook(runbookText);
      const live = await readLiveState(runbook, options());
      const future = liveFindings(runbook, live).filter((f) => f.rule.code === 'SMDR414');
      assert.equal(future.length, 1);
      assert.match(
        future[0]!.message,
        /^ServiceManager on SQL01\\SCSM: newest full backup is dated .*, 3 h in the future: a clock/,
      );
      const node = serversTree(runbook, live).find((n) => n.label === 'SQL01')!.children![0]!;
      assert.equal(node.verdict, 'unknown');
    } finally {
      sql01.scenario = SQL01;
    }
  });

  it('turns a login failure, an unreachable port, a silent server and a dropped connection into error nodes', async () => {
    const silent = await startEndpoint({ ...SQL02, behaviour: 'silent' });
    const dropping = await startEndpoint({ ...SQL01, behaviour: 'drop-mid-result' });
    try {
      const runbook = parseRunbook(runbookText);
      const key = (name: string) => instanceKey(runbook.inventory.servers.find((s) => s.name === name)!);
      const started = Date.now();
      const wrongPassword = await readLiveState(
        runbook,
        options({
          passwords: new Map([
            [key('SQL01'), 'nope'],
            [key('SQL02'), 'pw'],
          ]),
        }),
      );
      const refused = wrongPassword.instances.find((i) => i.server === 'SQL01')!;
      assert.match(refused.error!, /Login failed for user 'smdr-reader'/);
      assert.match(
        refused.error!,
        /refused the login smdr-reader on SQL01\\SCSM: check its password, or the login the runbook names in sql\.user/,
        'the message names the login and the runbook key',
      );
      assert.equal(refused.loginRefused, true, 'a refused login is told apart, so the editor asks again');
      assert.equal(wrongPassword.instances.find((i) => i.server === 'SQL02')!.loginRefused, undefined);
      const broken = await readLiveState(
        runbook,
        options({
          endpoints: new Map([
            [key('SQL01'), { host: '127.0.0.1', port: dropping.port }],
            [key('SQL02'), { host: '127.0.0.1', port: silent.port }],
          ]),
        }),
      );
      const elapsed = Date.now() - started;
      assert.ok(broken.instances.find((i) => i.server === 'SQL01')!.error, 'dropped mid-result');
      assert.ok(
        broken.instances.every((i) => !i.loginRefused),
        'only a refused login counts as one',
      );
      assert.match(
        broken.instances.find((i) => i.server === 'SQL02')!.error!,
        /(timeout|Failed to connect)/i,
      );
      assert.ok(
        elapsed < 2 * 2000 + 3000,
        `both in parallel, within one connect timeout each (${elapsed} ms)`,
      );
      const unreachable = await readLiveState(
        runbook,
        options({
          endpoints: new Map([
            [key('SQL01'), { host: '127.0.0.1', port: 1 }],
            [key('SQL02'), { host: '127.0.0.1', port: sql02.port }],
          ]),
        }),
      );
      assert.match(
        unreachable.instances.find((i) => i.server === 'SQL01')!.error!,
        /ECONNREFUSED|Failed to connect/,
      );
      assert.match(
        unreachable.instances.find((i) => i.server === 'SQL01')!.error!,
        /Nothing answered as SQL Server at 127\.0\.0\.1:1: check servers\.SQL01\.fqdn, servers\.SQL01\.instance and sql\.port in the runbook, or map SQL01\\SCSM to HOST:PORT \(smdr\.sql\.endpoints in VS Code, --endpoint on the command line\)/,
      );
      assert.equal(liveFindings(runbook, unreachable).filter((f) => f.rule.code === 'SMDR401').length, 1);
    } finally {
      await silent.close();
      await dropping.close();
    }
  });

  // The time limit is the check that the failed pool is closed: left open, its connection lingers for mssql's 30 s idle timeout.
  it(
    'cancels a query that outlives the request timeout with an ATTENTION, and reports the timeout',
    { timeout: 15_000 },
    async () => {
      const stalling = await startEndpoint({ ...SQL01, behaviour: 'stall-queries' });
      try {
        const runbook = parseRunbook(runbookText);
        const key = instanceKey(runbook.inventory.servers.find((s) => s.name === 'SQL01')!);
        const started = Date.now();
        const live = await readLiveState(
          runbook,
          options({
            endpoints: new Map([[key, { host: '127.0.0.1', port: stalling.port }]]),
            timeouts: { connectMs: 2000, requestMs: 800 },
          }),
        );
        const elapsed = Date.now() - started;
        assert.match(
          live.instances.find((i) => i.server === 'SQL01')!.error!,
          /Timeout: Request failed to complete in 800ms/,
        );
        assert.ok(stalling.attentions >= 1, 'the client sent an ATTENTION');
        // The endpoint acknowledges the ATTENTION: the client does not wait for its own cancel timeout (5 s).
        assert.ok(elapsed < 800 + 2500, `finished ${elapsed} ms after the start`);
        // The pool that failed is closed, not left holding its connection; the next refresh reads the instance.
        await stalling.whenIdle();
        stalling.scenario.behaviour = 'normal';
        const next = await readLiveState(
          runbook,
          options({ endpoints: new Map([[key, { host: '127.0.0.1', port: stalling.port }]]) }),
        );
        const sql01 = next.instances.find((i) => i.server === 'SQL01')!;
        assert.equal(sql01.error, undefined);
        assert.ok(sql01.databases.length > 0);
      } finally {
        await stalling.close();
      }
    },
  );

  /** Asynchronous: the endpoints answer from this process, so it must not block while the CLI runs. */
  function smdr(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  it('encrypts with TLS as SQL Server negotiates it (encrypt: true, the default), and validates certificates', async () => {
    const tls = await startEndpoint({ ...SQL01, tls: selfSignedCertificate() });
    try {
      const encrypted = edit(runbookText, 'encrypt: false', 'encrypt: true, trustServerCertificate: true');
      const runbook = parseRunbook(encrypted);
      const key = instanceKey(runbook.inventory.servers.find((s) => s.name === 'SQL01')!);
      const live = await readLiveState(
        runbook,
        options({ endpoints: new Map([[key, { host: '127.0.0.1', port: tls.port }]]) }),
      );
      const sql01 = live.instances.find((i) => i.server === 'SQL01')!;
      assert.equal(sql01.error, undefined);
      assert.equal(sql01.machineName, 'SQL01');
      // Without trustServerCertificate, the self-signed certificate is refused.
      const strict = parseRunbook(edit(runbookText, 'encrypt: false', 'encrypt: true'));
      const refused = await readLiveState(
        strict,
        options({ endpoints: new Map([[key, { host: '127.0.0.1', port: tls.port }]]) }),
      );
      const untrusted = refused.instances.find((i) => i.server === 'SQL01')!.error!;
      assert.match(untrusted, /self-signed certificate/);
      assert.match(
        untrusted,
        /set sql\.trustServerCertificate: true in the runbook if you trust this server/,
      );
    } finally {
      await tls.close();
    }
  });

  it('smdr status prints the estate and exits 1 when anything is outside its objectives', async () => {
    const file = join(folder, 'contoso.runbook.md');
    writeFileSync(file, runbookText);
    const env = {
      ...process.env,
      SMDR_SQL_PASSWORD: 'pw',
      SMDR_SQL_ENDPOINTS: `SQL01\\SCSM=127.0.0.1:${sql01.port};SQL02\\DW=127.0.0.1:${sql02.port}`,
    };
    const text = await smdr(['status', '--allow-unencrypted', file], env);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /\[STALE\] DWStagingAndConfig: ONLINE · FULL · full 3 days ago/);
    assert.match(text.stdout, /\[MISSING\] SM02 key: no file at/);
    // SQL02 answers, but one of its databases is not ONLINE and another is stale: the server shows the worst.
    assert.match(text.stdout, /^ {2}\[ERROR\] SQL02: database server SQL02\\DW$/m);
    const json = await smdr(['status', '--allow-unencrypted', '--format', 'json', file], env);
    const report = JSON.parse(json.stdout);
    assert.ok(report.findings.some((f: { code: string }) => f.code === 'SMDR406'));
    const usage = await smdr(['status'], env);
    assert.equal(usage.status, 2);
    // SQL01 answers with a stale database; SQL02 cannot be reached.
    const down = await smdr(['status', '--allow-unencrypted', '--connect-timeout', '2', file], {
      ...env,
      SMDR_SQL_ENDPOINTS: `SQL01\\SCSM=127.0.0.1:${sql01.port};SQL02\\DW=127.0.0.1:1`,
    });
    assert.equal(down.status, 1, down.stderr);
    assert.match(down.stdout, /^ {2}\[ok\] SQL01: database server SQL01\\SCSM$/m);
    assert.match(down.stdout, /^ {2}\[ERROR\] SQL02: database server SQL02\\DW$/m);
    assert.match(
      down.stdout,
      /^ {4}\[ERROR\] Failed to connect to 127\.0\.0\.1:1 .*Nothing answered as SQL Server at 127\.0\.0\.1:1: .*--endpoint on the command line/m,
    );
    assert.match(down.stdout, /^ {4}\[unknown\] DWDataMart: unknown$/m);
    assert.match(down.stdout, /^ {6}Newest full: unknown$/m, "not 'none': the history was not read");
    assert.doesNotMatch(down.stdout, /Retry|Refresh/, 'no words of the tree on the command line');
    const downJson = await smdr(
      ['status', '--allow-unencrypted', '--connect-timeout', '2', '--format', 'json', file],
      {
        ...env,
        SMDR_SQL_ENDPOINTS: `SQL01\\SCSM=127.0.0.1:${sql01.port};SQL02\\DW=127.0.0.1:1`,
      },
    );
    assert.doesNotMatch(downJson.stdout, /"(retry|icon|id)":/);
    const nobody = join(folder, 'nobody.runbook.md');
    writeFileSync(nobody, edit(runbookText, 'user: smdr-reader, ', ''));
    const noLogin = await smdr(['status', '--allow-unencrypted', nobody], env);
    assert.equal(noLogin.status, 2);
    assert.match(noLogin.stderr, /names no SQL login for its database servers: set sql\.user/);
  });
});

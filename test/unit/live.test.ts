import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  backupAnswers,
  databaseAnswers,
  databaseFacts,
  instanceAnswer,
  MAX_TEXT,
} from '../../server/src/live/answers';
import { restoreChain } from '../../server/src/live/chain';
import { backupsTree, rolledUp, serversTree, type EstateNode } from '../../server/src/live/estate';
import type { BackupRow, InstanceFacts, LiveState } from '../../server/src/live/facts';
import { backupsQuery } from '../../server/src/live/queries';
import { liveFindings } from '../../server/src/live/findings';
import { judgeDatabase, judgeFolder, judgeInstance, type Verdict } from '../../server/src/live/judge';
import { remedyFor, withRemedy } from '../../server/src/live/remedy';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { rootTitles } from '../../server/src/live/titles';
import { unmetRequirements } from '../../server/src/live/requirements';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, edit, rangeOf } from '../helpers';

const NOW = new Date('2026-11-24T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const row = (
  type: BackupRow['type'],
  h: number,
  firstLsn: string,
  lastLsn: string,
  extra: Partial<BackupRow> = {},
): BackupRow => ({
  databaseName: 'ServiceManager',
  type,
  finishedAt: hoursAgo(h),
  copyOnly: false,
  firstLsn,
  lastLsn,
  checkpointLsn: firstLsn,
  databaseBackupLsn: '0',
  device: `\\\\vault01\\dr\\sql\\${type}.bak`,
  ...extra,
});

/** SQL01 as it answers when all is well, with what a test changes. */
const sql01 = (changes: Partial<InstanceFacts>): InstanceFacts => ({
  server: 'SQL01',
  address: 'SQL01\\SCSM',
  error: undefined,
  machineName: 'SQL01',
  instanceName: 'SCSM',
  clrEnabled: true,
  databases: [],
  ...changes,
});

const full = row('D', 30, '1000', '2000', { checkpointLsn: '1500' });
const diff = row('I', 10, '3000', '4000', { databaseBackupLsn: '1500' });
const log1 = row('L', 5, '3500', '5000');
const log2 = row('L', 2, '5000', '6000');

describe('restore chain', () => {
  it('finds the full (by LSN, not date), its differential, and the chained logs', () => {
    const older = row('D', 1, '10', '20'); // newest date, older LSN: a clock that moved
    const chain = restoreChain([older, full, diff, log1, log2]);
    assert.equal(chain.full, full);
    assert.equal(chain.differential, diff);
    assert.equal(chain.lastLog, log2);
    assert.equal(chain.broken, undefined);
    assert.equal(chain.restorableTo, log2.finishedAt);
  });

  it('ignores copy-only backups and differentials of another full', () => {
    const chain = restoreChain([
      full,
      row('D', 1, '9000', '9999', { copyOnly: true }),
      row('I', 1, '3000', '4000', { databaseBackupLsn: '42' }),
    ]);
    assert.equal(chain.full, full);
    assert.equal(chain.differential, undefined);
  });

  it('says where the log chain breaks', () => {
    const chain = restoreChain([full, diff, log1, row('L', 1, '5100', '7000')]);
    assert.equal(chain.lastLog, log1);
    assert.match(chain.broken!, /starts at LSN 5100, not at 5000/);
  });
});

describe('judging against the RPO', () => {
  it('ok within the RPO, stale beyond, missing without a full', () => {
    const online = { name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL' };
    assert.equal(judgeDatabase({ ...online, backups: [full, diff, log1, log2] }, NOW, '24h').verdict, 'ok');
    const stale = judgeDatabase({ ...online, backups: [full] }, NOW, '24h');
    assert.equal(stale.verdict, 'stale');
    assert.equal(stale.reason, 'newest full backup 30 h old; RPO is 24 h');
    assert.equal(
      judgeDatabase({ ...online, backups: [full] }, NOW, '3d').reason,
      'newest full backup 30 h old; RPO is 3 days',
    );
    assert.equal(judgeDatabase({ ...online, backups: [] }, NOW, '24h').verdict, 'missing');
    assert.equal(
      judgeDatabase({ ...online, state: 'RESTORING', backups: [full] }, NOW, '24h').verdict,
      'error',
    );
  });

  it('tells a rebuilt instance with another name, and CLR disabled', () => {
    const base = { server: 'SQL01', address: 'SQL01\\SCSM', error: undefined, databases: [] };
    assert.equal(
      judgeInstance(
        { ...base, machineName: 'SQL01', instanceName: 'SCSM', clrEnabled: true },
        'SQL01',
        'SCSM',
      ).verdict,
      'ok',
    );
    assert.match(
      judgeInstance(
        { ...base, machineName: 'SQLNEW', instanceName: 'SCSM', clrEnabled: true },
        'SQL01',
        'SCSM',
      ).reason,
      /machine name SQLNEW, not SQL01/,
    );
    assert.match(
      judgeInstance(
        { ...base, machineName: 'SQL01', instanceName: null as unknown as undefined, clrEnabled: false },
        'SQL01',
        'SCSM',
      ).reason,
      /named MSSQLSERVER, not SCSM.*CLR is disabled/,
    );
  });
});

describe('live findings and views', () => {
  const runbook = parseRunbook(CONTOSO);
  const live: LiveState = {
    checkedAt: NOW.toISOString(),
    instances: [
      sql01({
        clrEnabled: false,
        databases: [{ name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL', backups: [full] }],
      }),
      {
        server: 'SQL02',
        address: 'SQL02\\DW',
        error: 'Failed to connect to 127.0.0.1:1 - connect ECONNREFUSED',
        machineName: undefined,
        instanceName: undefined,
        clrEnabled: undefined,
        databases: [],
      },
    ],
    files: [
      { path: '\\\\vault01\\dr\\keys\\SM01.bin', state: 'present', size: 1024, modified: hoursAgo(100) },
      { path: '\\\\vault01\\dr\\keys\\SM02.bin', state: 'missing' },
      {
        path: '\\\\vault01\\dr\\keys\\DW01.bin',
        state: 'unreachable',
        reason: 'a UNC path, and this machine is not Windows',
      },
    ],
  };

  it('puts each finding on the line that declares the thing', () => {
    const findings = liveFindings(runbook, live, NOW);
    const at = (code: string) => findings.filter((f) => f.rule.code === code).map((f) => f.range);
    assert.deepEqual(at('SMDR406'), [rangeOf(CONTOSO, 'ServiceManager', 0, 'SQL01:')]);
    assert.deepEqual(at('SMDR403'), [rangeOf(CONTOSO, 'SCSM', 0, 'instance:')]);
    assert.deepEqual(at('SMDR401'), [rangeOf(CONTOSO, 'SQL02', 0, 'servers:')]);
    assert.deepEqual(at('SMDR407'), [rangeOf(CONTOSO, "'\\\\vault01\\dr\\keys\\SM02.bin'")]);
    assert.equal(at('SMDR407').length, 1, 'an unreachable key file is unknown, not missing');
  });

  it('has a finding for each live code', () => {
    const stale: LiveState = {
      ...live,
      instances: [
        {
          ...live.instances[0]!,
          machineName: 'OTHER',
          databases: [{ name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL', backups: [] }],
        },
        {
          ...live.instances[1]!,
          error: undefined,
          machineName: 'SQL02',
          instanceName: 'DW',
          clrEnabled: true,
          databases: [{ name: 'DWDataMart', state: 'SUSPECT', recoveryModel: 'FULL', backups: [] }],
        },
      ],
      files: [
        ...live.files,
        { path: '\\\\vault01\\dr\\sql\\ServiceManager.bak', state: 'missing' },
        { path: '\\\\vault01\\dr\\mp', state: 'present', isFolder: true, files: 0 },
      ],
    };
    const codes = new Set(
      [...liveFindings(runbook, live, NOW), ...liveFindings(runbook, stale, NOW)].map((f) => f.rule.code),
    );
    assert.deepEqual([...codes].sort(), [
      'SMDR401',
      'SMDR402',
      'SMDR403',
      'SMDR404',
      'SMDR405',
      'SMDR406',
      'SMDR407',
      'SMDR408',
      'SMDR409',
    ]);
  });

  it('builds the Servers and Backups views with verdicts and reasons', () => {
    const servers = serversTree(runbook, live, NOW);
    const sql01 = servers.find((s) => s.label === 'SQL01')!;
    assert.equal(sql01.verdict, 'error');
    assert.equal(sql01.children![0]!.verdict, 'stale');
    assert.equal(sql01.children![0]!.tooltip, 'newest full backup 30 h old; RPO is 24 h');
    const sql02 = servers.find((s) => s.label === 'SQL02')!;
    assert.equal(sql02.children![0]!.retry, 'SQL02\\DW');
    assert.equal(sql02.children![0]!.tooltip, sql02.children![0]!.label, 'the whole message on hover');
    assert.equal(servers.find((s) => s.label === 'SM01')!.description, 'primary management server');
    const backups = backupsTree(runbook, live, NOW);
    const keys = backups[0]!.children!;
    assert.deepEqual(
      keys.map((k) => k.verdict),
      ['ok', 'missing', 'unknown'],
    );
    assert.equal(backupsTree(runbook, undefined, NOW)[0]!.children![0]!.verdict, 'unknown');
  });

  it('rolls a server up to the worst state of its databases (SQL01\\SCSM is not green over a stale one)', () => {
    const answering: LiveState = {
      ...live,
      instances: [
        sql01({
          databases: [{ name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL', backups: [full] }],
        }),
      ],
    };
    assert.equal(judgeInstance(answering.instances[0]!, 'SQL01', 'SCSM').verdict, 'ok');
    const node = serversTree(runbook, answering, NOW).find((s) => s.label === 'SQL01')!;
    assert.equal(node.children![0]!.verdict, 'stale');
    assert.equal(node.verdict, 'stale');
    assert.equal(
      node.tooltip,
      'SQL01\\SCSM answers; ServiceManager: newest full backup 30 h old; RPO is 24 h',
    );
    const databases = backupsTree(runbook, answering, NOW)[1]!;
    assert.equal(databases.verdict, 'stale', 'the Database backups group shows its worst database');
  });

  it("reads an unreachable instance's databases as unknown, not as without backups", () => {
    const sql02 = serversTree(runbook, live, NOW).find((s) => s.label === 'SQL02')!;
    assert.equal(sql02.verdict, 'error');
    assert.deepEqual(
      sql02.children!.slice(1).map((d) => [d.label, d.verdict, d.description]),
      ['DWStagingAndConfig', 'DWRepository', 'DWDataMart'].map((name) => [name, 'unknown', 'unknown']),
    );
    const mart = backupsTree(runbook, live, NOW)[1]!.children!.find((d) => d.label === 'DWDataMart')!;
    assert.equal(mart.verdict, 'unknown');
    const newest = mart.children!.find((c) => c.label === 'Newest full')!;
    assert.equal(newest.description, 'unknown');
    assert.ok(!JSON.stringify(serversTree(runbook, live, NOW)).includes('Retry'), 'no tree-only words');
  });

  it('gives no rolled-up node a verdict better than any node below it, whatever the tree', () => {
    const verdict = fc.constantFrom<Verdict | undefined>(
      undefined,
      'ok',
      'unknown',
      'stale',
      'missing',
      'error',
    );
    const { tree } = fc.letrec<{ tree: EstateNode }>((t) => ({
      tree: fc.record({
        id: fc.string(),
        label: fc.string(),
        tooltip: fc.option(fc.string(), { nil: undefined }),
        verdict,
        children: fc.oneof(
          { depthSize: 'small' },
          fc.constant(undefined),
          fc.array(t('tree'), { maxLength: 4 }),
        ),
      }),
    }));
    const rank = (v: Verdict | undefined) =>
      v ? ['ok', 'unknown', 'stale', 'missing', 'error'].indexOf(v) : -1;
    const worstBelow = (n: EstateNode): number =>
      Math.max(rank(n.verdict), ...(n.children ?? []).map(worstBelow));
    fc.assert(
      fc.property(tree, (input) => {
        const check = (n: EstateNode): void => {
          assert.equal(rank(n.verdict), worstBelow(n));
          n.children?.forEach(check);
        };
        check(rolledUp(input));
      }),
    );
  });

  it('names a root by its management group, and by its file too where two share one', () => {
    assert.deepEqual(
      rootTitles([
        { managementGroup: 'CONTOSO', file: 'examples/contoso.runbook.md' },
        { managementGroup: 'LAB', file: 'examples/lab.runbook.md' },
        { managementGroup: 'contoso', file: 'copy/contoso.runbook.md' },
        { managementGroup: undefined, file: 'draft.runbook.md' },
      ]),
      [
        'CONTOSO (examples/contoso.runbook.md)',
        'LAB',
        'contoso (copy/contoso.runbook.md)',
        'draft.runbook.md',
      ],
    );
  });
});

describe('answers a server should not give', () => {
  const runbook = parseRunbook(CONTOSO);
  const online = { name: 'ServiceManager', state: 'ONLINE', recoveryModel: 'FULL' };

  it('reads backup times in UTC (time_zone), so a server east of this machine does not look ahead', () => {
    // ScriptDom parses the query (test/tsql); no real SQL Server has run it.
    assert.match(
      backupsQuery(['d0']),
      /WHEN bs\.time_zone = 127 THEN .*\n\s+ELSE CONVERT\(nvarchar\(33\), DATEADD\(minute, -15 \* bs\.time_zone, bs\.backup_finish_date\), 126\) \+ N'Z'/,
    );
  });

  it('judges a backup dated in the future unknown, with SMDR414, not "0 min ago, ok"', () => {
    const ahead = row('D', -3, '1000', '2000', { checkpointLsn: '1500' });
    const judged = judgeDatabase({ ...online, backups: [ahead] }, NOW, '24h');
    assert.equal(judged.verdict, 'unknown');
    assert.equal(judged.future, true);
    assert.equal(
      judged.reason,
      `newest full backup is dated ${ahead.finishedAt}, 3 h in the future: a clock (the server's or this machine's) is wrong, so its age cannot be judged`,
    );
    // A few minutes ahead is the ordinary drift between two clocks.
    assert.equal(
      judgeDatabase({ ...online, backups: [row('D', -0.05, '1', '2')] }, NOW, '24h').verdict,
      'ok',
    );
    const folder = judgeFolder(
      { path: 'mp', state: 'present', isFolder: true, files: 2, newest: hoursAgo(-48) },
      NOW,
      '24h',
    );
    assert.equal(folder.future, true);
    const live: LiveState = {
      checkedAt: NOW.toISOString(),
      instances: [sql01({ databases: [{ ...online, backups: [ahead] }] })],
      files: [
        { path: '\\\\vault01\\dr\\mp', state: 'present', isFolder: true, files: 2, newest: hoursAgo(-48) },
      ],
    };
    const findings = liveFindings(runbook, live, NOW).filter((f) => f.rule.code === 'SMDR414');
    assert.deepEqual(
      findings.map((f) => f.range),
      [rangeOf(CONTOSO, 'ServiceManager', 0, 'SQL01:'), rangeOf(CONTOSO, "'\\\\vault01\\dr\\mp'")],
    );
  });

  it('reads NULL, wrong types and hostile strings in any column as unknown, never a JavaScript error (property)', () => {
    const hostile = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer(),
      fc.boolean(),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        'D',
        'I',
        'L',
        'ONLINE',
        'ServiceManager',
        '2026-11-24T10:00:00Z',
        '123',
        '\u001b[2J',
        '',
      ),
      // Long texts of characters that cannot spell the words the assertion looks for (a random ASCII
      // string of 1,000 characters holds "NaN" about once in a thousand).
      fc.string({
        unit: fc.constantFrom('x', 'é', ' ', '\u001b', '\u202e', "'"),
        minLength: MAX_TEXT + 1,
        maxLength: MAX_TEXT + 50,
      }),
    );
    const record = (keys: string[]) =>
      fc
        .tuple(...keys.map(() => hostile))
        .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]])));
    const instanceRow = record(['machineName', 'instanceName', 'productVersion', 'clrEnabled']);
    const databaseRow = record(['name', 'state', 'recoveryModel']);
    const backupRow = record([
      'databaseName',
      'type',
      'finishedAt',
      'copyOnly',
      'firstLsn',
      'lastLsn',
      'checkpointLsn',
      'databaseBackupLsn',
      'device',
    ]);
    fc.assert(
      fc.property(
        fc.oneof(instanceRow, fc.constant(undefined), fc.constant(null)),
        fc.array(databaseRow, { maxLength: 4 }),
        fc.array(backupRow, { maxLength: 8 }),
        (instance, databases, backups) => {
          const names = ['ServiceManager'];
          const facts = databaseFacts(names, databaseAnswers(databases), backupAnswers(backups));
          const answer = instanceAnswer(instance);
          const live: LiveState = {
            checkedAt: NOW.toISOString(),
            instances: [
              { server: 'SQL01', address: 'SQL01\\SCSM', error: undefined, ...answer, databases: facts },
            ],
            files: [],
          };
          const findings = liveFindings(runbook, live, NOW);
          const views = [...serversTree(runbook, live, NOW), ...backupsTree(runbook, live, NOW)];
          const texts = JSON.stringify([findings.map((f) => f.message), views]);
          assert.doesNotMatch(texts, /undefined|NaN|\[object/);
          for (const value of [
            answer.machineName,
            answer.instanceName,
            ...facts.flatMap((f) => [f.state, f.recoveryModel]),
          ])
            assert.ok(value === undefined || value === null || value.length <= MAX_TEXT + 30);
          if (answer.clrEnabled === undefined) assert.ok(!findings.some((f) => f.rule.code === 'SMDR403'));
          if (facts[0]!.state === null)
            assert.ok(
              !findings.some(
                (f) =>
                  ['SMDR404', 'SMDR405', 'SMDR406'].includes(f.rule.code) &&
                  f.message.startsWith('ServiceManager'),
              ),
            );
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('requirements of the runbook version (SMDR410-413)', () => {
  const text = edit(
    edit(CONTOSO, 'scsm: 2016', 'scsm: 2022'),
    'encrypt: true',
    'encrypt: true, collation: Latin1_General_CI_AS',
  );
  const runbook = parseRunbook(text);
  const ok = sql01({
    productVersion: '15.0.4073.23',
    collation: 'latin1_general_ci_as',
    fullTextInstalled: true,
    clrStrictSecurity: true,
    assemblies: [{ database: 'ServiceManager', name: 'A', trusted: true }],
  });
  const codes = (instance: InstanceFacts) => unmetRequirements(runbook, instance).map((u) => u.rule.code);

  it('finds nothing on an instance that meets them, and each one when it is broken', () => {
    assert.deepEqual(codes(ok), []);
    assert.deepEqual(codes({ ...ok, productVersion: '15.0.2000.5' }), ['SMDR410']);
    assert.deepEqual(codes({ ...ok, productVersion: '16.0.1000.6' }), ['SMDR410']);
    assert.deepEqual(codes({ ...ok, collation: 'SQL_Latin1_General_CP1_CI_AS' }), ['SMDR411']);
    assert.deepEqual(codes({ ...ok, fullTextInstalled: false }), ['SMDR412']);
    assert.deepEqual(
      codes({ ...ok, assemblies: [{ database: 'ServiceManager', name: 'A', trusted: false }] }),
      ['SMDR413'],
    );
    assert.deepEqual(
      codes({
        ...ok,
        clrStrictSecurity: false,
        assemblies: [{ database: 'ServiceManager', name: 'A', trusted: false }],
      }),
      [],
    );
  });

  it('places each finding on the line that declares the instance', () => {
    const live: LiveState = {
      checkedAt: NOW.toISOString(),
      instances: [{ ...ok, fullTextInstalled: false }],
      files: [],
    };
    const found = liveFindings(runbook, live).filter((f) => f.rule.code === 'SMDR412');
    assert.deepEqual(
      found.map((f) => f.range),
      [rangeOf(text, 'SCSM', 0, 'SQL01:')],
    );
  });

  it('judges nothing from an unknown or hostile answer, nor without scsm or sql.collation', () => {
    const unknown = sql01({});
    assert.deepEqual(codes(unknown), []);
    assert.deepEqual(
      unmetRequirements(parseRunbook(CONTOSO.replace(/^scsm: 2016\n/m, '')), {
        ...ok,
        productVersion: '9.0.1',
      }),
      [],
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (version) => {
        const unmet = unmetRequirements(runbook, { ...ok, productVersion: version });
        // A version that does not read as major.minor.build judges nothing.
        if (!/^\d{1,5}\.\d{1,5}\.\d{1,6}(?:\.\d{1,6})?$/.test(version.trim())) assert.deepEqual(unmet, []);
      }),
    );
  });
});

describe('messages that name what to change', () => {
  const target: SqlTarget = {
    instance: 'SQL01\\SCSM',
    host: 'sql01.contoso.local',
    port: null,
    browserInstance: 'SCSM',
    authentication: 'sql',
    user: 'smdr-reader',
    domain: null,
    encrypt: true,
    trustServerCertificate: false,
  };

  it('names the runbook key, setting or flag for each failure the driver reports', () => {
    const cases: [string, boolean, RegExp][] = [
      [
        'Failed to connect to sql01:1433 - self-signed certificate',
        false,
        /set sql\.trustServerCertificate: true in the runbook/,
      ],
      [
        "Failed to connect to sql01:1433 - Hostname/IP does not match certificate's altnames",
        false,
        /sql\.trustServerCertificate/,
      ],
      [
        "Login failed for user 'smdr-reader'.",
        true,
        /refused the login smdr-reader on SQL01\\SCSM: .*sql\.user and sql\.authentication/,
      ],
      [
        'Failed to connect to sql01:1433 - connect ECONNREFUSED 127.0.0.1:1433',
        false,
        /servers\.SQL01\.fqdn, servers\.SQL01\.instance and sql\.port in the runbook, or map SQL01\\SCSM to HOST:PORT \(smdr\.sql\.endpoints in VS Code, --endpoint on the command line\)/,
      ],
      ['Failed to connect to sql01:1433 in 15000ms', false, /smdr\.live\.connectTimeout, --connect-timeout/],
      [
        'Timeout: Request failed to complete in 800ms',
        false,
        /smdr\.live\.requestTimeout in VS Code, --request-timeout/,
      ],
      ["Server requires encryption, set 'encrypt' config option to true.", false, /sql\.encrypt is true/],
    ];
    for (const [error, refused, expected] of cases)
      assert.match(remedyFor(error, 'SQL01', target, refused)!, expected, error);
    assert.equal(
      withRemedy("Login failed for user 'smdr-reader'.", 'SQL01', target, true),
      "Login failed for user 'smdr-reader'. SQL Server refused the login smdr-reader on SQL01\\SCSM: check its password, or the login the runbook names in sql.user and sql.authentication.",
    );
    assert.equal(remedyFor('Invalid object name msdb.dbo.backupset', 'SQL01', target, false), undefined);
  });

  it('keeps whatever the server said first, whole, and adds one line at most', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (error, refused) => {
        const text = withRemedy(error, 'SQL01', target, refused);
        const kept = error.trimEnd().replace(/\.$/, '');
        assert.ok(text.startsWith(kept));
        assert.ok(!text.slice(kept.length).includes('\n'), 'the remedy is one line');
        assert.ok(text.length <= kept.length + 400, 'the remedy is one sentence');
      }),
    );
  });
});

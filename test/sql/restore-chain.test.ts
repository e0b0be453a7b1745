/**
 * The generated restore-databases step run by `smdr sql` (the real mssql client) against the loopback
 * TDS endpoint, which answers RESTORE HEADERONLY / FILELISTONLY, xp_dirtree and xp_fileexist from the
 * scenario's backup files and records each RESTORE it is sent.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { loopbackTarget, smdr, smdrInTerminal, writeJob, type Run } from './cliRun';
import { PasswordHandoff } from '../../client/src/runner/handoff';
import {
  startEndpoint,
  type BackupFileScenario,
  type BackupSetScenario,
  type InstanceScenario,
} from './endpoint';

const FOLDER = '\\\\nas01\\sql\\SM\\';
/** LSNs beyond 2^53, as real ones are. */
const L = (n: number) => `3700000001${String(n).padStart(7, '0')}`;
const at = (hour: number) => `2026-11-24T${String(hour).padStart(2, '0')}:00:00.000`;

const full = (
  first: number,
  last: number,
  hour: number,
  extra: Partial<BackupSetScenario> = {},
): BackupSetScenario => ({
  database: 'ServiceManager',
  backupType: 1,
  finishedAt: at(hour),
  firstLsn: L(first),
  lastLsn: L(last),
  checkpointLsn: L(first),
  ...extra,
});
const diff = (
  first: number,
  last: number,
  hour: number,
  base: number,
  extra: Partial<BackupSetScenario> = {},
) => full(first, last, hour, { backupType: 5, databaseBackupLsn: L(base), ...extra });
const log = (first: number, last: number, hour: number, extra: Partial<BackupSetScenario> = {}) =>
  full(first, last, hour, { backupType: 2, ...extra });

const FILES = [
  { logicalName: 'ServiceManager', physicalName: 'D:\\MSSQL\\Data\\ServiceManager.mdf', type: 'D' as const },
  {
    logicalName: 'ServiceManager_log',
    physicalName: 'L:\\MSSQL\\Log\\ServiceManager_log.ldf',
    type: 'L' as const,
  },
];
const bak = (...sets: BackupSetScenario[]): BackupFileScenario => ({ sets, files: FILES });

function runbook(backup: string, serverKeys = ''): string {
  return `---
smdr: 1
scsm: 2022
managementGroup: LAB
objectives: { rpo: 24h }
media: 'D:\\SCSM2022'
permissionScripts: '\\\\nas01\\lab\\sql-permissions'
sql: { authentication: sql, user: smdr, encrypt: false }
servers:
  LABSM01:
    role: management
    primary: true
    fqdn: labsm01.lab.local
    keyBackup: '\\\\nas01\\lab\\keys\\LABSM01.bin'
  LABSQL01:
    role: database
    fqdn: labsql01.lab.local${serverKeys}
    databases:
      ServiceManager: '${backup}'
---

# Lab recovery

## LABSQL01 fails {scenario=database failed=LABSQL01}

### Same computer name {step=same-name-computer}

### Restore the databases {step=restore-databases}

### Enable CLR {step=enable-clr}

### Restore logins and permissions {step=restore-permissions}
`;
}

interface Outcome extends Run {
  /** The RESTORE DATABASE / RESTORE LOG statements the endpoint received, in order. */
  restores: string[];
  attentions: number;
}

/**
 * Runs the restore-databases step of `runbook()` against an endpoint holding `backupFiles`: from the
 * runbook (`--line`), or as the job VS Code would confirm from its plan (`job: true`).
 */
async function restore(
  backupFiles: Record<string, BackupFileScenario>,
  options: {
    backup?: string;
    serverKeys?: string;
    flags?: string[];
    scenario?: Partial<InstanceScenario>;
    job?: boolean;
    /** Run in a terminal, typing this. */
    typed?: string;
    onLine?: (line: string, child: ChildProcess) => void;
  } = {},
): Promise<Outcome> {
  const endpoint = await startEndpoint({
    machineName: 'LABSQL01',
    instanceName: null,
    user: 'smdr',
    password: 'S3cret!',
    backupFiles,
    existingFolders: ['D:\\MSSQL\\Data', 'L:\\MSSQL\\Log'],
    now: at(12),
    ...options.scenario,
  });
  // A job gets its password only through VS Code's handoff, never SMDR_SQL_PASSWORD.
  const handoff = new PasswordHandoff();
  try {
    const text = runbook(options.backup ?? FOLDER, options.serverKeys);
    let args: string[];
    if (options.job) {
      const step = planRunbook(parseRunbook(text))
        .flatMap((s) => s.steps)
        .find((s) => s.kind === 'restore-databases')!;
      assert.equal(step.error, null);
      const { path, sha256 } = writeJob({
        v: 1,
        title: step.title,
        kind: step.kind,
        statement: step.command!,
        database: step.database ?? 'master',
        target: loopbackTarget(endpoint.port),
        handoff: await handoff.offer('S3cret!'),
        allowUnencrypted: true,
      });
      args = ['sql', '--job', path, '--sha256', sha256];
    } else {
      const file = join(mkdtempSync(join(tmpdir(), 'smdr-chain-')), 'lab.runbook.md');
      writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('{step=restore-databases}')) + 1;
      args = ['sql', file, '--line', String(line), '--endpoint', `LABSQL01=127.0.0.1:${endpoint.port}`];
      args.push('--allow-unencrypted', ...(options.flags ?? []));
    }
    const env = { SMDR_SQL_PASSWORD: 'S3cret!' };
    const run =
      options.typed === undefined
        ? await smdr(args, env, options.onLine)
        : await smdrInTerminal(args, env, options.typed);
    return {
      ...run,
      restores: endpoint.statements.map((s) => s.text).filter((s) => /^RESTORE (?:DATABASE|LOG) /.test(s)),
      attentions: endpoint.attentions,
    };
  } finally {
    handoff.dispose();
    await endpoint.close();
  }
}

const DISK = (file: string, position = 1) =>
  `FROM DISK = N'${FOLDER}${file}' WITH FILE = ${position}, NORECOVERY`;
const RECOVERY = 'RESTORE DATABASE [ServiceManager] WITH RECOVERY;';

describe('restore-databases: the whole chain, read from the backup files', () => {
  it('full only: the newest full by LSN, then RECOVERY, with progress and the point against the RPO', async () => {
    const run = await restore(
      { '\\\\nas01\\sql\\SM.bak': bak(full(10, 50, 1), full(100, 200, 6)) },
      { backup: '\\\\nas01\\sql\\SM.bak' },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      "RESTORE DATABASE [ServiceManager] FROM DISK = N'\\\\nas01\\sql\\SM.bak' WITH FILE = 2, NORECOVERY, STATS = 10;",
      RECOVERY,
    ]);
    assert.match(
      run.stdout,
      /full backup of 2026-11-24T06:00:00\.000, \\\\nas01\\sql\\SM\.bak \(set 2\)\n.*\n10 percent processed\.\n100 percent processed\./,
    );
    assert.match(
      run.stdout,
      /ServiceManager restored to 2026-11-24T06:00:00\.000 \(the SQL Server's clock\), 6 h before the restore began; RPO is 24 h: within the RPO\./,
    );
  });

  it('full + differential from a folder', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}diff.bak`]: bak(diff(300, 400, 3, 100)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE DATABASE [ServiceManager] ${DISK('diff.bak')}, STATS = 10;`,
      RECOVERY,
    ]);
  });

  it('full + differential + the log chain, logs appended in one file restored by position', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}diff.bak`]: bak(diff(300, 400, 3, 100)),
      [`${FOLDER}logs.trn`]: bak(log(150, 450, 4), log(450, 500, 5)),
      [`${FOLDER}late.trn`]: bak(log(500, 600, 8)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE DATABASE [ServiceManager] ${DISK('diff.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('logs.trn', 1)}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('logs.trn', 2)}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('late.trn')}, STATS = 10;`,
      RECOVERY,
    ]);
    assert.match(run.stdout, /restored to 2026-11-24T08:00:00\.000 .* 4 h before the restore began/);
  });

  it('a broken log chain restores up to the gap and says so', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}log1.trn`]: bak(log(150, 250, 2)),
      [`${FOLDER}log3.trn`]: bak(log(300, 400, 4)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('log1.trn')}, STATS = 10;`,
      RECOVERY,
    ]);
    assert.match(
      run.stdout,
      new RegExp(`WARNING: the log chain stops at a gap: .*starts at LSN ${L(300)}, not at ${L(250)}`),
    );
    assert.match(run.stdout, /restored to 2026-11-24T02:00:00\.000 .*\(the log chain stops at a gap\)\./);
  });

  it('a differential of another full is not restored: the logs continue the full', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}diff.bak`]: bak(diff(300, 400, 3, 50)),
      [`${FOLDER}log.trn`]: bak(log(150, 250, 4)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('log.trn')}, STATS = 10;`,
      RECOVERY,
    ]);
  });

  it('copy-only backups are ignored, and named', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}copy.bak`]: bak(full(900, 1000, 9, { copyOnly: true })),
      [`${FOLDER}log.trn`]: bak(log(150, 250, 4)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('log.trn')}, STATS = 10;`,
      RECOVERY,
    ]);
    assert.match(run.stdout, /ServiceManager: ignored 1 copy-only backup/);
  });

  it('files of another database and files that are no backup are left out, and named', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}dw.bak`]: bak(full(5000, 6000, 9, { database: 'DWDataMart' })),
      [`${FOLDER}readme.txt`]: 'not-a-backup',
      [`${FOLDER}evil\n.bak`]: bak(full(7000, 8000, 10)),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      RECOVERY,
    ]);
    assert.match(
      run.stdout,
      /readme\.txt is skipped: The media family on device is incorrectly formed.* \(SQL Server error 3241\)/,
    );
    assert.match(run.stdout, /ignored 1 backup set of other databases \(DWDataMart\)/);
  });

  it('moves files whose original folder does not exist to dataFolder and logFolder', async () => {
    const run = await restore(
      { [`${FOLDER}full.bak`]: bak(full(100, 200, 1)) },
      {
        serverKeys: "\n    dataFolder: 'E:\\Data'\n    logFolder: 'F:\\Log\\'",
        scenario: { existingFolders: [] },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, MOVE N'ServiceManager' TO N'E:\\Data\\ServiceManager.mdf', MOVE N'ServiceManager_log' TO N'F:\\Log\\ServiceManager_log.ldf', STATS = 10;`,
      RECOVERY,
    ]);
  });

  it('restores nothing when an original folder is missing and the runbook gives no folder for it', async () => {
    const run = await restore(
      { [`${FOLDER}full.bak`]: bak(full(100, 200, 1)) },
      { scenario: { existingFolders: ['D:\\MSSQL\\Data'] } },
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /the original folder of ServiceManager_log \(L:\\MSSQL\\Log\\\) does not exist on this instance, and the runbook gives no `logFolder` for this server: nothing was restored\./,
    );
    assert.deepEqual(run.restores, []);
  });

  it('restores nothing when the folder holds no full backup, saying what it found', async () => {
    const run = await restore({ [`${FOLDER}log.trn`]: bak(log(150, 250, 4)) });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /ServiceManager: no full backup of ServiceManager among 1 backup set: nothing was restored\./,
    );
    assert.deepEqual(run.restores, []);
  });

  it('--stop-at restores to a point in time (STOPAT on the logs) and reports it against the RPO', async () => {
    const run = await restore(
      {
        [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
        [`${FOLDER}diff.bak`]: bak(diff(300, 400, 5, 100)),
        [`${FOLDER}log1.trn`]: bak(log(150, 250, 2)),
        [`${FOLDER}log2.trn`]: bak(log(250, 450, 4)),
        [`${FOLDER}log3.trn`]: bak(log(450, 500, 6)),
      },
      { flags: ['--stop-at', '2026-11-24 03:30'], scenario: { now: '2026-11-26T04:00:00.000' } },
    );
    assert.equal(run.code, 0, run.stderr);
    const stop = "NORECOVERY, STOPAT = N'2026-11-24T03:30:00', STATS = 10;";
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] FROM DISK = N'${FOLDER}log1.trn' WITH FILE = 1, ${stop}`,
      `RESTORE LOG [ServiceManager] FROM DISK = N'${FOLDER}log2.trn' WITH FILE = 1, ${stop}`,
      RECOVERY,
    ]);
    assert.match(
      run.stdout,
      /restored to 2026-11-24T03:30:00 .*2 days before the restore began; RPO is 24 h: BEYOND the RPO\./,
    );
    const bad = await restore({}, { flags: ['--stop-at', "tomorrow'; DROP"] });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--stop-at takes a time/);
  });

  it('asks for the point in time in a terminal: a time restores to it, Enter to the newest point, nonsense is asked again', async () => {
    const files = {
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}log1.trn`]: bak(log(150, 250, 2)),
      [`${FOLDER}log2.trn`]: bak(log(250, 450, 4)),
    };
    const timed = await restore(files, { typed: 'yesterday\r2026-11-24 02:30\r' });
    assert.equal(timed.code, 0, timed.stdout);
    assert.match(timed.stdout, /Restore to a point in time\?/);
    assert.match(
      timed.stdout,
      /--stop-at takes a time on the SQL Server's clock: YYYY-MM-DD HH:MM\[:SS\], not "yesterday"/,
    );
    assert.deepEqual(timed.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('log1.trn')}, STOPAT = N'2026-11-24T02:30:00', STATS = 10;`,
      `RESTORE LOG [ServiceManager] ${DISK('log2.trn')}, STOPAT = N'2026-11-24T02:30:00', STATS = 10;`,
      RECOVERY,
    ]);
    const newest = await restore(files, { typed: '\r' });
    assert.equal(newest.code, 0, newest.stdout);
    assert.equal(newest.restores.length, 4);
    assert.doesNotMatch(newest.restores.join('\n'), /STOPAT/);
    assert.match(newest.stdout, /restored to 2026-11-24T04:00:00\.000/);
  });

  it('stops at the first failing restore, exit 1, without RECOVERY', async () => {
    const run = await restore(
      { [`${FOLDER}full.bak`]: bak(full(100, 200, 1)), [`${FOLDER}log.trn`]: bak(log(150, 250, 2)) },
      {
        scenario: {
          batches: [
            {
              match: /^RESTORE LOG/,
              error: {
                number: 4305,
                message: 'The log in this backup set begins at LSN ..., which is too recent.',
              },
            },
          ],
        },
      },
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /SQL Server error 4305/);
    assert.equal(run.restores.length, 2);
    assert.ok(!run.restores.includes(RECOVERY));
  });

  it('a header a server should never send (an LSN that is no number) is counted and left out', async () => {
    const run = await restore({
      [`${FOLDER}full.bak`]: bak(full(100, 200, 1)),
      [`${FOLDER}odd.bak`]: bak(full(100, 200, 9, { lastLsn: "9'; DROP DATABASE x; --" })),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      RECOVERY,
    ]);
    assert.match(run.stdout, /ignored 1 header rows that could not be read/);
  });

  it('Ctrl+C stops the restore in flight with an ATTENTION, sends nothing more, exits 130', async () => {
    const run = await restore(
      { [`${FOLDER}full.bak`]: bak(full(100, 200, 1)), [`${FOLDER}log.trn`]: bak(log(150, 250, 2)) },
      {
        scenario: {
          batches: [
            {
              match: /^RESTORE DATABASE .*NORECOVERY/,
              messages: ['5 percent processed.'],
              finishWhen: new Promise(() => undefined),
            },
          ],
        },
        onLine: (line, child) => line === '5 percent processed.' && child.kill('SIGINT'),
      },
    );
    assert.equal(run.code, 130, run.stderr);
    assert.equal(run.attentions, 1);
    assert.match(run.stderr, /leaves its database RESTORING/);
    assert.deepEqual(run.restores, [`RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`]);
  });

  it('runs the chain from a job confirmed in VS Code, as planned', async () => {
    const run = await restore({ [`${FOLDER}full.bak`]: bak(full(100, 200, 1)) }, { job: true });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.restores, [
      `RESTORE DATABASE [ServiceManager] ${DISK('full.bak')}, STATS = 10;`,
      RECOVERY,
    ]);
  });
});

/** The pure restore chain: which backup sets are restored, the command a plan shows, and its round trip. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { QuoteError } from '../../server/src/stepScripts/quote';
import {
  readRestoreChainCommand,
  restoreChainCommand,
  type RestoreInputs,
} from '../../server/src/stepScripts/restoreChain';
import { pointInTime, reached } from '../../server/src/cli/restoreRun';
import { chooseChain, type BackupHeader } from '../../server/src/restore/chain';
import { inFolder, recoveryStatement, restoreStatement } from '../../server/src/restore/statements';

/** LSNs beyond 2^53, as real ones are: a JavaScript number would round them. */
const L = (n: number) => `3700000001${String(n).padStart(7, '0')}`;
let files = 0;
const set = (
  type: BackupHeader['type'],
  hour: number,
  first: number,
  last: number,
  extra: Partial<BackupHeader> = {},
): BackupHeader => ({
  file: `\\\\nas\\sql\\SM\\${type}-${files++}.bak`,
  position: 1,
  databaseName: 'ServiceManager',
  type,
  firstLsn: L(first),
  lastLsn: L(last),
  checkpointLsn: L(first),
  databaseBackupLsn: '0',
  finishedAt: `2026-11-24T${String(hour).padStart(2, '0')}:00:00`,
  copyOnly: false,
  ...extra,
});

const chosen = (headers: BackupHeader[], stopAt?: string) => {
  const choice = chooseChain('ServiceManager', headers, stopAt);
  assert.ok('chain' in choice, 'error' in choice ? choice.error : '');
  return choice.chain;
};

describe('restore chain from backup headers', () => {
  const full = set('full', 1, 100, 200);
  const oldFull = set('full', 0, 10, 50);
  const diff = set('differential', 3, 300, 400, { databaseBackupLsn: L(100) });
  const log1 = set('log', 4, 150, 450);
  const log2 = set('log', 5, 450, 500);
  const log3 = set('log', 6, 500, 600);

  it('full only', () => {
    const chain = chosen([oldFull, full]);
    assert.deepEqual(chain.sets, [full]);
    assert.equal(chain.restoredTo, full.finishedAt);
    assert.equal(chain.gap, undefined);
  });

  it('full + differential, the newest full by LSN not by date', () => {
    const lateButOlder = set('full', 23, 5, 9);
    assert.deepEqual(chosen([lateButOlder, full, diff]).sets, [full, diff]);
  });

  it('full + differential + the logs that continue it, in order', () => {
    const chain = chosen([log3, log1, diff, full, log2, oldFull]);
    assert.deepEqual(chain.sets, [full, diff, log1, log2, log3]);
    assert.equal(chain.restoredTo, log3.finishedAt);
  });

  it('a gap in the log chain stops it there and says so', () => {
    const after = set('log', 7, 650, 700);
    const chain = chosen([full, diff, log1, log2, after]);
    assert.deepEqual(chain.sets, [full, diff, log1, log2]);
    assert.match(chain.gap!, new RegExp(`starts at LSN ${L(650)}, not at ${L(500)}`));
  });

  it('a differential of another full is not used: the logs continue the full', () => {
    const foreign = set('differential', 3, 300, 400, { databaseBackupLsn: L(10) });
    const fromFull = set('log', 4, 150, 250);
    assert.deepEqual(chosen([full, foreign, fromFull]).sets, [full, fromFull]);
  });

  it('copy-only backups are ignored, and named', () => {
    const copyFull = set('full', 9, 800, 900, { copyOnly: true });
    const copyLog = set('log', 9, 450, 480, { copyOnly: true });
    const chain = chosen([full, copyFull, log1, copyLog, log2]);
    assert.deepEqual(chain.sets, [full, log1, log2]);
    assert.ok(chain.ignored.includes('2 copy-only backups'), chain.ignored.join('; '));
  });

  it('the newest copy-only full is used when no regular full exists', () => {
    const copyFull = set('full', 9, 100, 200, { copyOnly: true });
    assert.deepEqual(chosen([copyFull, log1]).sets, [copyFull, log1]);
  });

  it('backup sets of another database are ignored, and named', () => {
    const other = set('full', 9, 1000, 2000, { databaseName: 'DWDataMart' });
    const chain = chosen([full, other, log1]);
    assert.deepEqual(chain.sets, [full, log1]);
    assert.deepEqual(chain.ignored, ['1 backup set of other databases (DWDataMart)']);
  });

  it('no full backup is an error saying what it found', () => {
    const choice = chooseChain('ServiceManager', [
      diff,
      log1,
      set('full', 1, 1, 2, { databaseName: 'Other' }),
    ]);
    assert.ok('error' in choice);
    assert.match(
      choice.error,
      /no full backup of ServiceManager among 3 backup sets \(ignored: 1 backup set of other databases \(Other\)\)/,
    );
  });

  it('a point in time leaves out later bases and logs after the one that reaches it', () => {
    const chain = chosen([full, diff, log1, log2, log3], '2026-11-24T02:30:00');
    // The differential finished at 03:00, after the point: the logs continue the full.
    assert.deepEqual(chain.sets, [full, log1]);
    assert.equal(chain.restoredTo, '2026-11-24T02:30:00');
    const early = chooseChain('ServiceManager', [full, log1], '2026-11-24T00:30:00');
    assert.ok('error' in early && /finished by 2026-11-24T00:30:00/.test(early.error));
  });

  it('property: the chosen sets always chain by LSN, base first, no copy-only, one database', () => {
    const header = fc.record({
      type: fc.constantFrom<BackupHeader['type']>('full', 'differential', 'log'),
      first: fc.integer({ min: 0, max: 30 }),
      span: fc.integer({ min: 1, max: 10 }),
      base: fc.integer({ min: 0, max: 30 }),
      hour: fc.integer({ min: 0, max: 23 }),
      copyOnly: fc.boolean(),
      other: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(header, { maxLength: 12 }), (specs) => {
        const headers = specs.map((s) =>
          set(s.type, s.hour, s.first, s.first + s.span, {
            databaseBackupLsn: L(s.base),
            copyOnly: s.copyOnly,
            databaseName: s.other ? 'Other' : 'servicemanager',
          }),
        );
        const choice = chooseChain('ServiceManager', headers);
        if ('error' in choice) {
          assert.ok(!headers.some((h) => h.type === 'full' && h.databaseName !== 'Other'));
          return;
        }
        const [base, ...rest] = choice.chain.sets;
        assert.equal(base!.type, 'full');
        for (const s of choice.chain.sets) assert.notEqual(s.databaseName, 'Other');
        const logs = rest.filter((s) => s.type === 'log');
        if (rest[0]?.type === 'differential') assert.equal(rest[0].databaseBackupLsn, base!.checkpointLsn);
        logs.forEach((log, i) => {
          assert.ok(!log.copyOnly);
          if (i > 0) assert.equal(log.firstLsn, logs[i - 1]!.lastLsn);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('restore statements', () => {
  const full = set('full', 1, 100, 200);
  it('restores WITH NORECOVERY and MOVE, logs with STOPAT, recovers at the end, never REPLACE', () => {
    assert.equal(
      restoreStatement("S]M'", full, { moves: [{ logicalName: "d'x", to: 'E:\\Data\\sm.mdf' }] }),
      `RESTORE DATABASE [S]]M'] FROM DISK = N'${full.file}' WITH FILE = 1, NORECOVERY, MOVE N'd''x' TO N'E:\\Data\\sm.mdf', STATS = 10;`,
    );
    assert.equal(
      restoreStatement('SM', set('log', 2, 1, 2, { file: 'L.trn', position: 3 }), {
        stopAt: '2026-11-24T02:30:00',
      }),
      "RESTORE LOG [SM] FROM DISK = N'L.trn' WITH FILE = 3, NORECOVERY, STOPAT = N'2026-11-24T02:30:00', STATS = 10;",
    );
    assert.equal(recoveryStatement('SM'), 'RESTORE DATABASE [SM] WITH RECOVERY;');
    assert.throws(() => restoreStatement('SM', { ...full, file: 'a\nb' }), QuoteError);
  });

  it('joins a folder and a name with one separator of the folder kind', () => {
    assert.equal(inFolder('E:\\Data', 'a.mdf'), 'E:\\Data\\a.mdf');
    assert.equal(inFolder('E:\\Data\\', 'a.mdf'), 'E:\\Data\\a.mdf');
    assert.equal(inFolder('/var/opt/mssql/data', 'a.mdf'), '/var/opt/mssql/data/a.mdf');
  });

  it('reads a point in time on the server clock, refusing anything else', () => {
    assert.equal(pointInTime('2026-11-24 02:30'), '2026-11-24T02:30:00');
    assert.equal(pointInTime('2026-11-24T02:30:15.5'), '2026-11-24T02:30:15.5');
    for (const bad of ['yesterday', '2026-13-40 99:99', "2026-11-24 02:30'; DROP", ''])
      assert.throws(() => pointInTime(bad), /--stop-at takes a time/);
  });

  it('reports the point reached against the RPO', () => {
    const chain = { sets: [full], gap: undefined, ignored: [], restoredTo: '2026-11-24T01:00:00' };
    assert.equal(
      reached('SM', chain, '2026-11-24T04:00:00', '24h'),
      "SM restored to 2026-11-24T01:00:00 (the SQL Server's clock), 3 h before the restore began; RPO is 24 h: within the RPO.",
    );
    assert.match(
      reached('SM', chain, '2026-11-27T04:00:00', '24h'),
      /3 days before the restore began; RPO is 24 h: BEYOND the RPO/,
    );
  });
});

describe('the generated restore-databases command', () => {
  const inputs: RestoreInputs = {
    targets: [
      {
        database: 'ServiceManager',
        backup: '\\\\nas\\sql\\SM\\',
        dataFolder: 'E:\\Data',
        logFolder: 'F:\\Log',
      },
      { database: 'DWDataMart', backup: '\\\\nas\\sql\\dm.bak', dataFolder: '', logFolder: '' },
    ],
    rpo: '24h',
  };

  it('shows each NORECOVERY restore and the final RECOVERY, and no REPLACE', () => {
    const text = restoreChainCommand(inputs);
    for (const db of ['ServiceManager', 'DWDataMart']) {
      assert.match(
        text,
        new RegExp(`RESTORE DATABASE \\[${db}\\] FROM DISK = @full WITH FILE = @position, NORECOVERY`),
      );
      assert.match(text, new RegExp(`RESTORE LOG \\[${db}\\] FROM DISK = @log .*STOPAT = @stopAt`));
      assert.match(text, new RegExp(`RESTORE DATABASE \\[${db}\\] WITH RECOVERY;`));
    }
    assert.doesNotMatch(text, /REPLACE,|REPLACE;/);
  });

  it('reads back exactly the inputs it was made from, and nothing else', () => {
    assert.deepEqual(readRestoreChainCommand(restoreChainCommand(inputs)), inputs);
    const text = restoreChainCommand(inputs);
    assert.equal(readRestoreChainCommand(text.replace('WITH RECOVERY', 'WITH RECOVERY, REPLACE')), undefined);
    assert.equal(readRestoreChainCommand(`${text}\nDROP DATABASE [x];`), undefined);
    assert.equal(readRestoreChainCommand("RESTORE DATABASE [SM] FROM DISK = N'x' WITH RECOVERY;"), undefined);
  });

  it('property: hostile values round-trip whole', () => {
    const value = fc.string({
      unit: fc.constantFrom("'", ']', '[', '-', '*', '/', 'N', ' ', ';', 'é', '"', '\\', 'a'),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value, value), { minLength: 1, maxLength: 3 }),
        value,
        (rows, rpo) => {
          const given: RestoreInputs = {
            targets: rows.map(([database, backup, dataFolder, logFolder]) => ({
              database,
              backup,
              dataFolder,
              logFolder,
            })),
            rpo,
          };
          assert.deepEqual(readRestoreChainCommand(restoreChainCommand(given)), given);
        },
      ),
      { numRuns: 300 },
    );
  });
});

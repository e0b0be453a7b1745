/**
 * The restore chain of one database from its msdb backup history, the way dbatools reads it
 * (domain.md): the newest full is the highest last_lsn (not the latest date); a differential belongs
 * to it when its database_backup_lsn equals the full's checkpoint_lsn; logs chain when each first_lsn
 * equals the previous last_lsn, starting from a log that covers the last full or differential.
 */
import type { BackupRow } from './facts';

export interface Chain {
  full: BackupRow | undefined;
  differential: BackupRow | undefined;
  /** The log backups of the unbroken chain after the full or differential, in restore order. */
  logs: BackupRow[];
  /** The last log of the unbroken chain after the full or differential. */
  lastLog: BackupRow | undefined;
  /** Why the logs after the base do not chain, when they do not. */
  broken: string | undefined;
  /** The newest point the chain restores to. */
  restorableTo: string | undefined;
}

const lsn = (value: string): bigint => {
  try {
    return BigInt(value.trim() || '0');
  } catch {
    return 0n;
  }
};

const byLastLsn = (a: BackupRow, b: BackupRow) =>
  lsn(a.lastLsn) < lsn(b.lastLsn) ? -1 : lsn(a.lastLsn) > lsn(b.lastLsn) ? 1 : 0;

export function restoreChain(rows: readonly BackupRow[]): Chain {
  const fulls = rows.filter((r) => r.type === 'D' && !r.copyOnly).sort(byLastLsn);
  const full = fulls[fulls.length - 1];
  if (!full)
    return {
      full: undefined,
      differential: undefined,
      logs: [],
      lastLog: undefined,
      broken: undefined,
      restorableTo: undefined,
    };
  const differentials = rows
    .filter(
      (r) =>
        r.type === 'I' &&
        !r.copyOnly &&
        // An unknown LSN (empty) ties a differential to nothing.
        r.databaseBackupLsn !== '' &&
        full.checkpointLsn !== '' &&
        lsn(r.databaseBackupLsn) === lsn(full.checkpointLsn),
    )
    .sort(byLastLsn);
  const differential = differentials[differentials.length - 1];
  const base = differential ?? full;
  const logs = rows
    .filter((r) => r.type === 'L' && lsn(r.lastLsn) > lsn(base.lastLsn))
    .sort((a, b) => (lsn(a.firstLsn) < lsn(b.firstLsn) ? -1 : 1));
  const chained: BackupRow[] = [];
  let lastLog: BackupRow | undefined;
  let broken: string | undefined;
  for (const log of logs) {
    const expected = lastLog ? lsn(lastLog.lastLsn) : undefined;
    const joins =
      expected === undefined ? lsn(log.firstLsn) <= lsn(base.lastLsn) : lsn(log.firstLsn) === expected;
    if (!joins) {
      broken = lastLog
        ? `the log backup of ${log.finishedAt} starts at LSN ${log.firstLsn}, not at ${lastLog.lastLsn} where the previous one ended`
        : `the first log backup after the ${differential ? 'differential' : 'full'} starts at LSN ${log.firstLsn}, after ${base.lastLsn}`;
      break;
    }
    lastLog = log;
    chained.push(log);
  }
  const points = [full, differential, lastLog].filter((r): r is BackupRow => !!r).map((r) => r.finishedAt);
  return { full, differential, logs: chained, lastLog, broken, restorableTo: points.sort().pop() };
}

/**
 * Which backup sets restore a database to the newest point its backup files allow (domain.md,
 * "Restoring to the newest point"), from the headers read out of the files. The LSN rules are those
 * the Backups view applies to msdb's history (live/chain.ts), so both judge a chain the same way.
 *
 * Copy-only backups are ignored: a copy-only full is no base for differentials and a copy-only log
 * repeats LSNs the regular logs hold. Only when the files hold no regular full backup is the newest
 * copy-only full used, alone or with the logs that continue from it. Backup sets of another database
 * (DatabaseName differs, ignoring case) are ignored. A point in time (STOPAT) leaves out the full and
 * differential backups finished after it and the logs after the first one that reaches it.
 */
import { restoreChain } from '../live/chain';
import type { BackupRow } from '../live/facts';

/** One backup set of a file, as RESTORE HEADERONLY describes it. */
export interface BackupHeader {
  file: string;
  /** Position of the set in its file (RESTORE ... WITH FILE = n). */
  position: number;
  databaseName: string;
  type: 'full' | 'differential' | 'log';
  firstLsn: string;
  lastLsn: string;
  checkpointLsn: string;
  databaseBackupLsn: string;
  /** BackupFinishDate in the server's local time, `YYYY-MM-DDTHH:MM:SS[.fff]`. */
  finishedAt: string;
  copyOnly: boolean;
}

export interface ChosenChain {
  /** Full, then the differential if any, then each log: the restore order. */
  sets: BackupHeader[];
  /** Why the log chain stops where it does, when a gap stops it. */
  gap: string | undefined;
  /** What was left out and why, one sentence each. */
  ignored: string[];
  /** The newest point these sets restore to (the STOPAT time when a log reaches it). */
  restoredTo: string;
}

export type ChainChoice = { chain: ChosenChain } | { error: string };

const ROW_TYPE = { full: 'D', differential: 'I', log: 'L' } as const;

function row(header: BackupHeader, index: number, copyOnly = header.copyOnly): BackupRow {
  return {
    databaseName: header.databaseName,
    type: ROW_TYPE[header.type],
    finishedAt: header.finishedAt,
    copyOnly,
    firstLsn: header.firstLsn,
    lastLsn: header.lastLsn,
    checkpointLsn: header.checkpointLsn,
    databaseBackupLsn: header.databaseBackupLsn,
    device: String(index),
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function chooseChain(
  database: string,
  headers: readonly BackupHeader[],
  stopAt?: string,
): ChainChoice {
  const ignored: string[] = [];
  const own = headers.filter((h) => h.databaseName.toLowerCase() === database.toLowerCase());
  const others = [...new Set(headers.filter((h) => !own.includes(h)).map((h) => h.databaseName))];
  if (others.length)
    ignored.push(
      `${plural(headers.length - own.length, 'backup set')} of other databases (${others.join(', ')})`,
    );
  // Full and differential backups finished after the point in time hold changes made after it.
  const usable = stopAt ? own.filter((h) => h.type === 'log' || h.finishedAt <= stopAt) : own;
  if (usable.length < own.length)
    ignored.push(
      `${plural(own.length - usable.length, 'full or differential backup')} finished after ${stopAt}`,
    );
  const regular = usable.filter((h) => !h.copyOnly);
  const copyOnly = usable.filter((h) => h.copyOnly);
  const rows = regular.map((h) => row(h, usable.indexOf(h)));
  if (!regular.some((h) => h.type === 'full')) {
    // No regular full: the newest copy-only full is still a database, and the logs may continue it.
    const fallback = restoreChain(
      copyOnly.filter((h) => h.type === 'full').map((h) => row(h, usable.indexOf(h), false)),
    );
    if (fallback.full) rows.push(fallback.full);
  }
  const chain = restoreChain(rows);
  const used = new Set(
    [chain.full, chain.differential, ...chain.logs].filter((r) => r !== undefined).map((r) => r.device),
  );
  const unusedCopyOnly = copyOnly.filter((h) => !used.has(String(usable.indexOf(h))));
  if (unusedCopyOnly.length) ignored.push(`${plural(unusedCopyOnly.length, 'copy-only backup')}`);
  if (!chain.full)
    return {
      error: `no full backup of ${database}${stopAt ? ` finished by ${stopAt}` : ''} among ${plural(headers.length, 'backup set')}${ignored.length ? ` (ignored: ${ignored.join('; ')})` : ''}`,
    };
  const all = [chain.full, chain.differential, ...chain.logs]
    .filter((r) => r !== undefined)
    .map((r) => usable[Number(r.device)]!);
  // With a point in time, the first log that reaches it is the last one restored.
  const reaching = stopAt ? all.findIndex((h) => h.type === 'log' && h.finishedAt >= stopAt) : -1;
  const sets = reaching >= 0 ? all.slice(0, reaching + 1) : all;
  const last = sets[sets.length - 1]!;
  return {
    chain: {
      sets,
      gap: reaching >= 0 ? undefined : chain.broken,
      ignored,
      restoredTo: reaching >= 0 ? stopAt! : last.finishedAt,
    },
  };
}

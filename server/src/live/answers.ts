/**
 * SQL Server's answers turned into facts. An answer comes from whatever listens at the address the
 * runbook gives, so nothing in it is trusted: a NULL or a value of the wrong type in any column is
 * read as unknown (never a JavaScript error, never "CLR disabled" or "no such database"), texts are
 * cut to a bounded length, and a backup row that cannot be dated or placed in a chain is counted, not used.
 */
import type { AssemblyFacts, BackupRow, DatabaseFacts, InstanceFacts } from './facts';

/** Longer than any name, state or device path SQL Server returns (nvarchar(260) at most). */
export const MAX_TEXT = 1024;

export function boundedText(value: string): string {
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… (${value.length} characters)` : value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? boundedText(value) : undefined;
}

function field(row: unknown, name: string): unknown {
  return row !== null && typeof row === 'object' && Object.hasOwn(row, name)
    ? (row as Record<string, unknown>)[name]
    : undefined;
}

/** An LSN as text: decimal digits only (numeric(25,0) in msdb), so BigInt reads it. */
function lsn(value: unknown): string | undefined {
  const digits = typeof value === 'string' ? value.trim() : undefined;
  return digits !== undefined && /^\d{1,40}$/.test(digits) ? digits : undefined;
}

function bit(value: unknown): boolean | undefined {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  return undefined;
}

export function instanceAnswer(
  row: unknown,
): Pick<
  InstanceFacts,
  | 'machineName'
  | 'instanceName'
  | 'clrEnabled'
  | 'productVersion'
  | 'collation'
  | 'fullTextInstalled'
  | 'clrStrictSecurity'
> {
  return {
    machineName: text(field(row, 'machineName')),
    instanceName: text(field(row, 'instanceName')),
    clrEnabled: bit(field(row, 'clrEnabled')),
    productVersion: text(field(row, 'productVersion')),
    collation: text(field(row, 'collation')),
    fullTextInstalled: bit(field(row, 'fullTextInstalled')),
    clrStrictSecurity: bit(field(row, 'clrStrictSecurity')),
  };
}

/** The assemblies' rows; one without a database, a name or a known trust is left out (it proves nothing). */
export function assemblyAnswers(rows: readonly unknown[]): AssemblyFacts[] {
  return rows.flatMap((row) => {
    const database = text(field(row, 'databaseName'));
    const name = text(field(row, 'assemblyName'));
    const trusted = bit(field(row, 'trusted'));
    return database === undefined || name === undefined || trusted === undefined
      ? []
      : [{ database, name, trusted }];
  });
}

export interface DatabaseAnswer {
  /** null: the database is there, in a state the answer did not say. */
  state: string | null;
  recoveryModel: string | undefined;
}

/** The rows of sys.databases by lower-case name; a row without a name says nothing and is left out. */
export function databaseAnswers(rows: readonly unknown[]): Map<string, DatabaseAnswer> {
  const found = new Map<string, DatabaseAnswer>();
  for (const row of rows) {
    const name = text(field(row, 'name'));
    if (name === undefined) continue;
    found.set(name.toLowerCase(), {
      state: text(field(row, 'state')) ?? null,
      recoveryModel: text(field(row, 'recoveryModel')),
    });
  }
  return found;
}

export interface BackupAnswers {
  /** Usable rows by lower-case database name. */
  rows: Map<string, BackupRow[]>;
  /** Rows of a database that could not be used (no type, date or LSN), by lower-case name. */
  unreadable: Map<string, number>;
}

export function backupAnswers(raw: readonly unknown[]): BackupAnswers {
  const rows = new Map<string, BackupRow[]>();
  const unreadable = new Map<string, number>();
  for (const row of raw) {
    const databaseName = text(field(row, 'databaseName'));
    if (databaseName === undefined) continue;
    const key = databaseName.toLowerCase();
    const type = field(row, 'type');
    const finishedAt = text(field(row, 'finishedAt'));
    const firstLsn = lsn(field(row, 'firstLsn'));
    const lastLsn = lsn(field(row, 'lastLsn'));
    if (
      (type !== 'D' && type !== 'I' && type !== 'L') ||
      finishedAt === undefined ||
      !Number.isFinite(Date.parse(finishedAt)) ||
      firstLsn === undefined ||
      lastLsn === undefined
    ) {
      unreadable.set(key, (unreadable.get(key) ?? 0) + 1);
      continue;
    }
    const list = rows.get(key) ?? [];
    list.push({
      databaseName,
      type,
      finishedAt,
      // Unknown copy-only: read as an ordinary backup, as SQL Server's default is.
      copyOnly: bit(field(row, 'copyOnly')) ?? false,
      firstLsn,
      lastLsn,
      // Unknown: matches no differential (a differential is then not counted, never wrongly chained).
      checkpointLsn: lsn(field(row, 'checkpointLsn')) ?? '',
      databaseBackupLsn: lsn(field(row, 'databaseBackupLsn')) ?? '',
      device: text(field(row, 'device')) ?? 'an unknown device',
    });
    rows.set(key, list);
  }
  return { rows, unreadable };
}

/** The facts of the runbook's databases from both answers. */
export function databaseFacts(
  names: readonly string[],
  databases: Map<string, DatabaseAnswer>,
  backups: BackupAnswers,
): DatabaseFacts[] {
  return names.map((name) => {
    const key = name.toLowerCase();
    const answer = databases.get(key);
    return {
      name,
      state: answer ? answer.state : undefined,
      recoveryModel: answer?.recoveryModel,
      backups: backups.rows.get(key) ?? [],
      unreadableBackups: backups.unreadable.get(key) ?? 0,
    };
  });
}

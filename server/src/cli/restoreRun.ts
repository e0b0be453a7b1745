/**
 * `smdr sql` running a generated restore-databases step: reads the backup files' headers through SQL
 * Server (the files are where it sees them), chooses each database's chain (restore/chain.ts), then
 * restores it set by set, streaming SQL Server's progress, and reports the point reached against the
 * RPO. Every database's chain is chosen before anything is restored: a missing folder or backup stops
 * the step while nothing has changed.
 */
import type sql from 'mssql';
import { refusedCharacter } from '../stepScripts/quote';
import { type RestoreInputs, type RestoreTarget } from '../stepScripts/restoreChain';
import { sqlDriver } from '../live/driver';
import { ageText } from '../live/judge';
import { boundedRows, MAX_ROWS } from '../live/probeSql';
import { durationMs } from '../report/report';
import { chooseChain, type BackupHeader, type ChosenChain } from '../restore/chain';
import {
  FILE_LIST_QUERY,
  FOLDER_EXISTS_QUERY,
  folderOf,
  headerQuery,
  inFolder,
  INSTANCE_CLOCK_QUERY,
  isFolder,
  LIST_FOLDER_QUERY,
  recoveryStatement,
  restoreStatement,
  type Move,
} from '../restore/statements';
import type { Output } from './check';
import { UsageError } from './usage';

/** Refused before anything is restored: the message says what to fix. */
export class RestorePlanError extends Error {}

/** A folder holding more files than this is not read (a wrong path, most likely). */
const MAX_FILES = 10_000;
const MAX_TEXT = 1_024;

/** Requests go through `track`, so that Ctrl+C can cancel the one in flight. */
export type Track = (request: sql.Request) => sql.Request;

/** A read's rows, at most MAX_ROWS of them: whatever answers at the runbook's address may send more. */
function read(request: sql.Request, query: string): Promise<Record<string, unknown>[]> {
  return boundedRows(request, query, MAX_ROWS) as Promise<Record<string, unknown>[]>;
}

interface Planned {
  target: RestoreTarget;
  chain: ChosenChain;
  statements: string[];
}

/** `2026-05-01 14:30`, `2026-05-01T14:30:15`: the instance's local time, as BackupFinishDate is. */
export function pointInTime(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/.exec(text.trim());
  const value = match ? `${match[1]}T${match[2]}${match[3] ?? ':00'}` : '';
  if (!match || Number.isNaN(Date.parse(`${value}Z`)))
    throw new UsageError(
      `--stop-at takes a time on the SQL Server's clock: YYYY-MM-DD HH:MM[:SS], not "${text}"`,
    );
  return value;
}

export async function runRestoreChain(
  pool: sql.ConnectionPool,
  inputs: RestoreInputs,
  out: Output,
  track: Track,
  stopAt: string | undefined,
): Promise<void> {
  const [clock] = await read(track(pool.request()), INSTANCE_CLOCK_QUERY);
  const major = typeof clock?.majorVersion === 'number' ? clock.majorVersion : 13;
  const startedAt = typeof clock?.now === 'string' ? clock.now : undefined;
  const planned: Planned[] = [];
  for (const target of inputs.targets) planned.push(await plan(pool, target, major, out, track, stopAt));
  for (const { target, chain, statements } of planned) {
    for (const [i, statement] of statements.entries()) {
      const set = chain.sets[i];
      out.stdout(
        set
          ? `-- ${target.database}: ${set.type} backup of ${set.finishedAt}, ${set.file} (set ${set.position})`
          : `-- ${target.database}: recovery`,
      );
      out.stdout(statement);
      const request = track(pool.request());
      request.on('info', (info: { message: string }) => out.stdout(info.message));
      await request.batch(statement);
    }
    out.stdout(`-- ${reached(target.database, chain, startedAt, inputs.rpo)}`);
  }
}

/** Reads one database's backups and chooses its chain and statements; throws RestorePlanError when it cannot. */
async function plan(
  pool: sql.ConnectionPool,
  target: RestoreTarget,
  major: number,
  out: Output,
  track: Track,
  stopAt: string | undefined,
): Promise<Planned> {
  const { NVarChar } = await sqlDriver();
  const files = isFolder(target.backup) ? await listFolder(pool, target.backup, track) : [target.backup];
  const headers: BackupHeader[] = [];
  let unreadable = 0;
  for (const file of files) {
    try {
      const rows = await read(track(pool.request()).input('file', NVarChar(4000), file), headerQuery(major));
      rows.forEach((r) => {
        const header = readHeader(file, r);
        if (header) headers.push(header);
        else unreadable++;
      });
    } catch (error) {
      if (!isFolder(target.backup))
        throw new RestorePlanError(`${target.database}: ${file}: ${messageOf(error)}`);
      out.stdout(`-- ${target.database}: ${file} is skipped: ${messageOf(error)}`);
    }
  }
  out.stdout(
    `-- ${target.database}: ${headers.length} backup set${headers.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} of ${target.backup}`,
  );
  const choice = chooseChain(target.database, headers, stopAt);
  if ('error' in choice)
    throw new RestorePlanError(`${target.database}: ${choice.error}: nothing was restored.`);
  const { chain } = choice;
  const ignored = [
    ...chain.ignored,
    ...(unreadable ? [`${unreadable} header rows that could not be read`] : []),
  ];
  if (ignored.length) out.stdout(`-- ${target.database}: ignored ${ignored.join('; ')}`);
  if (chain.gap)
    out.stdout(
      `-- ${target.database}: WARNING: the log chain stops at a gap: ${chain.gap}. Later logs cannot be restored.`,
    );
  const moves = await movesFor(pool, target, chain.sets[0]!, track);
  return {
    target,
    chain,
    statements: [
      ...chain.sets.map((set, i) =>
        restoreStatement(target.database, set, { moves: i === 0 ? moves : [], stopAt }),
      ),
      recoveryStatement(target.database),
    ],
  };
}

async function listFolder(pool: sql.ConnectionPool, folder: string, track: Track): Promise<string[]> {
  const { NVarChar } = await sqlDriver();
  const rows = await read(track(pool.request()).input('folder', NVarChar(4000), folder), LIST_FOLDER_QUERY);
  const names = rows
    .filter((r) => r.file === 1 || r.file === true)
    .map((r) => r.subdirectory)
    // A name no command can carry (a control or hidden character) or holding a separator is no file of this folder.
    .filter(
      (n): n is string =>
        typeof n === 'string' &&
        n.length > 0 &&
        n.length <= MAX_TEXT &&
        !/[\\/]/.test(n) &&
        refusedCharacter(n) === undefined,
    )
    .sort();
  if (names.length > MAX_FILES)
    throw new RestorePlanError(
      `${folder} holds ${names.length} files, more than ${MAX_FILES}: name the backup folder itself`,
    );
  if (names.length === 0)
    throw new RestorePlanError(`${folder} holds no file SQL Server can see: nothing was restored.`);
  return names.map((n) => inFolder(folder, n));
}

/** MOVE for each file of the full backup whose original folder does not exist on the instance. */
async function movesFor(
  pool: sql.ConnectionPool,
  target: RestoreTarget,
  full: BackupHeader,
  track: Track,
): Promise<Move[]> {
  const { NVarChar, Int } = await sqlDriver();
  const request = track(pool.request())
    .input('file', NVarChar(4000), full.file)
    .input('position', Int, full.position);
  const short = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;
  const files = (await read(request, FILE_LIST_QUERY)).filter(
    (r): r is { LogicalName: string; PhysicalName: string; Type: string } =>
      short(r.LogicalName) && short(r.PhysicalName) && short(r.Type),
  );
  const exists = new Map<string, boolean>();
  const moves: Move[] = [];
  for (const file of files) {
    const folder = folderOf(file.PhysicalName);
    if (!exists.has(folder)) exists.set(folder, await folderExists(pool, folder, track));
    if (exists.get(folder)) continue;
    const isLog = file.Type.trim().toUpperCase() === 'L';
    const to = isLog ? target.logFolder : target.dataFolder;
    if (!to)
      throw new RestorePlanError(
        `${target.database}: the original folder of ${file.LogicalName} (${folder || file.PhysicalName}) does not exist on this instance, and the runbook gives no \`${isLog ? 'logFolder' : 'dataFolder'}\` for this server: nothing was restored.`,
      );
    moves.push({ logicalName: file.LogicalName, to: inFolder(to, file.PhysicalName.slice(folder.length)) });
  }
  return moves;
}

async function folderExists(pool: sql.ConnectionPool, folder: string, track: Track): Promise<boolean> {
  if (!folder) return false;
  const { NVarChar } = await sqlDriver();
  // xp_fileexist answers for `D:\Data`, and for a drive's root only with its separator.
  const path = /^[a-z]:[\\/]$/i.test(folder) ? folder : folder.replace(/[\\/]$/, '');
  const [row] = await read(track(pool.request()).input('path', NVarChar(4000), path), FOLDER_EXISTS_QUERY);
  const value = row?.['File is a Directory'];
  return value === 1 || value === true;
}

const TYPES: Record<number, BackupHeader['type']> = { 1: 'full', 5: 'differential', 2: 'log' };
const LSN = /^\d{1,40}$/;

/** A header row as SQL Server (or something posing as it) sent it; undefined when it cannot be trusted. */
function readHeader(file: string, r: Record<string, unknown>): BackupHeader | undefined {
  const type = typeof r.BackupType === 'number' ? TYPES[r.BackupType] : undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined);
  const lsn = (v: unknown) => (typeof v === 'string' && LSN.test(v.trim()) ? v.trim() : undefined);
  const [first, last, checkpoint, base] = [r.FirstLSN, r.LastLSN, r.CheckpointLSN, r.DatabaseBackupLSN].map(
    lsn,
  );
  const finishedAt = text(r.BackupFinishDate);
  const databaseName = text(r.DatabaseName);
  const position = r.Position;
  if (
    !type ||
    !first ||
    !last ||
    !checkpoint ||
    !finishedAt ||
    Number.isNaN(Date.parse(`${finishedAt}Z`)) ||
    !databaseName ||
    typeof position !== 'number' ||
    !Number.isInteger(position) ||
    position < 1
  )
    return undefined;
  return {
    file,
    position,
    databaseName,
    type,
    firstLsn: first,
    lastLsn: last,
    checkpointLsn: checkpoint,
    databaseBackupLsn: base ?? '',
    finishedAt,
    copyOnly: r.IsCopyOnly === true || r.IsCopyOnly === 1,
  };
}

/** The point reached, its age when the restore began and the verdict against the RPO. */
export function reached(
  database: string,
  chain: ChosenChain,
  startedAt: string | undefined,
  rpo: string,
): string {
  const age = startedAt ? Date.parse(`${startedAt}Z`) - Date.parse(`${chain.restoredTo}Z`) : Number.NaN;
  const limit = durationMs(rpo || undefined);
  const verdict = Number.isNaN(age)
    ? ''
    : `, ${ageText(age)} before the restore began; ${
        limit === undefined
          ? 'no RPO set'
          : `RPO is ${ageText(limit)}: ${age > limit ? 'BEYOND the RPO' : 'within the RPO'}`
      }`;
  return `${database} restored to ${chain.restoredTo} (the SQL Server's clock)${verdict}${chain.gap ? ' (the log chain stops at a gap)' : ''}.`;
}

function messageOf(error: unknown): string {
  const e = error as { message?: string; number?: number };
  return `${e.message ?? String(error)}${e.number ? ` (SQL Server error ${e.number})` : ''}`;
}

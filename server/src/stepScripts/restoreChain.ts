/**
 * The generated command of `restore-databases`: what `smdr sql` restores and the sequence it builds
 * at run time from the backup headers (server/src/restore). Its first statement lists the inputs (each
 * database, its backup file or folder, the data and log folders, the RPO) as literals: run as it is, it
 * only returns them. `smdr sql` reads them back from the confirmed statement, accepting only a text this
 * module renders identically, so what runs is what the operator confirmed.
 */
import { tsqlSpans } from '../code/tsqlLexer';
import type { Server } from '../runbook/model';
import { RenderError } from './generate';
import { tsqlIdentifier, tsqlString } from './quote';

export interface RestoreTarget {
  database: string;
  /** A backup file, or a folder (ending in `\` or `/`) whose files are all read. */
  backup: string;
  /** Where restored data and log files go when their original folders do not exist; '' when not given. */
  dataFolder: string;
  logFolder: string;
}

export interface RestoreInputs {
  targets: RestoreTarget[];
  /** `objectives.rpo` (24h, 7d...); '' when the runbook sets none. */
  rpo: string;
}

const EXPLANATION = [
  '-- Restores each database below to the newest point its backups allow. smdr sql reads the header',
  '-- of the backup file, or of every file in the folder (a path ending in \\ or /), with RESTORE',
  '-- HEADERONLY and FILELISTONLY, then restores the newest full backup (highest LastLSN), its newest',
  '-- differential and each log backup continuing the chain, WITH NORECOVERY, optionally up to a point',
  '-- in time it asks for (STOPAT), then WITH RECOVERY. A gap in the log chain stops it there. Copy-only',
  '-- backups and backups of other databases are ignored. A file whose original folder does not exist',
  '-- is moved to the data or log folder. No REPLACE: on a rebuilt instance the databases are absent.',
];

const COLUMNS = '([database], [backup], dataFolder, logFolder, rpo)';

const DECLARATIONS =
  'DECLARE @full nvarchar(4000), @differential nvarchar(4000), @log nvarchar(4000), @position int, @logicalName nvarchar(128), @movedTo nvarchar(4000), @stopAt datetime;';

/** The command text for these inputs (throws QuoteError on a value a command cannot carry). */
export function restoreChainCommand(inputs: RestoreInputs): string {
  const rows = inputs.targets.map(
    (t, i) =>
      `  (${[
        tsqlString(t.database, 'The database name'),
        tsqlString(t.backup, `The backup path of ${t.database}`),
        tsqlString(t.dataFolder, '`dataFolder`'),
        tsqlString(t.logFolder, '`logFolder`'),
        tsqlString(inputs.rpo, '`objectives.rpo`'),
      ].join(', ')})${i < inputs.targets.length - 1 ? ',' : ''}`,
  );
  const sequences = inputs.targets.flatMap((t) => {
    const name = tsqlIdentifier(t.database);
    return [
      `RESTORE DATABASE ${name} FROM DISK = @full WITH FILE = @position, NORECOVERY, MOVE @logicalName TO @movedTo, STATS = 10;`,
      `RESTORE DATABASE ${name} FROM DISK = @differential WITH FILE = @position, NORECOVERY, STATS = 10;`,
      `RESTORE LOG ${name} FROM DISK = @log WITH FILE = @position, NORECOVERY, STOPAT = @stopAt, STATS = 10;`,
      `RESTORE DATABASE ${name} WITH RECOVERY;`,
    ];
  });
  return [
    ...EXPLANATION,
    `SELECT [database], [backup], dataFolder, logFolder, rpo FROM (VALUES`,
    ...rows,
    `) AS restoreChain ${COLUMNS};`,
    '-- The sequence for each database: the full backup, its differential if any, each log, then RECOVERY.',
    DECLARATIONS,
    ...sequences,
  ].join('\n');
}

/** The command of a restore-databases step: every database the failed database server hosted. */
export function restoreDatabases(failed: Server | undefined, rpo: string | undefined): string {
  if (!failed) throw new RenderError('The section has no `failed` server.');
  if (failed.databases.length === 0)
    throw new RenderError(`${failed.name} hosts no database in the inventory.`);
  return restoreChainCommand({
    targets: failed.databases.map((d) => {
      if (!d.backup?.value) throw new RenderError(`${d.name} has no backup path in the inventory.`);
      return {
        database: d.name,
        backup: d.backup.value,
        dataFolder: failed.dataFolder?.value ?? '',
        logFolder: failed.logFolder?.value ?? '',
      };
    }),
    rpo: rpo ?? '',
  });
}

/** The inputs of a statement this module rendered, or undefined for any other text (a step's own code block). */
export function readRestoreChainCommand(statement: string): RestoreInputs | undefined {
  if (!statement.startsWith(EXPLANATION[0]!)) return undefined;
  const values = tsqlSpans(statement)
    .filter((s) => s.region === 'string')
    .map((s) => statement.slice(s.start + 1, s.end - 1).replace(/''/g, "'"));
  if (values.length === 0 || values.length % 5 !== 0) return undefined;
  const targets: RestoreTarget[] = [];
  for (let i = 0; i < values.length; i += 5) {
    const [database, backup, dataFolder, logFolder] = values.slice(i, i + 4) as [
      string,
      string,
      string,
      string,
    ];
    targets.push({ database, backup, dataFolder, logFolder });
  }
  const inputs = { targets, rpo: values[4]! };
  try {
    return restoreChainCommand(inputs) === statement ? inputs : undefined;
  } catch {
    return undefined;
  }
}

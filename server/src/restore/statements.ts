/**
 * The T-SQL `smdr sql` sends to rebuild a database from its chain: the queries that read the backup
 * files (parameterised: a path never becomes code) and the RESTORE statements (values only as
 * literals from quote.ts, so that the statement printed and recorded is the one that ran).
 */
import { tsqlIdentifier, tsqlString } from '../stepScripts/quote';
import type { BackupHeader } from './chain';

/** The instance's major version (11 = 2012 ... 16 = 2022) and its clock, in its local time. */
export const INSTANCE_CLOCK_QUERY =
  "SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS majorVersion, CONVERT(varchar(33), SYSDATETIME(), 126) AS now;";

/** The files of a folder, as SQL Server sees it (dbatools' Get-XpDirTreeRestoreFile reads it the same way). */
export const LIST_FOLDER_QUERY = 'EXEC master.sys.xp_dirtree @folder, 1, 1;';

/** Whether a folder exists on the instance's computer: `File is a Directory` is 1. */
export const FOLDER_EXISTS_QUERY = 'EXEC master.dbo.xp_fileexist @path;';

/** The logical and original physical names of a backup set's files. */
export const FILE_LIST_QUERY = 'RESTORE FILELISTONLY FROM DISK = @file WITH FILE = @position;';

/**
 * RESTORE HEADERONLY's columns (in order; SQL Server 2014 to 2019, then three more from 2022).
 * Its LSNs are numeric(25,0), beyond what a JavaScript number holds exactly, so the header is kept in
 * a temporary table and its LSNs read back as text.
 */
const HEADER_COLUMNS = [
  'BackupName nvarchar(128)',
  'BackupDescription nvarchar(255)',
  'BackupType smallint',
  'ExpirationDate datetime',
  'Compressed bit',
  'Position smallint',
  'DeviceType tinyint',
  'UserName nvarchar(128)',
  'ServerName nvarchar(128)',
  'DatabaseName nvarchar(128)',
  'DatabaseVersion int',
  'DatabaseCreationDate datetime',
  'BackupSize numeric(20,0)',
  'FirstLSN numeric(25,0)',
  'LastLSN numeric(25,0)',
  'CheckpointLSN numeric(25,0)',
  'DatabaseBackupLSN numeric(25,0)',
  'BackupStartDate datetime',
  'BackupFinishDate datetime',
  'SortOrder smallint',
  'CodePage smallint',
  'UnicodeLocaleId int',
  'UnicodeComparisonStyle int',
  'CompatibilityLevel tinyint',
  'SoftwareVendorId int',
  'SoftwareVersionMajor int',
  'SoftwareVersionMinor int',
  'SoftwareVersionBuild int',
  'MachineName nvarchar(128)',
  'Flags int',
  'BindingID uniqueidentifier',
  'RecoveryForkID uniqueidentifier',
  'Collation nvarchar(128)',
  'FamilyGUID uniqueidentifier',
  'HasBulkLoggedData bit',
  'IsSnapshot bit',
  'IsReadOnly bit',
  'IsSingleUser bit',
  'HasBackupChecksums bit',
  'IsDamaged bit',
  'BeginsLogChain bit',
  'HasIncompleteMetaData bit',
  'IsForceOffline bit',
  'IsCopyOnly bit',
  'FirstRecoveryForkID uniqueidentifier',
  'ForkPointLSN numeric(25,0)',
  'RecoveryModel nvarchar(60)',
  'DifferentialBaseLSN numeric(25,0)',
  'DifferentialBaseGUID uniqueidentifier',
  'BackupTypeDescription nvarchar(60)',
  'BackupSetGUID uniqueidentifier',
  'CompressedBackupSize bigint',
  'Containment tinyint',
  'KeyAlgorithm nvarchar(32)',
  'EncryptorThumbprint varbinary(20)',
  'EncryptorType nvarchar(32)',
];
const HEADER_COLUMNS_2022 = [
  'LastValidRestoreTime datetime',
  'TimeZone nvarchar(32)',
  'CompressionAlgorithm nvarchar(32)',
];

/** RESTORE HEADERONLY of `@file`, as rows with text LSNs and an ISO finish date. */
export function headerQuery(majorVersion: number): string {
  const columns = majorVersion >= 16 ? [...HEADER_COLUMNS, ...HEADER_COLUMNS_2022] : HEADER_COLUMNS;
  return [
    `CREATE TABLE #header (${columns.join(', ')});`,
    "INSERT INTO #header EXEC sys.sp_executesql N'RESTORE HEADERONLY FROM DISK = @file;', N'@file nvarchar(4000)', @file = @file;",
    'SELECT Position, BackupType, DatabaseName, CONVERT(varchar(40), FirstLSN) AS FirstLSN, CONVERT(varchar(40), LastLSN) AS LastLSN,',
    '  CONVERT(varchar(40), CheckpointLSN) AS CheckpointLSN, CONVERT(varchar(40), DatabaseBackupLSN) AS DatabaseBackupLSN,',
    '  CONVERT(varchar(33), BackupFinishDate, 126) AS BackupFinishDate, IsCopyOnly FROM #header ORDER BY Position;',
    'DROP TABLE #header;',
  ].join('\n');
}

/** A file of the backup moved elsewhere: `MOVE N'logical' TO N'path'`. */
export interface Move {
  logicalName: string;
  to: string;
}

/** One restore of the chain, WITH NORECOVERY: another backup (or the final RECOVERY) follows. */
export function restoreStatement(
  database: string,
  set: BackupHeader,
  options: { moves?: readonly Move[]; stopAt?: string } = {},
): string {
  const name = tsqlIdentifier(database, 'The database name');
  const what = set.type === 'log' ? 'LOG' : 'DATABASE';
  const withs = [
    `FILE = ${set.position}`,
    'NORECOVERY',
    ...(options.moves ?? []).map(
      (m) =>
        `MOVE ${tsqlString(m.logicalName, 'A logical file name')} TO ${tsqlString(m.to, 'A restored file path')}`,
    ),
    ...(set.type === 'log' && options.stopAt
      ? [`STOPAT = ${tsqlString(options.stopAt, 'The point in time')}`]
      : []),
    'STATS = 10',
  ];
  return `RESTORE ${what} ${name} FROM DISK = ${tsqlString(set.file, 'A backup file path')} WITH ${withs.join(', ')};`;
}

/** The end of the chain: the database comes online. Never REPLACE. */
export function recoveryStatement(database: string): string {
  return `RESTORE DATABASE ${tsqlIdentifier(database, 'The database name')} WITH RECOVERY;`;
}

/** The folder part of a path (Windows or POSIX separators), with its trailing separator. */
export function folderOf(path: string): string {
  const at = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return at < 0 ? '' : path.slice(0, at + 1);
}

/** `name` inside `folder`, with one separator between them (the folder's own kind). */
export function inFolder(folder: string, name: string): string {
  if (/[\\/]$/.test(folder)) return folder + name;
  return folder + (folder.includes('/') && !folder.includes('\\') ? '/' : '\\') + name;
}

/** A backup path naming a folder rather than one file. */
export function isFolder(path: string): boolean {
  return /[\\/]$/.test(path);
}

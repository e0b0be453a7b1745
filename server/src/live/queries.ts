/**
 * The read-only queries live state is read with. Values reach them only as parameters; each starts
 * with a tag comment naming it (for logs, and for the test endpoint that answers them).
 */

export const INSTANCE_QUERY = `/* smdr:instance */
SELECT CONVERT(nvarchar(128), SERVERPROPERTY('MachineName')) AS machineName,
       CONVERT(nvarchar(128), SERVERPROPERTY('InstanceName')) AS instanceName,
       CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) AS productVersion,
       CONVERT(int, (SELECT value_in_use FROM sys.configurations WHERE name = N'clr enabled')) AS clrEnabled,
       CONVERT(nvarchar(128), SERVERPROPERTY('Collation')) AS collation,
       CONVERT(int, SERVERPROPERTY('IsFullTextInstalled')) AS fullTextInstalled,
       CONVERT(int, (SELECT value_in_use FROM sys.configurations WHERE name = N'clr strict security')) AS clrStrictSecurity;`;

/** `names` are parameter names (@d0, @d1, ...), never database names. */
export function databasesQuery(names: readonly string[]): string {
  return `/* smdr:databases */
SELECT name, state_desc AS state, recovery_model_desc AS recoveryModel
FROM sys.databases
WHERE name IN (${names.map((n) => `@${n}`).join(', ')});`;
}

/**
 * Backup history of the named databases since @days ago, from msdb (domain.md): type D full, I
 * differential, L log; LSNs as text, since they exceed what a JavaScript number holds exactly.
 * backup_finish_date is the server's local time: it is turned into UTC with the row's time_zone
 * (quarter hours from UTC; 127 when unknown, then it stays local), or every age would be off by the
 * server's offset and a server east of this machine would look as if its backups were in the future.
 */
export function backupsQuery(names: readonly string[]): string {
  return `/* smdr:backups */
SELECT bs.database_name AS databaseName,
       CONVERT(nvarchar(1), bs.type) AS type,
       CASE WHEN bs.time_zone = 127 THEN CONVERT(nvarchar(33), bs.backup_finish_date, 126)
            ELSE CONVERT(nvarchar(33), DATEADD(minute, -15 * bs.time_zone, bs.backup_finish_date), 126) + N'Z'
       END AS finishedAt,
       bs.is_copy_only AS copyOnly,
       CONVERT(nvarchar(30), bs.first_lsn) AS firstLsn,
       CONVERT(nvarchar(30), bs.last_lsn) AS lastLsn,
       CONVERT(nvarchar(30), bs.checkpoint_lsn) AS checkpointLsn,
       CONVERT(nvarchar(30), bs.database_backup_lsn) AS databaseBackupLsn,
       mf.physical_device_name AS device
FROM msdb.dbo.backupset AS bs
JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
WHERE bs.database_name IN (${names.map((n) => `@${n}`).join(', ')})
  AND bs.backup_finish_date >= DATEADD(day, -@days, SYSUTCDATETIME())
ORDER BY bs.database_name, bs.backup_finish_date;`;
}

/**
 * The user-defined assemblies of the named databases, and whether each one's SHA-512 hash is in
 * sys.trusted_assemblies (SQL Server 2017 and later: asked only when clr strict security is on). A
 * database's catalog is read in that database: its name reaches the inner text only through
 * QUOTENAME, on the server. Databases offline or out of reach of this login are left out.
 */
export function assembliesQuery(names: readonly string[]): string {
  return `/* smdr:assemblies */
SET NOCOUNT ON;
DECLARE @found TABLE (databaseName nvarchar(128), assemblyName nvarchar(128), trusted int);
DECLARE @name sysname, @text nvarchar(max);
DECLARE names CURSOR LOCAL FAST_FORWARD FOR
  SELECT name FROM sys.databases
  WHERE name IN (${names.map((n) => `@${n}`).join(', ')}) AND state = 0 AND HAS_DBACCESS(name) = 1;
OPEN names;
FETCH NEXT FROM names INTO @name;
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @text = N'SELECT @db, a.name, CASE WHEN EXISTS (SELECT 1 FROM sys.trusted_assemblies AS t WHERE t.hash = HASHBYTES(''SHA2_512'', f.content)) THEN 1 ELSE 0 END FROM '
    + QUOTENAME(@name) + N'.sys.assemblies AS a JOIN ' + QUOTENAME(@name)
    + N'.sys.assembly_files AS f ON f.assembly_id = a.assembly_id AND f.file_id = 1 WHERE a.is_user_defined = 1;';
  INSERT INTO @found EXEC sys.sp_executesql @text, N'@db nvarchar(128)', @db = @name;
  FETCH NEXT FROM names INTO @name;
END;
CLOSE names;
DEALLOCATE names;
SELECT databaseName, assemblyName, trusted FROM @found;`;
}

export function queryTag(text: string): string | undefined {
  return /^\/\* smdr:([a-z-]+) \*\//.exec(text.trimStart())?.[1];
}

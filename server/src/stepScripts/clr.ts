/**
 * The `enable-clr` step: CLR on, and on SQL Server 2017 and later with `clr strict security` on,
 * Service Manager's assemblies trusted by their hash, as the "Enable CLR strict security" script of the
 * system requirements pages (2019, 2022, 2025) does. Then what a rebuilt instance also needs after its
 * databases are restored (domain.md): the Service Broker of ServiceManager, and reminders of what no
 * statement on this instance can restore (user-defined messages in master, the Reporting Services key).
 */
import { KNOWN_DATABASES, SERVICE_MANAGER_DATABASE } from '../domain/vocabulary';
import { isDatabase, type Inventory, type Server } from '../runbook/model';
import { tsqlIdentifier, tsqlString } from './quote';

export const CLR_STRICT_SECURITY_PAGE =
  'https://learn.microsoft.com/system-center/scsm/system-requirements?view=sc-sm-2025#enable-clr-strict-security';

const REPORT_SERVER_DATABASE = 'ReportServer';

/** The databases Service Manager's Setup creates, whose assemblies the trust covers (not ReportServer's). */
const ASSEMBLY_DATABASES = KNOWN_DATABASES.filter((d) => d !== REPORT_SERVER_DATABASE && d !== 'Analyst');

/**
 * Run in each database: every user-defined assembly's SHA-512 hash (of its first file, the assembly
 * itself, which is what the docs' script hashes) is added to sys.trusted_assemblies unless it is there.
 * Constant text: no inventory value is ever part of it.
 */
export const TRUST_ASSEMBLIES = [
  'DECLARE @hash varbinary(64), @name nvarchar(4000);',
  'DECLARE assemblies CURSOR LOCAL FAST_FORWARD FOR',
  "SELECT HASHBYTES('SHA2_512', f.content), a.clr_name FROM sys.assemblies AS a",
  'JOIN sys.assembly_files AS f ON f.assembly_id = a.assembly_id AND f.file_id = 1 WHERE a.is_user_defined = 1;',
  'OPEN assemblies; FETCH NEXT FROM assemblies INTO @hash, @name;',
  'WHILE @@FETCH_STATUS = 0 BEGIN',
  'IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @hash)',
  "BEGIN EXEC sys.sp_add_trusted_assembly @hash, @name; RAISERROR(N'Trusted %s in %s.', 10, 1, @name, @db) WITH NOWAIT; END;",
  'FETCH NEXT FROM assemblies INTO @hash, @name; END;',
  'CLOSE assemblies; DEALLOCATE assemblies;',
].join(' ');

export function enableClr(inventory: Inventory, failed: Server | undefined): string[] {
  const hosted = failed?.databases ?? [];
  const named = (defaultNames: readonly string[]) =>
    hosted.filter((d) => defaultNames.some((n) => isDatabase(inventory, d.name, n)));
  const lines = [
    '-- Setup enabled CLR originally; a restore does not.',
    "EXEC sp_configure N'clr enabled', 1;",
    'RECONFIGURE;',
  ];
  const trusted = named(ASSEMBLY_DATABASES);
  if (trusted.length > 0) {
    lines.push(
      '-- SQL Server 2017 and later with clr strict security on load only trusted assemblies: trust those in',
      "-- Service Manager's databases by their SHA-512 hash, as the requirements page's script does:",
      `-- ${CLR_STRICT_SECURITY_PAGE}`,
      "IF CONVERT(int, SERVERPROPERTY('ProductMajorVersion')) >= 14",
      "  AND EXISTS (SELECT 1 FROM sys.configurations WHERE name = N'clr strict security' AND CONVERT(int, value_in_use) = 1)",
      'BEGIN',
      `  DECLARE @trust nvarchar(max) = ${tsqlString(TRUST_ASSEMBLIES)};`,
      ...trusted.map((d) => {
        const name = tsqlString(d.name, `The name of ${d.name}`);
        return `  IF DB_ID(${name}) IS NOT NULL EXEC ${tsqlIdentifier(d.name)}.sys.sp_executesql @trust, N'@db nvarchar(128)', @db = ${name};`;
      }),
      'END;',
    );
  }
  for (const d of named([SERVICE_MANAGER_DATABASE])) {
    const name = tsqlString(d.name, `The name of ${d.name}`);
    lines.push(
      '-- A restored database may come back with its Service Broker off; Service Manager needs it on.',
      `IF EXISTS (SELECT 1 FROM sys.databases WHERE name = ${name} AND is_broker_enabled = 0)`,
      `  ALTER DATABASE ${tsqlIdentifier(d.name)} SET ENABLE_BROKER WITH NO_WAIT;`,
    );
  }
  lines.push(
    '-- User-defined error messages live in master, which the restore did not bring back.',
    'IF NOT EXISTS (SELECT 1 FROM sys.messages WHERE message_id > 50000)',
    "  RAISERROR(N'No user-defined messages (id > 50000) in master: recreate those of the original instance (sp_addmessage, from its saved script).', 10, 1) WITH NOWAIT;",
  );
  for (const d of named([REPORT_SERVER_DATABASE])) {
    lines.push(
      `RAISERROR(N'%s was restored: restore the Reporting Services encryption key on the report server (Reporting Services Configuration Manager, Encryption Keys, Restore; or rskeymgmt -a).', 10, 1, ${tsqlString(d.name, `The name of ${d.name}`)}) WITH NOWAIT;`,
    );
  }
  return lines;
}

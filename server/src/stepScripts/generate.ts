/**
 * The command each step kind runs when the step has no code block of its own, built from the
 * inventory following domain.md. PowerShell for Windows work, T-SQL for database work.
 */
import {
  DATABASE_REGISTRY_KEYS,
  HEALTH_SERVICE_STATE,
  instanceAddress,
  MANAGEMENT_SERVICES,
  SECURE_STORAGE_BACKUP,
  SERVICE_MANAGER_MODULE,
  sqlServiceName,
} from '../domain/installation';
import {
  DATA_WAREHOUSE_DATABASES,
  SERVICE_MANAGER_DATABASE,
  type CommandLanguage,
  type StepKind,
} from '../domain/vocabulary';
import { databaseHosts, databaseName, type Runbook, type Server } from '../runbook/model';
import type { ScenarioInfo } from '../runbook/scenario';
import { enableClr } from './clr';
import { primaryServer } from './hosts';
import { restoreDatabases } from './restoreChain';
import { rpoOf } from '../live/findings';
import { findInstallFolder, onlyOn, onServer, say, type RemotingOptions } from './powershell';
import { powershellString as q, tsqlIdentifier, tsqlString } from './quote';

export interface Generated {
  language: CommandLanguage;
  text: string;
  /** The database a T-SQL command runs in. */
  database?: string;
}

/** A command that cannot be built from this inventory: the message says what is missing. */
export class RenderError extends Error {}

export interface GenerateContext {
  runbook: Runbook;
  kind: StepKind;
  info: ScenarioInfo | undefined;
  /** The computer the step runs on. */
  host: Server | undefined;
  options: RemotingOptions;
}

const SERVICES = MANAGEMENT_SERVICES.map((s) => q(s)).join(', ');

function need<T>(value: T | undefined | null, message: string): T {
  if (value === undefined || value === null || value === '') throw new RenderError(message);
  return value;
}

function setting(
  runbook: Runbook,
  key: 'media' | 'managementGroup' | 'managementPacks' | 'permissionScripts',
): string | undefined {
  return runbook.settings[key]?.value;
}

function media(runbook: Runbook): string {
  return need(setting(runbook, 'media'), 'The inventory has no `media` (the installation media folder).');
}

function address(server: Server): string {
  return instanceAddress(server.name, server.instance?.value);
}

function ps(lines: string[]): Generated {
  return { language: 'powershell', text: lines.join('\n') };
}

function tsql(lines: string[], database = 'master'): Generated {
  return { language: 'tsql', text: lines.join('\n'), database };
}

function hostOf(context: GenerateContext, what: string): Server {
  return need(context.host, `No server to run ${what} on: set \`server=\` on the step.`);
}

function servicesCheck(server: Server): string[] {
  return [
    `$stopped = @(Get-Service -Name ${SERVICES} | Where-Object { $_.Status -ne 'Running' })`,
    `if ($stopped.Count) { throw ("Not running on {0}: {1}" -f ${q(server.name)}, ($stopped.Name -join ', ')) }`,
  ];
}

/**
 * After Setup: the database the server now uses, read from whichever registry key the version wrote
 * (the docs name several), must be the one it used before. No key found is a warning, not a failure.
 */
function databaseCheck(server: Server, instance: string, database: string): string[] {
  const keys = DATABASE_REGISTRY_KEYS.map((k) => q(k)).join(', ');
  return [
    `$key = @(${keys}) | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1`,
    "if (-not $key) { Write-Warning 'No database registry key found: check the database in the console (Administration > Settings).' } else {",
    "  $database = Get-ItemProperty -LiteralPath $key; Write-Host ('Read {0}' -f $key)",
    `  if ($database.DatabaseServerName -ne ${q(instance)} -or $database.DatabaseName -ne ${q(database)}) { throw ("{0} uses {1}/{2}, not {3}/{4}." -f ${q(server.name)}, $database.DatabaseServerName, $database.DatabaseName, ${q(instance)}, ${q(database)}) }`,
    '}',
  ];
}

/** The server hosting a database known by its default name, and that database's name in this installation. */
function databaseHost(runbook: Runbook, defaultName: string): { server: Server; name: string } {
  const name = databaseName(runbook.inventory, defaultName);
  const server = need(
    databaseHosts(runbook.inventory, defaultName)[0],
    `No server hosts ${name} in the inventory.`,
  );
  return { server, name };
}

/**
 * The computer the wizard's "Report server" box asks for: the host of the original report server URL
 * (the whole value when it is no URL: SMDR003 says so, and the operator still sees what was written).
 */
function reportServerComputer(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname || url : url;
}

function managementGroup(runbook: Runbook): string {
  return need(setting(runbook, 'managementGroup'), 'The inventory has no `managementGroup`.');
}

/**
 * `body` (given the `managementPacks` folder as a PowerShell literal) runs on `host` after the Service
 * Manager module is imported from its install folder.
 */
function withManagementPacks(
  c: GenerateContext,
  host: Server,
  body: (folder: string) => string[],
): Generated {
  const folder = need(
    setting(c.runbook, 'managementPacks'),
    'The inventory has no `managementPacks` folder.',
  );
  return ps(
    onServer(
      host,
      [
        ...findInstallFolder(host),
        `Import-Module (Join-Path $installFolder ${q(SERVICE_MANAGER_MODULE)})`,
        ...body(q(folder)),
      ],
      c.options,
    ),
  );
}

type Generator = (context: GenerateContext) => Generated;

const GENERATORS: Record<Exclude<StepKind, 'manual' | 'custom'>, Generator> = {
  'prepare-secondary': (c) => {
    const host = hostOf(c, 'the preparation');
    return ps(
      onServer(
        host,
        [
          "if (Get-Process -Name 'Microsoft.EnterpriseManagement.ServiceManager.UI.Console' -ErrorAction SilentlyContinue) { throw 'Close the Service Manager console first.' }",
          ...findInstallFolder(host),
          `Stop-Service -Name ${SERVICES} -Force`,
          `$state = Join-Path $installFolder ${q(HEALTH_SERVICE_STATE)}`,
          `if (-not (Test-Path -LiteralPath $state)) { throw ('No {0} folder in {1} on {2}: the promotion needs it deleted.' -f ${q(HEALTH_SERVICE_STATE)}, $installFolder, $env:COMPUTERNAME) }`,
          'Remove-Item -LiteralPath $state -Recurse -Force',
          `Get-Service -Name ${SERVICES} | Format-Table -AutoSize Name, Status`,
        ],
        c.options,
      ),
    );
  },

  'promote-workflow-server': (c) => {
    const target = need(c.info?.target, 'The section has no promotion `target`.');
    const fqdn = need(
      target.fqdn?.value,
      `${target.name} has no \`fqdn\`: p_PromoteActiveWorkflowServer takes the FQDN, not the short name.`,
    );
    return tsql(
      [
        '-- Make the promotion target the workflow (primary) management server.',
        `EXEC dbo.p_PromoteActiveWorkflowServer ${tsqlString(fqdn, `The FQDN of ${target.name}`)};`,
      ],
      databaseName(c.runbook.inventory, SERVICE_MANAGER_DATABASE),
    );
  },

  'restart-services': (c) => {
    const host = hostOf(c, 'the services');
    return ps(
      onServer(
        host,
        [
          `Start-Service -Name ${SERVICES}`,
          ...servicesCheck(host),
          `Get-Service -Name ${SERVICES} | Format-Table -AutoSize Name, Status`,
        ],
        c.options,
      ),
    );
  },

  'install-additional-server': (c) => {
    const database = databaseHost(c.runbook, SERVICE_MANAGER_DATABASE);
    return ps([
      "$ErrorActionPreference = 'Stop'",
      say('On the new computer, run Setup as an administrator and choose:'),
      say('  Install: Service Manager management server'),
      say('  Database: use the existing database {0} on {1}', database.name, address(database.server)),
      say('  Management group: {0}', managementGroup(c.runbook)),
      `& (Join-Path ${q(media(c.runbook))} 'Setup.exe')`,
    ]);
  },

  'same-name-computer': (c) => {
    const failed = need(c.info?.failed, 'The section has no `failed` server.');
    const body = [
      `if ($env:COMPUTERNAME -ne ${q(failed.name)}) { throw ("This computer is named {0}, not {1}: the replacement must bear the failed computer's name." -f $env:COMPUTERNAME, ${q(failed.name)}) }`,
    ];
    if (failed.roles.includes('database')) {
      const service = sqlServiceName(failed.instance?.value);
      body.push(
        `if (-not (Get-Service -Name ${q(service)} -ErrorAction SilentlyContinue)) { throw ("No SQL Server instance {0} on {1}: install it with the original instance name." -f ${q(failed.instance?.value ?? 'MSSQLSERVER')}, ${q(failed.name)}) }`,
      );
    }
    body.push(
      say(
        `{0} answers with its original name${failed.roles.includes('database') ? ' and instance' : ''}.`,
        failed.name,
      ),
    );
    return ps(onServer(failed, body, c.options));
  },

  'restore-key': (c) => {
    const failed = need(c.info?.failed, 'The section has no `failed` server.');
    const key = need(failed.keyBackup?.value, `${failed.name} has no \`keyBackup\` in the inventory.`);
    return ps(
      onlyOn(failed, [
        say(
          "Restoring the encryption key of {0}. SecureStorageBackup asks for the key's password.",
          failed.name,
        ),
        `& (Join-Path ${q(media(c.runbook))} ${q(SECURE_STORAGE_BACKUP)}) Restore ${q(key)}`,
        'if ($LASTEXITCODE) { throw ("SecureStorageBackup failed ({0}); run it as an administrator, or use its wizard." -f $LASTEXITCODE) }',
      ]),
    );
  },

  'install-management-server': (c) => {
    const failed = need(c.info?.failed, 'The section has no `failed` server.');
    const database = databaseHost(c.runbook, SERVICE_MANAGER_DATABASE);
    return ps(
      onlyOn(failed, [
        say('Run Setup as an administrator and choose:'),
        say('  Install: Service Manager management server'),
        say(
          '  Database: use the EXISTING database {0} on {1} (never a new one)',
          database.name,
          address(database.server),
        ),
        say('  Management group: {0}', managementGroup(c.runbook)),
        `Start-Process -FilePath (Join-Path ${q(media(c.runbook))} 'Setup.exe') -Wait`,
        ...databaseCheck(failed, address(database.server), database.name),
        ...servicesCheck(failed),
        say('{0} runs Service Manager and its services run.', failed.name),
      ]),
    );
  },

  'install-data-warehouse-server': (c) => {
    const failed = need(c.info?.failed, 'The section has no `failed` server.');
    const staging = databaseHost(c.runbook, DATA_WAREHOUSE_DATABASES[0]);
    const reportServer = need(
      failed.reportServer?.value,
      `${failed.name} has no \`reportServer\`: Setup needs the original report server URL.`,
    );
    // The wizard asks for the staging database's server and instance (the repository is on the same
    // instance, SMDR121) and for the computer hosting the report server, then shows its URL.
    return ps(
      onlyOn(failed, [
        say('Run Setup as an administrator and choose:'),
        say('  Install: Service Manager data warehouse management server'),
        say(
          '  Data warehouse databases: database server {0}, the EXISTING database {1} (never a new one)',
          address(staging.server),
          staging.name,
        ),
        say(
          '  Report server: computer {0}; the web service URL must be the original {1}',
          reportServerComputer(reportServer),
          reportServer,
        ),
        say('  Management group: {0}', managementGroup(c.runbook)),
        `Start-Process -FilePath (Join-Path ${q(media(c.runbook))} 'Setup.exe') -Wait`,
        ...servicesCheck(failed),
        say('The data warehouse services run on {0}.', failed.name),
      ]),
    );
  },

  'restore-databases': (c) => tsql([restoreDatabases(c.info?.failed, rpoOf(c.runbook))]),

  'enable-clr': (c) => tsql(enableClr(c.runbook.inventory, c.info?.failed ?? c.host)),

  'restore-permissions': (c) => {
    const failed = need(c.info?.failed, 'The section has no `failed` server.');
    const folder = need(
      setting(c.runbook, 'permissionScripts'),
      'The inventory has no `permissionScripts` folder.',
    );
    const prefixes = ['logins', ...failed.databases.map((d) => d.name)].map((p) => q(p)).join(', ');
    return ps([
      "$ErrorActionPreference = 'Stop'",
      '# Runs the saved scripts whose names start with "logins" or with the name of a database the failed server hosted.',
      `$prefixes = @(${prefixes})`,
      // A database name may hold [ ] * ?: escaped, it matches only itself.
      `$scripts = @(Get-ChildItem -LiteralPath ${q(folder)} -Filter '*.sql' | Where-Object { $name = $_.Name; $prefixes | Where-Object { $name -like ([WildcardPattern]::Escape($_) + '*') } } | Sort-Object Name)`,
      `if (-not $scripts.Count) { throw ("No logins or permissions script for {0} in {1}." -f ${q(failed.name)}, ${q(folder)}) }`,
      `foreach ($script in $scripts) { Write-Host ('Running ' + $script.Name); Invoke-Sqlcmd -ServerInstance ${q(address(failed))} -InputFile $script.FullName -DisableVariables -ErrorAction Stop }`,
    ]);
  },

  'import-management-packs': (c) =>
    withManagementPacks(c, hostOf(c, 'the management pack import'), (folder) => [
      `$packs = @(Get-ChildItem -LiteralPath ${folder} -Filter '*.xml' | Sort-Object Name)`,
      `if (-not $packs.Count) { throw ('No exported management pack (*.xml) in {0}.' -f ${folder}) }`,
      "foreach ($pack in $packs) { Write-Host ('Importing {0}' -f $pack.Name); Import-SCSMManagementPack -Fullname $pack.FullName }",
    ]),

  'backup-key': (c) => {
    const host = hostOf(c, 'the key backup');
    const key = need(host.keyBackup?.value, `${host.name} has no \`keyBackup\` in the inventory.`);
    return ps(
      onlyOn(host, [
        say('Backing up the encryption key of {0}. Keep the password apart from the file.', host.name),
        `& (Join-Path ${q(media(c.runbook))} ${q(SECURE_STORAGE_BACKUP)}) Backup ${q(key)}`,
        'if ($LASTEXITCODE) { throw ("SecureStorageBackup failed ({0}); run it as an administrator, or use its wizard." -f $LASTEXITCODE) }',
      ]),
    );
  },

  'backup-databases': (c) => {
    const servers = (c.host ? [c.host] : c.runbook.inventory.servers).filter((s) => s.databases.length > 0);
    if (servers.length === 0) throw new RenderError('No database server with databases in the inventory.');
    // The T-SQL literals are made in PowerShell from one PowerShell literal per value, so that each
    // value stands in the command exactly once, as itself.
    const lines = [
      "$ErrorActionPreference = 'Stop'",
      "function Format-TsqlName([string] $name) { '[' + $name.Replace(']', ']]') + ']' }",
      'function Format-TsqlString([string] $text) { "N\'" + $text.Replace("\'", "\'\'") + "\'" }',
      "$backup = 'BACKUP DATABASE {0} TO DISK = {1} WITH INIT, CHECKSUM, STATS = 10; RESTORE VERIFYONLY FROM DISK = {1} WITH CHECKSUM;'",
    ];
    for (const server of servers) {
      for (const d of server.databases) {
        const backup = need(d.backup?.value, `${d.name} has no backup path in the inventory.`);
        tsqlIdentifier(d.name); // refuses a name SQL Server cannot hold
        lines.push(
          `Invoke-Sqlcmd -ServerInstance ${q(address(server))} -QueryTimeout 0 -Verbose -DisableVariables -Query ($backup -f (Format-TsqlName ${q(d.name)}), (Format-TsqlString ${q(backup)}))`,
        );
      }
    }
    return ps(lines);
  },

  'export-management-packs': (c) =>
    withManagementPacks(
      c,
      need(c.host ?? primaryServer(c.runbook), 'No primary management server to export from.'),
      (folder) => [
        `Get-SCSMManagementPack | Where-Object { $_.Sealed -eq $false } | Export-SCSMManagementPack -Path ${folder}`,
      ],
    ),

  'script-permissions': (c) => {
    const folder = need(
      setting(c.runbook, 'permissionScripts'),
      'The inventory has no `permissionScripts` folder.',
    );
    const servers = (c.host ? [c.host] : c.runbook.inventory.servers).filter((s) =>
      s.roles.includes('database'),
    );
    if (servers.length === 0) throw new RenderError('No database server in the inventory.');
    const lines = [
      "$ErrorActionPreference = 'Stop'",
      "if (-not (Get-Command Export-DbaLogin -ErrorAction SilentlyContinue)) { throw 'This step uses dbatools (Install-Module dbatools), or script logins and permissions with SQL Server Management Studio: Generate Scripts.' }",
    ];
    for (const server of servers) {
      lines.push(
        `Export-DbaLogin -SqlInstance ${q(address(server))} -FilePath (Join-Path ${q(folder)} ('logins-{0}.sql' -f ${q(server.name)}))`,
      );
      for (const d of server.databases) {
        lines.push(
          `Export-DbaUser -SqlInstance ${q(address(server))} -Database ${q(d.name)} -FilePath (Join-Path ${q(folder)} ('{0}-permissions.sql' -f ${q(d.name)}))`,
        );
      }
    }
    return ps(lines);
  },
};

export function generate(context: GenerateContext): Generated | undefined {
  if (context.kind === 'manual' || context.kind === 'custom') return undefined;
  return GENERATORS[context.kind](context);
}

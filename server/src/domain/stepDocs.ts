/** What each step kind does and where it runs, in the words of the recovery procedure (domain.md). */
import type { ScenarioKind, StepKind } from './vocabulary';

/** Which computer a step runs on, before any `server=` attribute overrides it. */
export type StepHost = 'target' | 'failed' | 'service-manager-database' | 'step-server' | 'operator';

export interface StepDoc {
  summary: string;
  host: StepHost;
  /** Changes or deletes something that cannot simply be undone. */
  destructive: boolean;
}

export const STEP_DOCS: Record<StepKind, StepDoc> = {
  'prepare-secondary': {
    summary:
      'On the additional management server: close the console, stop the OMSDK, HealthService and cshost services, and delete the `Health Service State` folder with all its contents.',
    host: 'target',
    destructive: true,
  },
  'promote-workflow-server': {
    summary:
      "On the `ServiceManager` database: `EXEC p_PromoteActiveWorkflowServer` with the promoted server's FQDN (not its short name), then confirm it succeeded.",
    host: 'service-manager-database',
    destructive: true,
  },
  'restart-services': {
    summary:
      'On the promoted server: start OMSDK, HealthService and cshost again. It is now the primary (workflow) server.',
    host: 'target',
    destructive: false,
  },
  'install-additional-server': {
    summary:
      'Later, when a replacement computer is available: install a new additional management server, so that a server can be promoted again next time.',
    host: 'operator',
    destructive: false,
  },
  'same-name-computer': {
    summary:
      'Bring up the replacement computer with the same computer name as the one that failed (for a database server, also the same SQL Server instance name). Setup and the restored keys depend on the name.',
    host: 'failed',
    destructive: false,
  },
  'restore-key': {
    summary:
      "Restore the encryption key saved from the failed server itself (SecureStorageBackup `Restore`), before Setup runs. Management server and data warehouse keys differ: never restore another server's key.",
    host: 'failed',
    destructive: true,
  },
  'install-management-server': {
    summary:
      'Run Setup: Service Manager management server, using the existing `ServiceManager` database on its database server (never a new database).',
    host: 'failed',
    destructive: false,
  },
  'install-data-warehouse-server': {
    summary:
      'Run Setup: data warehouse management server, using the existing `DWStagingAndConfig` database and the original report server URL.',
    host: 'failed',
    destructive: false,
  },
  'restore-databases': {
    summary:
      'Restore every database the failed server hosted from its backup, on the same instance name, without `REPLACE` (the databases are absent on a rebuilt instance).',
    host: 'failed',
    destructive: true,
  },
  'enable-clr': {
    summary:
      "Enable CLR on the instance (`sp_configure 'clr enabled', 1; RECONFIGURE`): Setup did this originally, a restore does not.",
    host: 'failed',
    destructive: false,
  },
  'restore-permissions': {
    summary: 'Run the saved logins and permissions scripts to recreate the logins and object permissions.',
    host: 'failed',
    destructive: false,
  },
  'import-management-packs': {
    summary:
      'On a management server: import the exported unsealed management packs (`managementPacks`) with `Import-SCSMManagementPack`, to bring back customisations newer than the database backup.',
    host: 'step-server',
    destructive: false,
  },
  'backup-key': {
    summary:
      "Back up a management server's encryption key with SecureStorageBackup (`server=` names it) to a file kept off that server, with its password kept apart.",
    host: 'step-server',
    destructive: false,
  },
  'backup-databases': {
    summary:
      'Back up the Service Manager databases (full, and differential or log as the recovery model allows). The generated command overwrites the backup files the inventory names, then verifies them.',
    host: 'step-server',
    destructive: true,
  },
  'export-management-packs': {
    summary:
      'Export the unsealed management packs (`Get-SCSMManagementPack | where {$_.Sealed -eq $false} | Export-SCSMManagementPack`) to a folder on another computer.',
    host: 'step-server',
    destructive: false,
  },
  'script-permissions': {
    summary:
      'Script the SQL Server logins and object permissions of ServiceManager, DWStagingAndConfig, DWRepository, DWDataMart and ReportServer, to restore them after a rebuild.',
    host: 'step-server',
    destructive: false,
  },
  manual: {
    summary: 'A checklist item: the operator does it by hand and marks it done.',
    host: 'operator',
    destructive: false,
  },
  custom: {
    summary: 'A step of your own: its fenced code block is the command that runs.',
    host: 'step-server',
    destructive: false,
  },
};

export const SCENARIO_DOCS: Record<ScenarioKind, string> = {
  'management-server':
    'A Service Manager management server failed. Promote an additional management server (fast, if one exists) or replace the failed one with a computer of the same name.',
  'data-warehouse':
    'The data warehouse management server failed. Only one strategy: replace it with a computer of the same name, restore its own key, reinstall on the existing databases.',
  database:
    'A database server failed. Rebuild it with the same computer and instance names, restore its databases, enable CLR and restore logins and permissions.',
  preparation:
    'What must be done before anything fails: back up every key, the databases, the unsealed management packs, and the logins and permissions.',
};

export const STRATEGY_DOCS = {
  promote:
    'Promote an additional management server to primary (workflow) server. Only for management servers.',
  replace: 'Replace the failed computer with a new one bearing the same computer name.',
} as const;

/** What the probes found: plain data, judged by the pure code in judge.ts and chain.ts. */

export interface BackupRow {
  databaseName: string;
  type: 'D' | 'I' | 'L';
  finishedAt: string;
  copyOnly: boolean;
  firstLsn: string;
  lastLsn: string;
  checkpointLsn: string;
  databaseBackupLsn: string;
  device: string;
}

export interface DatabaseFacts {
  name: string;
  /** Undefined when the instance has no such database; null when it has it and did not say its state. */
  state: string | null | undefined;
  recoveryModel: string | undefined;
  backups: BackupRow[];
  /** Rows of its backup history that could not be used (a NULL or invalid type, date or LSN). */
  unreadableBackups?: number;
}

export interface InstanceFacts {
  server: string;
  /** COMPUTER\INSTANCE as the runbook names it. */
  address: string;
  /** The probe's outcome: an error is shown as an error node with its message, never thrown. */
  error: string | undefined;
  /** SQL Server refused the login (a wrong or changed password): the editor asks for it again. */
  loginRefused?: boolean;
  machineName: string | undefined;
  instanceName: string | undefined;
  clrEnabled: boolean | undefined;
  /** SERVERPROPERTY('ProductVersion'), e.g. 15.0.4073.23. */
  productVersion?: string;
  /** SERVERPROPERTY('Collation'). */
  collation?: string;
  /** SERVERPROPERTY('IsFullTextInstalled'). */
  fullTextInstalled?: boolean;
  /** `clr strict security` in use; undefined before SQL Server 2017, where the option does not exist. */
  clrStrictSecurity?: boolean;
  /** The user-defined assemblies of the runbook's databases; read only when clr strict security is on. */
  assemblies?: AssemblyFacts[];
  databases: DatabaseFacts[];
}

export interface AssemblyFacts {
  database: string;
  name: string;
  /** Its SHA-512 hash is in sys.trusted_assemblies. */
  trusted: boolean;
}

export interface FileFacts {
  path: string;
  /** `unreachable`: this machine cannot tell (a UNC path off Windows, a share that does not answer). */
  state: 'present' | 'missing' | 'unreachable';
  reason?: string;
  isFolder?: boolean;
  size?: number;
  modified?: string;
  files?: number;
  newest?: string;
}

export interface LiveState {
  checkedAt: string;
  instances: InstanceFacts[];
  files: FileFacts[];
}

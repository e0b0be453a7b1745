/** The rule codes of runbook-format.md: a contract that tests, users and suppressions rely on. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Rule {
  code: string;
  slug: string;
  severity: Severity;
  /** One line, for listings (docs/rules.md headings, SARIF short descriptions). */
  title: string;
}

const rule = (code: string, slug: string, severity: Severity, title: string): Rule => ({
  code,
  slug,
  severity,
  title,
});

export const RULES = {
  frontMatterMissing: rule(
    'SMDR001',
    'front-matter-missing',
    'error',
    'No front matter, or YAML that does not parse',
  ),
  unknownKey: rule('SMDR002', 'unknown-key', 'warning', 'Key or attribute not in the schema'),
  wrongType: rule('SMDR003', 'wrong-type', 'error', 'Value of the wrong type or outside its vocabulary'),
  versionUnsupported: rule('SMDR004', 'version-unsupported', 'error', '`smdr` missing or not 1'),
  scsmVersionMissing: rule(
    'SMDR005',
    'scsm-version-missing',
    'warning',
    '`scsm` not set: the Service Manager version is unknown',
  ),
  hiddenCharacter: rule(
    'SMDR006',
    'hidden-character',
    'error',
    'An invisible or bidirectional character in a value, an attribute or a command',
  ),
  computerNameInvalid: rule('SMDR101', 'computer-name-invalid', 'error', 'Not a valid NetBIOS computer name'),
  fqdnMismatch: rule(
    'SMDR102',
    'fqdn-mismatch',
    'warning',
    '`fqdn` invalid, or its first label is not the computer name',
  ),
  instanceNameInvalid: rule(
    'SMDR103',
    'instance-name-invalid',
    'error',
    'Not a valid SQL Server instance name',
  ),
  databaseNameInvalid: rule(
    'SMDR104',
    'database-name-invalid',
    'error',
    'Database name empty or longer than 128 characters',
  ),
  primaryCount: rule('SMDR110', 'primary-count', 'error', 'Not exactly one primary management server'),
  keyBackupMissing: rule(
    'SMDR111',
    'key-backup-missing',
    'error',
    'A management or data warehouse server has no `keyBackup`',
  ),
  keyBackupShared: rule('SMDR112', 'key-backup-shared', 'error', 'Two servers name the same key file'),
  keyBackupOnSameServer: rule(
    'SMDR113',
    'key-backup-on-same-server',
    'warning',
    'The key file sits on the server it protects',
  ),
  colocatedDatabase: rule(
    'SMDR114',
    'colocated-database',
    'error',
    "A computer hosts its own role's database (an error when that database has no backup)",
  ),
  databaseUnplaced: rule(
    'SMDR115',
    'database-unplaced',
    'error',
    'A required database is hosted by no server or by several',
  ),
  databaseBackupMissing: rule(
    'SMDR116',
    'database-backup-missing',
    'warning',
    'A hosted database has no backup path',
  ),
  managementPacksMissing: rule('SMDR117', 'management-packs-missing', 'warning', '`managementPacks` not set'),
  permissionScriptsMissing: rule(
    'SMDR118',
    'permission-scripts-missing',
    'info',
    '`permissionScripts` not set',
  ),
  duplicateServer: rule('SMDR119', 'duplicate-server', 'error', 'The same computer name twice'),
  roleFieldMismatch: rule(
    'SMDR120',
    'role-field-mismatch',
    'warning',
    "A server field that does not apply to the server's role",
  ),
  dwDatabasesSplit: rule(
    'SMDR121',
    'dw-databases-split',
    'error',
    '`DWStagingAndConfig` and `DWRepository` on different instances',
  ),
  valueUnfilled: rule(
    'SMDR122',
    'value-unfilled',
    'warning',
    'A value still holds the template placeholder `<fill...>`',
  ),
  scenarioUnknown: rule('SMDR201', 'scenario-unknown', 'error', '`scenario=` value not known'),
  failedUnknown: rule(
    'SMDR202',
    'failed-unknown',
    'error',
    '`failed=` missing or not a server of the inventory',
  ),
  failedRoleMismatch: rule(
    'SMDR203',
    'failed-role-mismatch',
    'error',
    '`failed` does not hold the role the scenario recovers',
  ),
  strategyNotAllowed: rule(
    'SMDR204',
    'strategy-not-allowed',
    'error',
    'Strategy missing or not allowed for this scenario',
  ),
  promoteTargetInvalid: rule(
    'SMDR205',
    'promote-target-invalid',
    'error',
    '`target` of a promotion is not an additional management server',
  ),
  replacementNameDiffers: rule(
    'SMDR206',
    'replacement-name-differs',
    'error',
    '`replace` with a `target` other than `failed`',
  ),
  scenarioNotCovered: rule('SMDR207', 'scenario-not-covered', 'info', 'A server has no recovery section'),
  duplicateScenario: rule(
    'SMDR208',
    'duplicate-scenario',
    'warning',
    'Two sections for the same failed server and strategy',
  ),
  promoteFailedNotPrimary: rule(
    'SMDR209',
    'promote-failed-not-primary',
    'error',
    'A promotion whose failed server is not the primary',
  ),
  promoteTargetFqdn: rule(
    'SMDR210',
    'promote-target-fqdn',
    'error',
    'The promotion target has no FQDN with a domain',
  ),
  stepUnknown: rule('SMDR301', 'step-unknown', 'error', 'Step kind not allowed in this section'),
  stepMissing: rule('SMDR302', 'step-missing', 'error', 'A required step is absent'),
  stepOrder: rule('SMDR303', 'step-order', 'error', 'A step stands before one it depends on'),
  stepOutsideScenario: rule(
    'SMDR304',
    'step-outside-scenario',
    'warning',
    'A step heading outside any scenario section',
  ),
  stepDuplicate: rule('SMDR305', 'step-duplicate', 'warning', 'The same step kind twice in one section'),
  commandMissing: rule('SMDR306', 'command-missing', 'error', 'A `custom` step without a code block'),
  placeholderUnresolved: rule(
    'SMDR307',
    'placeholder-unresolved',
    'error',
    '`${...}` names nothing in the inventory',
  ),
  languageNotRunnable: rule(
    'SMDR308',
    'language-not-runnable',
    'warning',
    'A code block in a language the tool cannot run',
  ),
  wrongKey: rule('SMDR309', 'wrong-key', 'error', "`restore-key` restores another server's key file"),
  newDatabase: rule('SMDR310', 'new-database', 'error', 'An install step creates a new database'),
  instanceChanged: rule(
    'SMDR311',
    'instance-changed',
    'error',
    "A database scenario addresses another instance than the failed server's",
  ),
  restoreSetMismatch: rule(
    'SMDR312',
    'restore-set-mismatch',
    'warning',
    'Restored databases differ from those the failed server hosted',
  ),
  commandsMultiple: rule('SMDR313', 'commands-multiple', 'warning', 'A step with more than one code block'),
  stepServerInvalid: rule(
    'SMDR314',
    'step-server-invalid',
    'error',
    '`server=` names no server that can run the step',
  ),
  fenceUnclosed: rule('SMDR315', 'fence-unclosed', 'warning', 'A code block that is never closed'),
  placeholderInString: rule(
    'SMDR316',
    'placeholder-in-string',
    'error',
    'A placeholder where a quoted literal is not safe (a string, comment, here-string, heredoc, quoted identifier, after `--%`)',
  ),
  commandUnavailable: rule(
    'SMDR317',
    'command-unavailable',
    'error',
    'A step whose command cannot be generated from the inventory',
  ),
  powershellSyntax: rule('SMDR318', 'powershell-syntax', 'error', 'PowerShell that does not parse'),
  sqlLoginMissing: rule(
    'SMDR319',
    'sql-login-missing',
    'warning',
    'A T-SQL step while `sql.user` names no login',
  ),
  // Live findings: what the Servers and Backups views found on the servers, shown on the runbook line
  // that declares the thing, in their own diagnostics collection.
  liveInstanceUnreachable: rule(
    'SMDR401',
    'instance-unreachable',
    'warning',
    'A database server could not be read',
  ),
  liveInstanceMismatch: rule(
    'SMDR402',
    'instance-mismatch',
    'error',
    'A rebuilt instance reports another computer or instance name',
  ),
  liveClrDisabled: rule('SMDR403', 'clr-disabled', 'warning', 'CLR is disabled on an instance'),
  liveDatabaseNotOnline: rule(
    'SMDR404',
    'database-not-online',
    'error',
    'A database is missing or not ONLINE',
  ),
  liveBackupMissing: rule(
    'SMDR405',
    'backup-missing',
    'error',
    'A database has no full backup in its history',
  ),
  liveBackupStale: rule(
    'SMDR406',
    'backup-stale',
    'warning',
    'The newest backup is older than the RPO, or the log chain is broken',
  ),
  liveKeyFileMissing: rule(
    'SMDR407',
    'key-file-missing',
    'error',
    'A key backup file is not where the runbook says',
  ),
  liveBackupFileMissing: rule(
    'SMDR408',
    'backup-file-missing',
    'warning',
    'A database backup file named in the runbook is not there',
  ),
  liveManagementPacksStale: rule(
    'SMDR409',
    'management-packs-stale',
    'warning',
    'The management pack export is missing or older than the RPO',
  ),
  liveSqlVersionUnsupported: rule(
    'SMDR410',
    'sql-version-unsupported',
    'error',
    "The instance's SQL Server version is not supported by the runbook's Service Manager version",
  ),
  liveCollationMismatch: rule(
    'SMDR411',
    'collation-mismatch',
    'error',
    'The instance collation differs from `sql.collation`',
  ),
  liveFullTextMissing: rule(
    'SMDR412',
    'full-text-missing',
    'error',
    'Full-text search is not installed on the instance (Service Manager 2019 and later)',
  ),
  liveClrAssembliesUntrusted: rule(
    'SMDR413',
    'clr-assemblies-untrusted',
    'error',
    "clr strict security is on and Service Manager's assemblies are not trusted",
  ),
  liveBackupInFuture: rule(
    'SMDR414',
    'backup-in-future',
    'warning',
    'A backup or file is dated in the future (a clock is wrong)',
  ),
} as const satisfies Record<string, Rule>;

export const ALL_RULES: readonly Rule[] = Object.values(RULES);

export function ruleByCode(code: string): Rule | undefined {
  return ALL_RULES.find((r) => r.code === code.toUpperCase());
}

/** The words a runbook may use: roles, scenarios, strategies and step kinds (runbook-format.md). */

export const ROLES = ['management', 'data-warehouse', 'database'] as const;
export type Role = (typeof ROLES)[number];

export const SCENARIOS = ['management-server', 'data-warehouse', 'database', 'preparation'] as const;
export type ScenarioKind = (typeof SCENARIOS)[number];

export const STRATEGIES = ['promote', 'replace'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STEP_KINDS = [
  'prepare-secondary',
  'promote-workflow-server',
  'restart-services',
  'install-additional-server',
  'same-name-computer',
  'restore-key',
  'install-management-server',
  'install-data-warehouse-server',
  'restore-databases',
  'enable-clr',
  'restore-permissions',
  'import-management-packs',
  'backup-key',
  'backup-databases',
  'export-management-packs',
  'script-permissions',
  'manual',
  'custom',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Steps that may stand anywhere in any section. */
export const FREE_STEP_KINDS: readonly StepKind[] = ['manual', 'custom'];

/** The role whose failure each recovery scenario handles. */
export const SCENARIO_ROLE: Record<Exclude<ScenarioKind, 'preparation'>, Role> = {
  'management-server': 'management',
  'data-warehouse': 'data-warehouse',
  database: 'database',
};

export const ROLE_SCENARIO: Record<Role, Exclude<ScenarioKind, 'preparation'>> = {
  management: 'management-server',
  'data-warehouse': 'data-warehouse',
  database: 'database',
};

/** The four databases every installation with a data warehouse has (domain.md). */
export const SERVICE_MANAGER_DATABASE = 'ServiceManager';
export const DATA_WAREHOUSE_DATABASES = ['DWStagingAndConfig', 'DWRepository', 'DWDataMart'] as const;
export const KNOWN_DATABASES = [
  SERVICE_MANAGER_DATABASE,
  ...DATA_WAREHOUSE_DATABASES,
  'OMDWDataMart',
  'CMDWDataMart',
  'ReportServer',
  'Analyst',
] as const;

/** Databases whose presence on a computer conflicts with that computer's own role (SMDR114). */
export const ROLE_DATABASES: Record<Exclude<Role, 'database'>, readonly string[]> = {
  management: [SERVICE_MANAGER_DATABASE],
  'data-warehouse': DATA_WAREHOUSE_DATABASES,
};

export const CODE_LANGUAGES = {
  powershell: ['powershell', 'pwsh', 'ps1'],
  tsql: ['sql', 'tsql'],
  sh: ['sh', 'bash'],
} as const;
export type CommandLanguage = keyof typeof CODE_LANGUAGES;

export function commandLanguageOf(info: string): CommandLanguage | undefined {
  const tag = info.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  for (const [language, tags] of Object.entries(CODE_LANGUAGES) as [CommandLanguage, readonly string[]][]) {
    if (tags.includes(tag)) return language;
  }
  return undefined;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

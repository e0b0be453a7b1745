/**
 * The recovery procedures of domain.md as data: for each scenario and strategy, which steps are
 * required and in which order. What `target` must be is checked in rules/scenarios.ts.
 */
import type { ScenarioKind, StepKind, Strategy } from './vocabulary';

export interface RequiredStep {
  kind: StepKind;
  /**
   * `warning` for steps the procedure expects but recovery does not strictly need; `optional` for
   * steps that may be left out, but stand in this order when present.
   */
  missingSeverity: 'error' | 'warning' | 'optional';
  /** Title used when a quick fix inserts the step. */
  title: string;
}

export interface Procedure {
  scenario: ScenarioKind;
  strategy: Strategy | undefined;
  /** Required steps, in the order they must run. Empty for preparation. */
  steps: readonly RequiredStep[];
  /** Every kind allowed in the section (the required ones, optional ones, manual and custom). */
  allowed: readonly StepKind[];
}

const step = (
  kind: StepKind,
  title: string,
  missingSeverity: RequiredStep['missingSeverity'] = 'error',
): RequiredStep => ({
  kind,
  title,
  missingSeverity,
});

const withFree = (kinds: readonly StepKind[]): readonly StepKind[] => [...kinds, 'manual', 'custom'];

/**
 * After a restore, the exported unsealed management packs newer than the database backup are imported
 * again (disaster-recovery pages): optional, and last.
 */
const importPacks = step(
  'import-management-packs',
  'Import the exported unsealed management packs',
  'optional',
);

const promote: Procedure = {
  scenario: 'management-server',
  strategy: 'promote',
  steps: [
    step('prepare-secondary', 'Prepare the additional management server'),
    step('promote-workflow-server', 'Make it the workflow server'),
    step('restart-services', 'Start the services again'),
    step('install-additional-server', 'Install a new additional management server', 'warning'),
  ],
  allowed: withFree([
    'prepare-secondary',
    'promote-workflow-server',
    'restart-services',
    'install-additional-server',
  ]),
};

const replaceManagement: Procedure = {
  scenario: 'management-server',
  strategy: 'replace',
  steps: [
    step('same-name-computer', 'Bring up a computer with the same name'),
    step('restore-key', 'Restore the encryption key'),
    step('install-management-server', 'Install the management server on the existing database'),
    importPacks,
  ],
  allowed: withFree([
    'same-name-computer',
    'restore-key',
    'install-management-server',
    'import-management-packs',
  ]),
};

const replaceDataWarehouse: Procedure = {
  scenario: 'data-warehouse',
  strategy: 'replace',
  steps: [
    step('same-name-computer', 'Bring up a computer with the same name'),
    step('restore-key', "Restore the data warehouse server's encryption key"),
    step('install-data-warehouse-server', 'Install the data warehouse management server'),
  ],
  allowed: withFree(['same-name-computer', 'restore-key', 'install-data-warehouse-server']),
};

const replaceDatabase: Procedure = {
  scenario: 'database',
  strategy: 'replace',
  steps: [
    step('same-name-computer', 'Bring up a computer with the same name and instance'),
    step('restore-databases', 'Restore the databases'),
    step('enable-clr', 'Enable CLR'),
    step('restore-permissions', 'Restore logins and permissions'),
    importPacks,
  ],
  allowed: withFree([
    'same-name-computer',
    'restore-databases',
    'enable-clr',
    'restore-permissions',
    'import-management-packs',
  ]),
};

const preparation: Procedure = {
  scenario: 'preparation',
  strategy: undefined,
  steps: [],
  allowed: withFree(['backup-key', 'backup-databases', 'export-management-packs', 'script-permissions']),
};

/** Strategies each scenario allows; the first is the default when `strategy=` is absent (if any). */
export const SCENARIO_STRATEGIES: Record<ScenarioKind, { allowed: readonly Strategy[]; default?: Strategy }> =
  {
    'management-server': { allowed: ['promote', 'replace'] },
    'data-warehouse': { allowed: ['replace'], default: 'replace' },
    database: { allowed: ['replace'], default: 'replace' },
    preparation: { allowed: [] },
  };

export function procedureFor(scenario: ScenarioKind, strategy: Strategy | undefined): Procedure | undefined {
  switch (scenario) {
    case 'management-server':
      return strategy === 'promote' ? promote : strategy === 'replace' ? replaceManagement : undefined;
    case 'data-warehouse':
      return strategy === 'replace' ? replaceDataWarehouse : undefined;
    case 'database':
      return strategy === 'replace' ? replaceDatabase : undefined;
    case 'preparation':
      return preparation;
  }
}

/** Step kinds a section of this scenario may hold whatever its strategy (for completion when the strategy is unknown). */
export function stepKindsOfScenario(scenario: ScenarioKind): readonly StepKind[] {
  const procedures =
    scenario === 'management-server'
      ? [promote, replaceManagement]
      : [procedureFor(scenario, SCENARIO_STRATEGIES[scenario].default)];
  return [...new Set(procedures.flatMap((p) => p?.allowed ?? []))];
}

/** Which computer each step runs on (runbook-format.md "Where a step runs"); `server=` overrides. */
import { STEP_DOCS } from '../domain/stepDocs';
import { isOneOf, SERVICE_MANAGER_DATABASE, STEP_KINDS } from '../domain/vocabulary';
import { databaseHosts, findServer, type Runbook, type Server, type Step } from '../runbook/model';
import type { ScenarioInfo } from '../runbook/scenario';

export function stepHost(runbook: Runbook, step: Step, info: ScenarioInfo | undefined): Server | undefined {
  if (step.server) return findServer(runbook.inventory, step.server.value);
  const kind = step.kind?.value;
  if (!isOneOf(STEP_KINDS, kind)) return undefined;
  switch (STEP_DOCS[kind].host) {
    case 'target':
      return info?.target;
    case 'failed':
      return info?.failed;
    case 'service-manager-database':
      return serviceManagerDatabaseServer(runbook);
    case 'step-server':
      return defaultStepServer(runbook, kind);
    case 'operator':
      return undefined;
  }
}

export function serviceManagerDatabaseServer(runbook: Runbook): Server | undefined {
  return databaseHosts(runbook.inventory, SERVICE_MANAGER_DATABASE)[0];
}

export function primaryServer(runbook: Runbook): Server | undefined {
  return runbook.inventory.servers.find((s) => s.roles.includes('management') && s.primary?.value === true);
}

/** Steps without `server=`: management packs are exported from, and imported on, the primary server. */
function defaultStepServer(runbook: Runbook, kind: string): Server | undefined {
  return kind === 'export-management-packs' || kind === 'import-management-packs'
    ? primaryServer(runbook)
    : undefined;
}

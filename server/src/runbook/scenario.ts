/** What a scenario section means once its attributes are read against the vocabulary and the inventory. */
import { procedureFor, SCENARIO_STRATEGIES, type Procedure } from '../domain/procedures';
import { isOneOf, SCENARIOS, STRATEGIES, type ScenarioKind, type Strategy } from '../domain/vocabulary';
import { findServer, type Runbook, type Section, type Server } from './model';

export interface ScenarioInfo {
  kind: ScenarioKind | undefined;
  /** The written strategy, or the scenario's only one when none is written. */
  strategy: Strategy | undefined;
  procedure: Procedure | undefined;
  failed: Server | undefined;
  target: Server | undefined;
}

export function scenarioInfo(runbook: Runbook, section: Section): ScenarioInfo {
  const kind = isOneOf(SCENARIOS, section.scenario?.value) ? section.scenario.value : undefined;
  const written = section.strategy?.value;
  const strategy = isOneOf(STRATEGIES, written)
    ? written
    : written === undefined && kind
      ? SCENARIO_STRATEGIES[kind].default
      : undefined;
  const strategies = kind ? SCENARIO_STRATEGIES[kind] : undefined;
  // Steps are checked against the written strategy when it is allowed, else against the scenario's
  // only strategy (a data warehouse "promote" is still checked as the replacement it must be).
  const effective = strategy && strategies?.allowed.includes(strategy) ? strategy : strategies?.default;
  return {
    kind,
    strategy,
    procedure: kind ? procedureFor(kind, effective) : undefined,
    failed: findServer(runbook.inventory, section.failed?.value),
    target: findServer(runbook.inventory, section.target?.value),
  };
}

/** The section that holds a line, if any. */
export function sectionAt(runbook: Runbook, line: number): Section | undefined {
  return runbook.sections.find((s) => s.startLine <= line && line <= s.endLine);
}

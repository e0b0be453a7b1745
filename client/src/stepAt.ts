/**
 * Which scenario and step a command acts on when it is run from the palette: the ones around the
 * cursor, and, when the cursor names no step, the step to offer first in the picker. Pure (no vscode):
 * unit-tested with hostile plans.
 */
import {
  nextStep,
  stepKey,
  type PlannedScenario,
  type PlannedStep,
  type ScenarioProgress,
  type StepState,
} from '../../server/src/api';
import { blockedBy } from './runner/blocked';

/** The section whose heading is the last one at or above `line` (one-based), if any. */
export function scenarioAt(scenarios: readonly PlannedScenario[], line: number): PlannedScenario | undefined {
  let found: PlannedScenario | undefined;
  for (const scenario of scenarios)
    if (scenario.line <= line && (!found || scenario.line >= found.line)) found = scenario;
  return found;
}

/** The step of `scenario` whose heading is the last one at or above `line`: the cursor is in its text. */
export function stepAt(scenario: PlannedScenario, line: number): PlannedStep | undefined {
  let found: PlannedStep | undefined;
  for (const step of scenario.steps)
    if (step.line <= line && (!found || step.line >= found.line)) found = step;
  return found;
}

/** A step's state as the picker shows it: blocked and running come before what the journal says. */
export type PickState = StepState | 'blocked' | 'running' | 'not run';

export function pickState(
  scenario: PlannedScenario,
  step: PlannedStep,
  progress: ScenarioProgress,
  running: boolean,
): PickState {
  if (running) return 'running';
  if (blockedBy(step)) return 'blocked';
  return progress.statuses.get(stepKey(scenario.title, step.kind, step.title))?.outcome ?? 'not run';
}

/** What a command does with the step it is given: the picker offers first the step it most likely means. */
export type Purpose = 'run' | 'done' | 'outcome';

/**
 * The step to offer first: for an outcome, the step that waits for one (sent, or started and never
 * ended); otherwise, and when none waits, the first step not done yet.
 */
export function suggestedStep(
  scenario: PlannedScenario,
  progress: ScenarioProgress,
  purpose: Purpose,
): PlannedStep | undefined {
  const state = (step: PlannedStep) =>
    progress.statuses.get(stepKey(scenario.title, step.kind, step.title))?.outcome;
  const waiting =
    purpose === 'outcome'
      ? scenario.steps.find((s) => state(s) === 'sent' || state(s) === 'unfinished')
      : undefined;
  return waiting ?? nextStep(scenario, progress);
}

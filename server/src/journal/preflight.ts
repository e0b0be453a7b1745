/** What must be settled before a step runs: the pure decisions behind the runner's questions. */
import type { PlannedScenario, PlannedStep } from '../stepScripts/plan';
import { terminalSafe } from '../cli/terminalText';
import { readableTime, stepKey } from './format';
import { DONE_OUTCOMES, type ScenarioProgress } from './progress';

export interface Preflight {
  /** Why the step cannot run at all (no command, a manual step). */
  blocked: string | undefined;
  /** Earlier steps of the section that are not done: the operator is asked before going on. */
  notDone: PlannedStep[];
  /** The runbook changed since this scenario's run started. */
  runbookChanged: boolean;
  /** The step was started before and its end never recorded: the question before running it again. */
  unfinished: string | undefined;
  /** For a destructive step, the confirmation naming what it acts on (and where it runs, when given). */
  confirmation: string | undefined;
}

export function preflight(
  scenario: PlannedScenario,
  step: PlannedStep,
  progress: ScenarioProgress,
  currentHash: string,
  /** Where the step runs, as the rest of a sentence "It ...": "runs on this computer (ADMIN01)". */
  where?: string,
): Preflight {
  const index = scenario.steps.indexOf(step);
  const notDone = scenario.steps
    .slice(0, Math.max(0, index))
    .filter(
      (s) =>
        !DONE_OUTCOMES.includes(
          progress.statuses.get(stepKey(scenario.title, s.kind, s.title))?.outcome ?? 'failed',
        ),
    );
  const own = progress.statuses.get(stepKey(scenario.title, step.kind, step.title));
  let blocked: string | undefined;
  if (step.error) blocked = `"${step.title}" cannot run: ${step.error}`;
  else if (step.command === null) blocked = `"${step.title}" is done by hand: mark it done when it is.`;
  return {
    blocked,
    notDone,
    runbookChanged: progress.startedWithHash !== undefined && progress.startedWithHash !== currentHash,
    unfinished:
      own?.outcome === 'unfinished'
        ? `"${step.title}" was started at ${readableTime(own.startedAt)} and its end was never recorded (VS Code may have closed while it ran): it may still be running in a terminal. Run it again?`
        : undefined,
    // Runbook values escaped, as the dialog's detail is: a bidi override in a title must not reorder the question.
    confirmation: step.destructive
      ? `"${terminalSafe(step.title)}" (${terminalSafe(step.kind)}) acts on ${terminalSafe(step.target ?? 'this computer')} and cannot simply be undone.${where ? ` It ${where}.` : ''} Run it?`
      : undefined,
  };
}

/** The first step of a scenario that is not done yet: "run next step". */
export function nextStep(scenario: PlannedScenario, progress: ScenarioProgress): PlannedStep | undefined {
  return scenario.steps.find(
    (s) =>
      !DONE_OUTCOMES.includes(
        progress.statuses.get(stepKey(scenario.title, s.kind, s.title))?.outcome ?? 'failed',
      ),
  );
}

/** Where each scenario stands, read from the journal: its current run and the last outcome of each step. */
import type { PlannedScenario } from '../stepScripts/plan';
import { stepKey, type JournalEntry, type Outcome, type StartEntry, type StepEntry } from './format';

/** A step's last state: an outcome, or 'unfinished' when it was started and no end was recorded. */
export type StepState = Outcome | 'unfinished';

export interface StepStatus {
  outcome: StepState;
  exitCode: number | null;
  startedAt: string;
  /** null while unfinished. */
  endedAt: string | null;
  durationMs: number | null;
}

export interface ScenarioProgress {
  run: string | undefined;
  /** Steps whose last outcome counts as done (succeeded, done, or sent and not failed). */
  done: number;
  total: number;
  statuses: Map<string, StepStatus>;
  /** The runbook's hash when this run started, to tell the operator the runbook changed since. */
  startedWithHash: string | undefined;
  startedAt: string | undefined;
}

export const DONE_OUTCOMES: readonly StepState[] = ['succeeded', 'done', 'skipped'];

/** The entries of the scenario's current run (after its last reset). */
export function currentRun(
  entries: readonly JournalEntry[],
  runbook: string,
  scenarioTitle: string,
): JournalEntry[] {
  const mine = entries.filter((e) => e.runbook === runbook && e.scenarioTitle === scenarioTitle);
  const last = mine[mine.length - 1];
  return last ? mine.filter((e) => e.run === last.run) : [];
}

export function scenarioProgress(
  entries: readonly JournalEntry[],
  runbook: string,
  scenario: PlannedScenario,
): ScenarioProgress {
  const run = currentRun(entries, runbook, scenario.title);
  const statuses = new Map<string, StepStatus>();
  // The start line of each step's attempt whose end nobody has recorded yet (unfinished, or sent).
  const attempts = new Map<string, string>();
  for (const entry of run.filter((e): e is StepEntry | StartEntry => e.type !== 'reset')) {
    const key = stepKey(entry.scenarioTitle, entry.stepKind, entry.stepTitle);
    if (entry.type === 'start') {
      attempts.set(key, entry.startedAt);
      statuses.set(key, {
        outcome: 'unfinished',
        exitCode: null,
        startedAt: entry.startedAt,
        endedAt: null,
        durationMs: null,
      });
      continue;
    }
    // An outcome recorded by hand after the command was sent counts from when it was sent.
    const startedAt = attempts.get(key) ?? entry.startedAt;
    if (entry.outcome !== 'sent') attempts.delete(key);
    statuses.set(key, {
      outcome: entry.outcome,
      exitCode: entry.exitCode,
      startedAt,
      endedAt: entry.endedAt,
      durationMs: Date.parse(entry.endedAt) - Date.parse(startedAt),
    });
  }
  const keys = scenario.steps.map((s) => stepKey(scenario.title, s.kind, s.title));
  const first = run[0];
  return {
    run: first?.run,
    done: keys.filter((k) => DONE_OUTCOMES.includes(statuses.get(k)?.outcome ?? 'failed')).length,
    total: keys.length,
    statuses,
    startedWithHash: first?.runbookHash,
    startedAt: first ? (first.type === 'reset' ? first.at : first.startedAt) : undefined,
  };
}

/** A step's last state in words, for the code lens and the Recovery view: "failed (exit 3) at 10:04". */
export function describeStatus(status: StepStatus, time: (iso: string) => string): string {
  if (status.endedAt === null) return `started at ${time(status.startedAt)}, no outcome recorded`;
  const exit = status.exitCode !== null ? ` (exit ${status.exitCode})` : '';
  return `${status.outcome}${exit} at ${time(status.endedAt)}`;
}

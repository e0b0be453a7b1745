/** Whether a planned step may run: a step whose text (or what it depends on) carries an error does not. */
import type { PlannedStep } from '../../../server/src/api';

/** The error diagnostics a step depends on, as the plan lists them (when it does). */
interface Problem {
  code: string;
  line: number;
  message: string;
}

/** Why `step` cannot run, naming its problems; null when it can. */
export function blockedBy(step: PlannedStep & { problems?: readonly Problem[] }): string | null {
  if (step.problems?.length)
    return step.problems.map((p) => `${p.code} on line ${p.line}: ${p.message}`).join('; ');
  return step.error;
}

/**
 * SMDR317: a step whose command cannot be built. `smdr plan` and the runner refuse such a step; the
 * editor and `smdr check` say so beforehand, in the plan's own words, on the step's kind. Reasons
 * already reported where they stand (an unresolved or misplaced placeholder) are not repeated.
 */
import { buildCommand } from '../stepScripts/plan';
import type { Runbook, Section, Step } from '../runbook/model';
import { RULES } from './catalog';
import type { Finding } from './finding';

const REPORTED_IN_PLACE = new Set([RULES.placeholderUnresolved.code, RULES.placeholderInString.code]);

/**
 * One step, in its section (none for a stray step). `reported`: the findings on the step's code block
 * (those of the code-block rules suffice: only they report a placeholder).
 */
export function checkStepGeneration(
  runbook: Runbook,
  step: Step,
  section: Section | undefined,
  reported: readonly Finding[],
): Finding[] {
  if (!runbook.inventory.usable || placeholderReported(step, reported)) return [];
  const { error } = buildCommand(runbook, section, step);
  if (!error) return [];
  return [
    { rule: RULES.commandUnavailable, message: error, range: step.kind?.range ?? step.heading.lineRange },
  ];
}

function placeholderReported(step: Step, reported: readonly Finding[]): boolean {
  const fence = step.codeBlocks[0]?.fence;
  return (
    !!fence &&
    reported.some(
      (f) =>
        REPORTED_IN_PLACE.has(f.rule.code) &&
        f.range.start.line > fence.startLine &&
        f.range.start.line <= fence.endLine,
    )
  );
}

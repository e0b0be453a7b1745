/**
 * SMDR317: a step whose command cannot be built. `smdr plan` and the runner refuse such a step; the
 * editor and `smdr check` say so beforehand, in the plan's own words, on the step's kind. Reasons
 * already reported where they stand (an unresolved or misplaced placeholder, a hidden character in the
 * code block) are not repeated.
 *
 * SMDR319: a step that runs T-SQL while the runbook names no SQL login. The runner and `smdr sql
 * --job` refuse it when it is run (a password is asked and bound only for a login); said here while
 * the runbook is written.
 */
import { buildCommand } from '../stepScripts/plan';
import type { CommandLanguage } from '../domain/vocabulary';
import type { Runbook, Section, Step } from '../runbook/model';
import { languageOf } from '../runbook/parse';
import type { Range } from '../runbook/source';
import { RULES } from './catalog';
import type { Finding } from './finding';

const REPORTED_IN_PLACE = new Set([
  RULES.placeholderUnresolved.code,
  RULES.placeholderInString.code,
  RULES.hiddenCharacter.code,
]);

/**
 * One step, in its section (none for a stray step). `reported`: the findings on the step's code block
 * (those of the code-block rules and SMDR006 suffice: only they report what the renderer refuses there).
 */
export function checkStepGeneration(
  runbook: Runbook,
  step: Step,
  section: Section | undefined,
  reported: readonly Finding[],
): Finding[] {
  if (!runbook.inventory.usable) return [];
  const range = step.kind?.range ?? step.heading.lineRange;
  const code = step.codeBlocks[0];
  if (code && reportedInPlace(step, reported)) return loginMissing(runbook, languageOf(code), range);
  const { rendered, error } = buildCommand(runbook, section, step);
  // A code block's language is its fence's; a generated command's, the one its kind is built in (the
  // plan's `language`), known only when it can be built: otherwise SMDR317 says why it cannot.
  const language = code ? languageOf(code) : rendered?.language;
  return [
    ...(error ? [{ rule: RULES.commandUnavailable, message: error, range }] : []),
    ...loginMissing(runbook, language, range),
  ];
}

/** SMDR319. Reads `sql` only for a T-SQL step: the sections without one do not depend on it (rules/reads.ts). */
function loginMissing(runbook: Runbook, language: CommandLanguage | undefined, range: Range): Finding[] {
  if (language !== 'tsql') return [];
  const user = runbook.settings.sql.user?.value;
  if (user !== undefined && user.trim() !== '') return [];
  return [
    {
      rule: RULES.sqlLoginMissing,
      message:
        "This step runs T-SQL, and the runbook's `sql:` names no login: it cannot run from VS Code or `smdr sql` until `sql.user` (and `sql.authentication`) are set in the front matter.",
      range,
    },
  ];
}

function reportedInPlace(step: Step, reported: readonly Finding[]): boolean {
  const fence = step.codeBlocks[0]?.fence;
  return (
    !!fence &&
    reported.some(
      (f) =>
        REPORTED_IN_PLACE.has(f.rule.code) &&
        f.range.start.line >= fence.startLine &&
        f.range.start.line <= fence.endLine,
    )
  );
}

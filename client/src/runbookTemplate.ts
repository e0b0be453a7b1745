/**
 * The New Runbook template (`media/template.runbook.md`) filled with the two answers it asks for: the
 * management group and the Service Manager version. Pure: the command in `newRunbook.ts` does the asking
 * and the writing.
 */
import { firstHidden, hiddenName } from '../../server/src/api';

/** The versions a runbook's `scsm` accepts, newest first (the order the picker offers them). */
export const SCSM_VERSIONS = ['2025', '2022', '2019', '2016'] as const;
export type ScsmVersion = (typeof SCSM_VERSIONS)[number];

/**
 * Characters Setup refuses in a management group name (System Center's rule: none of
 * `( ) ^ ~ : ; . ! ? " , ' \` @ # % \ / * + = $ | & [ ] < > { }`, no leading or trailing space).
 * Refusing them also keeps the name one plain YAML single-quoted value and plain Markdown heading text.
 */
const REFUSED = /[()^~:;.!?",'`@#%\\/*+=$|&[\]<>{}]/u;
// Control characters and every line break YAML or Markdown knows (NEL, LS, PS): the value stays on its line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const MAX_LENGTH = 64;

/** Why `name` cannot be a management group name, or undefined when it can. */
export function managementGroupProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Type the management group name chosen at Setup.';
  if (name !== name.trim()) return 'A management group name has no leading or trailing space.';
  if (name.length > MAX_LENGTH) return `At most ${MAX_LENGTH} characters.`;
  if (CONTROL.test(name)) return 'A management group name has no control characters or line breaks.';
  const hidden = firstHidden(name);
  if (hidden)
    return `A management group name has no invisible or bidirectional characters (${hiddenName(hidden.codePointAt(0)!)}).`;
  const refused = REFUSED.exec(name);
  if (refused) return `Setup refuses \`${refused[0]}\` in a management group name.`;
  return undefined;
}

/** The template with its `{{managementGroup}}` and `{{scsm}}` slots filled; throws on a name Setup refuses. */
export function fillTemplate(template: string, managementGroup: string, scsm: ScsmVersion): string {
  const problem = managementGroupProblem(managementGroup);
  if (problem) throw new Error(problem);
  return template.replaceAll('{{managementGroup}}', managementGroup).replaceAll('{{scsm}}', scsm);
}

/** File names for the new runbook, in the order to try them: `<group>.runbook.md`, `<group>-2.runbook.md`, ... */
export function* runbookFileNames(managementGroup: string): Generator<string> {
  // Runs of anything but letters, digits, `_` and `-` are one `-`, so at most one is left at each end.
  const base =
    managementGroup
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-|-$/g, '') || 'recovery';
  yield `${base}.runbook.md`;
  for (let n = 2; ; n++) yield `${base}-${n}.runbook.md`;
}

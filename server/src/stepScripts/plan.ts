/** The resolved plan of a runbook: each scenario's steps with where they run and the command each runs. */
import { STEP_DOCS } from '../domain/stepDocs';
import { isOneOf, STEP_KINDS, type CommandLanguage } from '../domain/vocabulary';
import type { Runbook, Section, Server, Step } from '../runbook/model';
import { instanceAddress } from '../domain/installation';
import { attr } from '../runbook/model';
import { scenarioInfo } from '../runbook/scenario';
import { severityOf, type Finding } from '../rules/finding';
import { checkRunbook } from '../service';
import { generate, RenderError, type Generated } from './generate';
import { stepHost } from './hosts';
import type { RemotingOptions } from './powershell';
import { QuoteError } from './quote';
import { renderCodeBlock } from './render';

export interface PlannedStep {
  kind: string;
  title: string;
  /** One-based line of the step heading. */
  line: number;
  server: string | null;
  language: CommandLanguage | null;
  command: string | null;
  /** The database a T-SQL command runs in. */
  database: string | null;
  generated: boolean;
  destructive: boolean;
  /** Why the step cannot run (no command could be built, or errors it depends on), when it cannot. */
  error: string | null;
  /** The errors in the runbook that keep this step from running (inventory, its section). */
  problems: StepProblem[];
  /** For destructive steps: what they act on (computer, instance, databases), for the confirmation. */
  target: string | null;
}

export interface StepProblem {
  code: string;
  /** One-based line. */
  line: number;
  message: string;
}

export interface PlannedScenario {
  scenario: string;
  failed: string | null;
  strategy: string | null;
  target: string | null;
  title: string;
  line: number;
  steps: PlannedStep[];
}

/** Commands that delete, overwrite or reconfigure: a custom step running one asks for confirmation. */
const DESTRUCTIVE =
  /\b(?:Remove-Item|Stop-Service|Restart-Service|Format-Volume|Clear-Content|DROP\s|DELETE\s|TRUNCATE\s|RESTORE\s|ALTER\s|EXEC(?:UTE)?\b|rm\s+-|mkfs|dd\s)/i;

export const DEFAULT_REMOTING: RemotingOptions = { remoting: true };

export function planRunbook(
  runbook: Runbook,
  options: RemotingOptions = DEFAULT_REMOTING,
  findings: readonly Finding[] = checkRunbook(runbook),
): PlannedScenario[] {
  const errors = findings.filter((f) => severityOf(f) === 'error');
  return runbook.sections.map((section) => ({
    scenario: section.scenario?.value ?? '',
    failed: section.failed?.value ?? null,
    strategy: scenarioInfo(runbook, section).strategy ?? null,
    target: section.target?.value ?? null,
    title: section.heading.title,
    line: section.startLine + 1,
    steps: section.steps.map((step) => planStep(runbook, section, step, options, errors)),
  }));
}

/** The command a step runs (its code block, or the one generated for its kind), or why there is none. */
export function buildCommand(
  runbook: Runbook,
  section: Section | undefined,
  step: Step,
  options: RemotingOptions = DEFAULT_REMOTING,
): { rendered?: Generated; error?: string } {
  const kind = step.kind?.value ?? '';
  const code = step.codeBlocks[0];
  try {
    if (code) return { rendered: renderCodeBlock(runbook, section, code) };
    if (!isOneOf(STEP_KINDS, kind) || kind === 'custom') return {};
    const info = section && scenarioInfo(runbook, section);
    return { rendered: generate({ runbook, kind, info, host: stepHost(runbook, step, info), options }) };
  } catch (e) {
    if (!(e instanceof RenderError || e instanceof QuoteError)) throw e;
    return { error: e.message };
  }
}

export function planStep(
  runbook: Runbook,
  section: Section | undefined,
  step: Step,
  options: RemotingOptions = DEFAULT_REMOTING,
  errors: readonly Finding[] = checkRunbook(runbook).filter((f) => severityOf(f) === 'error'),
): PlannedStep {
  const info = section && scenarioInfo(runbook, section);
  const kind = step.kind?.value ?? '';
  const host = stepHost(runbook, step, info);
  const code = step.codeBlocks[0];
  const built = buildCommand(runbook, section, step, options);
  const rendered = built.rendered;
  const problems = dependedOn(runbook, section, step, errors);
  const error =
    built.error ??
    (!rendered && kind === 'custom' ? 'A custom step needs a code block.' : null) ??
    (problems.length ? blockedBy(problems) : null);
  const declared = attr(step.heading, 'destructive')?.value;
  const destructive =
    declared !== undefined
      ? declared !== 'false'
      : isOneOf(STEP_KINDS, kind) && kind !== 'custom'
        ? STEP_DOCS[kind].destructive
        : DESTRUCTIVE.test(rendered?.text ?? '');
  return {
    kind,
    title: step.heading.title,
    line: step.startLine + 1,
    server: host?.name ?? null,
    language: error ? null : (rendered?.language ?? null),
    command: error ? null : (rendered?.text ?? null),
    database: rendered?.database ?? null,
    generated: !code && !!rendered,
    destructive,
    error,
    problems,
    target: destructive ? describeTarget(kind, host, info?.failed, rendered?.database) : null,
  };
}

/**
 * The errors a step's command depends on: those in the inventory (every command is built from it)
 * and those in the step's own section (or, outside any section, in the step). A runbook that can
 * still be edited is not run half-right.
 */
function dependedOn(
  runbook: Runbook,
  section: Section | undefined,
  step: Step,
  errors: readonly Finding[],
): StepProblem[] {
  const frontMatterEnd = runbook.frontMatter
    ? (runbook.frontMatter.closeLine ?? runbook.source.lineCount)
    : -1;
  const [from, to] = section ? [section.startLine, section.endLine] : [step.startLine, step.endLine];
  return errors
    .filter((f) => {
      const line = f.range.start.line;
      return line <= frontMatterEnd || (line >= from && line <= to);
    })
    .map((f) => ({ code: f.rule.code, line: f.range.start.line + 1, message: f.message }));
}

const SHOWN_PROBLEMS = 3;

function blockedBy(problems: StepProblem[]): string {
  const listed = problems
    .slice(0, SHOWN_PROBLEMS)
    .map((p) => `line ${p.line}: ${p.code} ${p.message}`)
    .join('; ');
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
  return `Not run while the runbook has ${problems.length === 1 ? 'an error' : `${problems.length} errors`} it depends on (${listed}${more}). Fix ${problems.length === 1 ? 'it' : 'them'} first: see Problems.`;
}

function describeTarget(
  kind: string,
  host: Server | undefined,
  failed: Server | undefined,
  database: string | undefined,
): string {
  const computer = host
    ? instanceAddress(host.name, host.roles.includes('database') ? host.instance?.value : undefined)
    : 'this computer';
  if (kind === 'backup-databases') {
    const names = host ? host.databases.map((d) => d.name).join(', ') : 'every database the inventory lists';
    return `${host ? computer : 'every database server'}: overwrites the backup files of ${names}`;
  }
  const databases =
    kind === 'restore-databases'
      ? (failed?.databases.map((d) => d.name) ?? [])
      : database && database !== 'master'
        ? [database]
        : [];
  return databases.length
    ? `${computer}, database${databases.length > 1 ? 's' : ''} ${databases.join(', ')}`
    : computer;
}

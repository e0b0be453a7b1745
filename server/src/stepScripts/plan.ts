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
  /**
   * The runbook says `destructive=false` and neither the step's kind nor its code says otherwise: the
   * runbook's claim, which the preview reports as such (it cannot lower what the kind or code says).
   */
  declaredNotDestructive: boolean;
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

/**
 * Commands that delete, overwrite, stop or reconfigure: a step whose code block names one asks for
 * confirmation, whatever its heading claims. A best-effort check of the text (strings and comments
 * included, so it errs towards asking): PowerShell cmdlets and aliases, Windows tools, T-SQL and sh.
 */
const DESTRUCTIVE = new RegExp(
  [
    // PowerShell: removing, clearing, stopping, restarting, formatting, overwriting.
    String.raw`\b(?:Remove-\w+|Clear-(?:Content|Disk|Item|ItemProperty|RecycleBin)|(?:Stop|Restart)-(?:Computer|Service|Process)|Suspend-Service|Format-Volume|Initialize-Disk|Uninstall-\w+|Unregister-\w+|Set-Content|Move-Item|Rename-Item)\b`,
    // Windows tools and cmd/PowerShell aliases that delete or shut down.
    String.raw`(?:^|[\s;&|(])(?:del|erase|rd|ri|diskpart|shutdown|bcdedit|cipher\s+\/w|(?:vssadmin|wbadmin)\s+delete|reg\s+delete|sc(?:\.exe)?\s+(?:delete|stop|config)|net\s+stop)\b|\bformat\s+[a-z]:`,
    // T-SQL statements that drop, change or run code.
    String.raw`\b(?:DROP|DELETE|TRUNCATE|RESTORE|ALTER|UPDATE|MERGE|KILL|DBCC)\s|\bSHUTDOWN\b|\bEXEC(?:UTE)?\b`,
    // sh: removing, overwriting, formatting, stopping.
    String.raw`(?:^|[\s;&|(])(?:rm|rmdir|unlink|shred|truncate|mkfs(?:\.\w+)?|dd|wipefs|fdisk|parted|reboot|poweroff|halt|kill|pkill|killall|systemctl\s+(?:stop|restart|disable|mask))(?:\s|$)`,
  ].join('|'),
  'im',
);

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
    if (code) return shownWhole(renderCodeBlock(runbook, section, code));
    if (!isOneOf(STEP_KINDS, kind) || kind === 'custom') return {};
    const info = section && scenarioInfo(runbook, section);
    return shownWhole(generate({ runbook, kind, info, host: stepHost(runbook, step, info), options }));
  } catch (e) {
    if (!(e instanceof RenderError || e instanceof QuoteError)) throw e;
    return { error: e.message };
  }
}

/**
 * The longest line a step may run. Code past the edge of a very long line is seen by nobody: the
 * confirmation cuts it, and VS Code stops drawing a line after 10,000 characters
 * (editor.stopRenderingLineAfter), so Show Command would not show it either.
 */
export const MAX_LINE = 4000;

/** `rendered`, or why it does not run: a line too long to be read whole before it runs. */
function shownWhole(rendered: Generated | undefined): { rendered?: Generated; error?: string } {
  if (!rendered) return {};
  const lines = rendered.text.split(/\r\n|\r|\n/);
  const index = lines.findIndex((line) => line.length > MAX_LINE);
  if (index < 0) return { rendered };
  return {
    error: `Line ${index + 1} of its command is ${lines[index]!.length.toLocaleString('en-US')} characters long, more than the ${MAX_LINE.toLocaleString('en-US')} that can be read whole in the confirmation and Show Command: code past the edge would run unseen. Break it into shorter lines.`,
  };
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
  // `destructive=false` can only be a claim: it never lowers what the kind is or what the code does.
  const declared = attr(step.heading, 'destructive')?.value;
  const inherent =
    (isOneOf(STEP_KINDS, kind) && kind !== 'custom' && STEP_DOCS[kind].destructive) ||
    (code !== undefined && DESTRUCTIVE.test(rendered?.text ?? ''));
  const destructive = inherent || (declared !== undefined && declared !== 'false');
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
    declaredNotDestructive: !destructive && declared === 'false',
    error,
    problems,
    // A code block other than T-SQL runs in the terminal here, whatever server the heading names.
    target: !destructive
      ? null
      : code && rendered?.language !== 'tsql'
        ? 'this computer'
        : describeTarget(kind, host, info?.failed, rendered?.database),
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

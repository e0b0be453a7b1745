/** The resolved plan of a runbook: each scenario's steps with where they run and the command each runs. */
import { STEP_DOCS } from '../domain/stepDocs';
import { isOneOf, STEP_KINDS, type CommandLanguage } from '../domain/vocabulary';
import type { Runbook, Section, Server, Step } from '../runbook/model';
import { instanceAddress } from '../domain/installation';
import { attr } from '../runbook/model';
import { scenarioInfo } from '../runbook/scenario';
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
  /** Why no command could be built, when none was. */
  error: string | null;
  /** For destructive steps: what they act on (computer, instance, databases), for the confirmation. */
  target: string | null;
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
  /\b(?:Remove-Item|Stop-Service|Restart-Service|Format-Volume|Clear-Content|DROP\s|DELETE\s|TRUNCATE\s|RESTORE\s|ALTER\s|EXEC\s|rm\s+-|mkfs|dd\s)/i;

export const DEFAULT_REMOTING: RemotingOptions = { remoting: true };

export function planRunbook(
  runbook: Runbook,
  options: RemotingOptions = DEFAULT_REMOTING,
): PlannedScenario[] {
  return runbook.sections.map((section) => ({
    scenario: section.scenario?.value ?? '',
    failed: section.failed?.value ?? null,
    strategy: scenarioInfo(runbook, section).strategy ?? null,
    target: section.target?.value ?? null,
    title: section.heading.title,
    line: section.startLine + 1,
    steps: section.steps.map((step) => planStep(runbook, section, step, options)),
  }));
}

export function planStep(
  runbook: Runbook,
  section: Section | undefined,
  step: Step,
  options: RemotingOptions = DEFAULT_REMOTING,
): PlannedStep {
  const info = section && scenarioInfo(runbook, section);
  const kind = step.kind?.value ?? '';
  const host = stepHost(runbook, step, info);
  const code = step.commands[0];
  let rendered: Generated | undefined;
  let error: string | null = null;
  try {
    if (code) rendered = renderCodeBlock(runbook, section, code);
    else if (isOneOf(STEP_KINDS, kind)) rendered = generate({ runbook, kind, info, host, options });
    if (!rendered && kind === 'custom') error = 'A custom step needs a code block.';
  } catch (e) {
    if (!(e instanceof RenderError || e instanceof QuoteError)) throw e;
    error = e.message;
  }
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
    language: rendered?.language ?? null,
    command: rendered?.text ?? null,
    database: rendered?.database ?? null,
    generated: !code && !!rendered,
    destructive,
    error,
    target: destructive ? describeTarget(kind, host, info?.failed, rendered?.database) : null,
  };
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

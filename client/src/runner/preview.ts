/**
 * The Show Command preview of a step: a header, in comments of the step's language, saying where it
 * runs, how it is started and whether it is destructive (or why it cannot run), then the exact text
 * the runner writes to its script file or hands `smdr sql`, byte for byte. The texts come from
 * `stepText.ts`, the module the runner uses. Values from the runbook in the header are escaped to
 * one line each (terminalSafe), so none can end the comment and pose as the command.
 */
import { terminalSafe, type PlannedStep, type SqlTarget } from '../../../server/src/api';
import { blockedBy } from './blocked';
import { runsOn, sqlPlace } from './runsOn';
import { EXTENSIONS, scriptContent, sqlJob, terminalLine, type Cli, type Terminal } from './stepText';

export interface PreviewInput {
  step: PlannedStep;
  scenarioTitle: string;
  terminal: Terminal;
  cli: Cli;
  remoting: boolean;
  /** The computer the terminal runs on (smdr.run.localComputer, else this host's name). */
  localComputer: string;
  /** A T-SQL step's target as the runbook and `smdr.sql.endpoints` give it; null when it names none. */
  sqlTarget: SqlTarget | null;
}

export interface Preview {
  /** The VS Code language of the preview document. */
  language: 'powershell' | 'sql' | 'shellscript' | 'plaintext';
  text: string;
  /** Where the header ends: everything after this offset is the step's text, byte for byte. */
  bodyStart: number;
}

const LANGUAGES = { powershell: 'powershell', tsql: 'sql', sh: 'shellscript' } as const;
const COMMENT = { powershell: '# ', sql: '-- ', shellscript: '# ', plaintext: '' } as const;

/** The line after which the step's text starts. */
export const SEPARATOR = '-'.repeat(60);

/** A file name for the preview's tab: the step's title without anything a path or a tab could misread. */
export function previewName(step: PlannedStep): string {
  const name = step.title
    .replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  const extension = step.language ? EXTENSIONS[step.language] : 'txt';
  return `${name || step.kind.replace(/[^a-z0-9-]/g, '') || 'step'}.${extension}`;
}

/** The preview's language: the step's, or plain text when it shows why the step cannot run. */
export function previewLanguage(step: PlannedStep): Preview['language'] {
  return blockedBy(step) || !step.command || !step.language ? 'plaintext' : LANGUAGES[step.language];
}

export function stepPreview(input: PreviewInput): Preview {
  const { step } = input;
  const v = terminalSafe;
  const about = `SMDR: "${v(step.title)}" (${v(step.kind)}) of "${v(input.scenarioTitle)}". Read-only: nothing here runs.`;
  const blocked = blockedBy(step);
  if (blocked || !step.command || !step.language) {
    const lines = blocked
      ? [
          `It cannot run until its problems are fixed (see Problems):`,
          ...(step.problems.length
            ? step.problems.map((p) => `- ${v(p.code)} on line ${p.line}: ${v(p.message)}`)
            : [`- ${v(blocked)}`]),
        ]
      : ['It is done by hand: mark it done when it is.'];
    const text = [about, ...lines].join('\n') + '\n';
    return { language: 'plaintext', text, bodyStart: text.length };
  }
  const language = LANGUAGES[step.language];
  const text = body(input);
  const header = [about, ...where(input), ...destructive(step), ...bodyNote(input), ...undrawn(text)];
  const prefix = COMMENT[language];
  const head = [...header, SEPARATOR].map((line) => `${prefix}${line}`).join('\n') + '\n';
  return { language, text: head + text, bodyStart: head.length };
}

/** How far VS Code draws a line (editor.stopRenderingLineAfter's default). */
export const DRAWN_CHARACTERS = 10_000;

/**
 * A warning when a line of the text is longer than VS Code draws: the rest of it would not be seen.
 * (The plan refuses lines over MAX_LINE, so a step that runs never has one; a preview says so anyway.)
 */
function undrawn(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((line, i) =>
      line.length > DRAWN_CHARACTERS
        ? [
            `WARNING: line ${i + 1} below is ${line.length} characters long, and VS Code stops drawing a line after ${DRAWN_CHARACTERS}: part of it is not shown here.`,
          ]
        : [],
    );
}

/** The step's text as the runner writes it: the script file (after its byte order mark), or the job's statement. */
function body({ step, sqlTarget, terminal }: PreviewInput): string {
  if (step.language === 'tsql' && !terminal.dryRun && sqlTarget)
    return sqlJob(step, sqlTarget, null, false).statement;
  return scriptContent(step).replace(/^\uFEFF/, '');
}

function where(input: PreviewInput): string[] {
  const { step, terminal, cli } = input;
  const v = terminalSafe;
  const shell = terminal.shell
    ? `its own shell ${v(terminal.shell)}, whatever the default terminal profile is`
    : 'no shell: none was found to start it in';
  const runsIn = `Runs in the terminal "SMDR: ${v(input.scenarioTitle)}" (${shell}) on this computer (${v(input.localComputer)}).`;
  const placeholder = `<a new file>.${step.language === 'tsql' && !terminal.dryRun ? 'json' : EXTENSIONS[step.language!]}`;
  const typed = `Typed into the terminal: ${typedLine(() => terminalLine(step.language!, placeholder, terminal, cli, '<SHA-256 of the job>'))}`;
  const dryRun = terminal.dryRun
    ? ['smdr.run.dryRun is on: the terminal prints this text instead of running it.']
    : [];
  if (step.language === 'tsql') {
    const target = input.sqlTarget;
    const on = target
      ? `Against ${sqlPlace(target, step.database ?? 'master')}.`
      : `Against no SQL Server: the runbook names no database server for it, so it does not run.`;
    return [runsIn, `Through smdr sql (mssql), not sqlcmd. ${on}`, typed, ...dryRun];
  }
  const place = { ...input, dryRun: false };
  return [runsIn, `It ${runsOn(step, place)}.`, typed, ...dryRun];
}

/** The typed line, escaped, or why nothing can be typed (a program the step needs was not found). */
function typedLine(line: () => string): string {
  try {
    return terminalSafe(line());
  } catch (error) {
    return `nothing: the step cannot start (${terminalSafe((error as Error).message)})`;
  }
}

function destructive(step: PlannedStep): string[] {
  if (!step.destructive)
    return [
      step.declaredNotDestructive
        ? 'Declared not destructive by the runbook (destructive=false): nothing in its kind or the commands smdr recognises says otherwise, so it does not ask before it runs.'
        : 'Not destructive by its kind, and no command smdr recognises as destructive: it does not ask before it runs.',
    ];
  return [
    `DESTRUCTIVE: acts on ${terminalSafe(step.target ?? 'this computer')} and cannot simply be undone; it asks before it runs.`,
  ];
}

function bodyNote({ step, terminal }: PreviewInput): string[] {
  if (step.language === 'tsql' && !terminal.dryRun)
    return ["Below the line: the statement of the step's job file, byte for byte."];
  const bom = step.language === 'powershell' ? ' (the file starts with a UTF-8 byte order mark)' : '';
  return [`Below the line: the step's script file, byte for byte${bom}.`];
}

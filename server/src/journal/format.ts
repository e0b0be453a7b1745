/**
 * The run journal: one JSON object per line in `.smdr/journal.jsonl` beside the runbook. Lines are
 * only ever appended. A line torn by a crash is skipped with a warning when the journal is read.
 */

/** A journal time as people read it in a question: "2026-11-25 01:31:57 UTC". */
export function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export type Outcome = 'succeeded' | 'failed' | 'sent' | 'done' | 'skipped' | 'dry-run';

interface EntryBase {
  v: 1;
  /** Identifies one run of one scenario; a reset starts a new one. */
  run: string;
  /** The runbook, relative to the journal's folder, and the SHA-256 of its text when the entry was written. */
  runbook: string;
  runbookHash: string;
  scenarioTitle: string;
  scenarioLine: number;
  operator: string;
  computer: string;
}

interface StepFields {
  stepKind: string;
  stepTitle: string;
  stepLine: number;
  server: string | null;
  /** The command as it ran; never a secret (secrets reach commands only through the environment). */
  command: string | null;
  startedAt: string;
}

/** A run of a step, written when it ends. */
export interface StepEntry extends EntryBase, StepFields {
  type: 'step';
  endedAt: string;
  outcome: Outcome;
  exitCode: number | null;
}

/**
 * Written before a step's command is sent, so that a run survives VS Code closing while it runs: a
 * start with no step entry after it is a run whose end nobody saw.
 */
export interface StartEntry extends EntryBase, StepFields {
  type: 'start';
}

export interface ResetEntry extends EntryBase {
  type: 'reset';
  at: string;
}

export type JournalEntry = StepEntry | StartEntry | ResetEntry;

export function serializeEntry(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

export interface ReadJournal {
  entries: JournalEntry[];
  /** What was wrong: at most {@link WARNINGS_NAMED} skipped lines by number, then how many more. */
  warnings: string[];
  /** How many lines were skipped in all. */
  skipped: number;
  /** Why the journal could not be read at all (a link, not a regular file, too large...); absent when it was. */
  unreadable?: string;
}

/**
 * At most this many skipped lines are each named in a warning; the others are counted in one more.
 * A journal is a file in a shared folder: thousands of bad lines must not be thousands of messages.
 */
export const WARNINGS_NAMED = 20;

/** A line longer than this (in UTF-8 bytes) is skipped unread: no entry the runner writes comes near it. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * A journal with more lines that are not entries than this is not read at all: it is no run journal,
 * and each such line costs a thrown JSON error (microseconds: millions of them would hang the views).
 */
export const MAX_SKIPPED = 1000;

/**
 * What a read returns of its `entries` and `skipped` lines, `named` of them by number (the first
 * ones): those warnings and how many more; nothing but why, once more than MAX_SKIPPED were skipped.
 */
export function journalRead(entries: JournalEntry[], named: readonly string[], skipped: number): ReadJournal {
  if (skipped > MAX_SKIPPED)
    return {
      entries: [],
      warnings: [
        `The journal has more than ${MAX_SKIPPED} lines that are not journal entries (the first: ${named[0] ?? ''}); it was not read, and no progress is shown from it.`,
      ],
      skipped,
    };
  const more = skipped - named.length;
  const warnings =
    more > 0 ? [...named, `…and ${more} more journal lines were skipped (${skipped} in all).`] : [...named];
  return { entries, warnings, skipped };
}

export const OUTCOMES: readonly Outcome[] = ['succeeded', 'failed', 'sent', 'done', 'skipped', 'dry-run'];

type Check = (value: unknown) => boolean;
const text: Check = (value) => typeof value === 'string';
const textOrNull: Check = (value) => value === null || typeof value === 'string';
const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const exitCode: Check = (value) => value === null || Number.isSafeInteger(value);
const time: Check = (value) => typeof value === 'string' && Number.isFinite(Date.parse(value));
const outcome: Check = (value) => OUTCOMES.includes(value as Outcome);

const BASE: Record<string, Check> = {
  run: text,
  runbook: text,
  runbookHash: text,
  scenarioTitle: text,
  scenarioLine: count,
  operator: text,
  computer: text,
};
const STEP_FIELDS: Record<string, Check> = {
  stepKind: text,
  stepTitle: text,
  stepLine: count,
  server: textOrNull,
  command: textOrNull,
  startedAt: time,
};
const FIELDS: Record<JournalEntry['type'], Record<string, Check>> = {
  start: { ...BASE, ...STEP_FIELDS },
  step: { ...BASE, ...STEP_FIELDS, endedAt: time, outcome, exitCode },
  reset: { ...BASE, at: time },
};

/**
 * Why a parsed line is not a journal entry, or undefined when it is one. The journal is a file in a
 * shared folder: anybody may have written it, so every field the views and the report use is checked.
 */
export function entryProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  if (record.v !== 1) return '`v` is not 1';
  const fields = Object.hasOwn(FIELDS, String(record.type))
    ? FIELDS[record.type as JournalEntry['type']]
    : undefined;
  if (!fields) return '`type` is not start, step or reset';
  const wrong = Object.keys(fields).find((key) => !fields[key]!(record[key]));
  return wrong === undefined ? undefined : `\`${wrong}\` is missing or has the wrong type`;
}

/** Why `line` (line `number`, `last` when no line break ends it) is not read, or the entry it holds. */
function lineEntry(
  line: string,
  number: number,
  last: boolean,
): { entry: JournalEntry } | { problem: string } {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: most lines are measured without encoding.
  if (line.length > MAX_LINE_BYTES / 3 && new TextEncoder().encode(line).length > MAX_LINE_BYTES)
    return {
      problem: `Journal line ${number} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; it was skipped.`,
    };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      problem: last
        ? `The journal's last line (${number}) is incomplete, probably cut by a crash while it was written; it was skipped.`
        : `Journal line ${number} is not valid JSON; it was skipped.`,
    };
  }
  const problem = entryProblem(value);
  return problem === undefined
    ? { entry: value as JournalEntry }
    : { problem: `Journal line ${number} is not a journal entry (${problem}); it was skipped.` };
}

/**
 * Reads journal lines; `firstLine` numbers them in warnings when the text is a later part of the
 * file; `named` is how many skipped lines may still be named and `skippable` how many may still be
 * skipped (the file's earlier parts used some): past it, the reading stops. A last line without its
 * line break is read too: when it does not parse, it is the line a crash tore while it was written.
 * The warnings are only the named ones: see {@link journalRead}.
 */
export function parseJournalLines(
  text: string,
  firstLine = 1,
  named = WARNINGS_NAMED,
  skippable = MAX_SKIPPED,
): ReadJournal {
  const entries: JournalEntry[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length && skipped <= skippable; index++) {
    const line = lines[index]!;
    if (!line.trim()) continue;
    const read = lineEntry(line, firstLine + index, index === lines.length - 1);
    if ('entry' in read) entries.push(read.entry);
    else if (skipped++ < named) warnings.push(read.problem);
  }
  return { entries, warnings, skipped };
}

/** Reads a journal's text: its entries, and its skipped lines, the first {@link WARNINGS_NAMED} named. */
export function parseJournal(text: string, firstLine = 1): ReadJournal {
  const read = parseJournalLines(text, firstLine);
  return journalRead(read.entries, read.warnings, read.skipped);
}

/** The key a step keeps across edits that move it: its scenario, kind and title. */
export function stepKey(scenarioTitle: string, stepKind: string, stepTitle: string): string {
  return `${scenarioTitle}\u0000${stepKind}\u0000${stepTitle}`;
}

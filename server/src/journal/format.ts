/**
 * The run journal: one JSON object per line in `.smdr/journal.jsonl` beside the runbook. Lines are
 * only ever appended. A line torn by a crash is skipped with a warning when the journal is read.
 */

import { createHash } from 'node:crypto';

/** The runbook's content hash recorded with each entry: it tells when the runbook changed during a run. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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
  warnings: string[];
}

function isEntry(value: unknown): value is JournalEntry {
  const v = value as Partial<JournalEntry> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    v.v === 1 &&
    (v.type === 'step' || v.type === 'start' || v.type === 'reset') &&
    typeof v.run === 'string'
  );
}

export function parseJournal(text: string): ReadJournal {
  const entries: JournalEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const last = index === lines.length - 1;
    try {
      const value: unknown = JSON.parse(line);
      if (isEntry(value)) entries.push(value);
      else warnings.push(`Journal line ${index + 1} is not a journal entry; it was skipped.`);
    } catch {
      warnings.push(
        last
          ? `The journal's last line (${index + 1}) is incomplete, probably cut by a crash while it was written; it was skipped.`
          : `Journal line ${index + 1} is not valid JSON; it was skipped.`,
      );
    }
  });
  return { entries, warnings };
}

/** The key a step keeps across edits that move it: its scenario, kind and title. */
export function stepKey(scenarioTitle: string, stepKind: string, stepTitle: string): string {
  return `${scenarioTitle}\u0000${stepKind}\u0000${stepTitle}`;
}

/**
 * The journal as people read it: one table per run of a scenario (newest run first), a row per line
 * (time, scenario, step, what happened, operator and computer), the command a step ran folded
 * under its row. Every value is a journal's, written by anyone: it is escaped. At most
 * {@link ROWS_SHOWN} rows are drawn (the newest runs'), with a note of what was left out.
 */
import type { JournalEntry } from '../journal/format';
import { escapeHtml as escape, type TimeFormat } from './report';

export interface JournalRow {
  /** ISO time: a start's start, a step's end, a reset's time. */
  at: string;
  scenario: string;
  step: string | null;
  /** "started", an outcome with its exit code, or "new run". */
  event: string;
  operator: string;
  computer: string;
  command: string | null;
}

export interface JournalRun {
  runbook: string;
  run: string;
  scenario: string;
  rows: JournalRow[];
}

function rowOf(entry: JournalEntry): JournalRow {
  const common = {
    scenario: entry.scenarioTitle,
    operator: entry.operator,
    computer: entry.computer,
  };
  switch (entry.type) {
    case 'reset':
      return { ...common, at: entry.at, step: null, event: 'new run (progress reset)', command: null };
    case 'start':
      return { ...common, at: entry.startedAt, step: entry.stepTitle, event: 'started', command: null };
    case 'step':
      return {
        ...common,
        at: entry.endedAt,
        step: entry.stepTitle,
        event: entry.exitCode !== null ? `${entry.outcome} (exit ${entry.exitCode})` : entry.outcome,
        command: entry.command,
      };
  }
}

/** The journal's lines grouped by run (a runbook's scenario run), newest run first, lines in order. */
export function journalRuns(entries: readonly JournalEntry[]): JournalRun[] {
  const runs = new Map<string, JournalRun>();
  for (const entry of entries) {
    const key = `${entry.runbook}\u0000${entry.run}`;
    let run = runs.get(key);
    if (!run) {
      run = { runbook: entry.runbook, run: entry.run, scenario: entry.scenarioTitle, rows: [] };
      runs.set(key, run);
    }
    run.rows.push(rowOf(entry));
  }
  return [...runs.values()].reverse();
}

/** The most rows the journal view draws: a journal of any size must not make a page of any size. */
export const ROWS_SHOWN = 2000;

/** `count` things, in words: "1 row", "3 rows". */
const counted = (count: number, thing: string) => `${count} ${thing}${count === 1 ? '' : 's'}`;

/**
 * The runs as HTML sections (no script: a command folds away in a `details` element), newest first,
 * at most `limit` rows in all: a run cut short says how many of its rows are not shown, and the page
 * ends with how many older runs are not.
 */
export function journalSections(runs: readonly JournalRun[], time: TimeFormat, limit = ROWS_SHOWN): string {
  if (runs.length === 0) return '<p>No step has been run yet.</p>';
  const sections: string[] = [];
  let left = limit;
  for (const run of runs) {
    if (left <= 0) break;
    const drawn = run.rows.slice(0, left);
    left -= drawn.length;
    sections.push(runSection(run, drawn, time));
  }
  const older = runs.slice(sections.length);
  if (older.length > 0) {
    const rows = older.reduce((sum, run) => sum + run.rows.length, 0);
    sections.push(
      `<p class="left-out">${counted(older.length, 'older run')} (${counted(rows, 'row')}) not shown: this view draws at most ${limit} rows; the journal file holds them all.</p>`,
    );
  }
  return sections.join('\n');
}

/** One run's section, of its `drawn` rows (its first ones), saying how many more it has. */
function runSection(run: JournalRun, drawn: readonly JournalRow[], time: TimeFormat): string {
  const rows = drawn
    .map((row) => {
      const command = row.command
        ? `<details><summary>command</summary><pre>${escape(row.command)}</pre></details>`
        : '';
      const cells = [
        time(row.at),
        row.scenario,
        row.step ?? '',
        row.event,
        `${row.operator} on ${row.computer}`,
      ];
      return `<tr class="${escape(row.event.split(' ')[0]!)}">${cells.map((c) => `<td>${escape(c)}</td>`).join('')}<td>${command}</td></tr>`;
    })
    .join('\n');
  const cut = run.rows.length - drawn.length;
  const note =
    cut > 0
      ? `<p class="left-out">${counted(cut, 'later row')} of this run not shown: this view draws a limited number of rows; the journal file holds them all.</p>`
      : '';
  const first = run.rows[0]!;
  return `<section><h2>${escape(run.scenario)}</h2><p>Run of ${escape(run.runbook)} from ${escape(time(first.at))} (run ${escape(run.run)}).</p><table><thead><tr><th>Time</th><th>Scenario</th><th>Step</th><th>Outcome</th><th>Operator</th><th></th></tr></thead><tbody>${rows}</tbody></table>${note}</section>`;
}

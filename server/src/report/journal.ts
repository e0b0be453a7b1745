/**
 * The journal as people read it: one table per run of a scenario (newest run first), a row per line
 * (time, scenario, step, what happened, operator and computer), the command a step ran folded
 * under its row. Every value is a journal's, written by anyone: it is escaped.
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

/** The runs as HTML sections (no script: a command folds away in a `details` element). */
export function journalSections(runs: readonly JournalRun[], time: TimeFormat): string {
  if (runs.length === 0) return '<p>No step has been run yet.</p>';
  return runs
    .map((run) => {
      const rows = run.rows
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
      const first = run.rows[0]!;
      return `<section><h2>${escape(run.scenario)}</h2><p>Run of ${escape(run.runbook)} from ${escape(time(first.at))} (run ${escape(run.run)}).</p><table><thead><tr><th>Time</th><th>Scenario</th><th>Step</th><th>Outcome</th><th>Operator</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
    })
    .join('\n');
}

/** The drill report: per scenario, each step's outcome and duration, total time against the RTO, what failed or was skipped. */
import type { PlannedScenario } from '../stepScripts/plan';
import { stepKey, type JournalEntry } from '../journal/format';
import { currentRun, scenarioProgress } from '../journal/progress';
import { DURATION_PATTERN } from '../runbook/schema';

export interface ReportStep {
  title: string;
  kind: string;
  server: string | null;
  outcome: string;
  exitCode: number | null;
  durationMs: number | null;
}

export interface ReportScenario {
  title: string;
  steps: ReportStep[];
  startedAt: string | undefined;
  endedAt: string | undefined;
  totalMs: number | null;
  problems: string[];
}

export interface Report {
  runbook: string;
  managementGroup: string;
  rtoMs: number | undefined;
  rto: string | undefined;
  scenarios: ReportScenario[];
}

export function durationMs(text: string | undefined): number | undefined {
  const match = text ? DURATION_PATTERN.exec(text) : null;
  if (!match) return undefined;
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

export function buildReport(
  runbook: string,
  managementGroup: string,
  rto: string | undefined,
  plan: PlannedScenario[],
  entries: readonly JournalEntry[],
): Report {
  const rtoMs = durationMs(rto);
  const scenarios = plan
    .filter((scenario) => currentRun(entries, runbook, scenario.title).some((e) => e.type !== 'reset'))
    .map((scenario): ReportScenario => {
      const progress = scenarioProgress(entries, runbook, scenario);
      const run = currentRun(entries, runbook, scenario.title).filter((e) => e.type !== 'reset');
      const steps = scenario.steps.map((step): ReportStep => {
        const status = progress.statuses.get(stepKey(scenario.title, step.kind, step.title));
        return {
          title: step.title,
          kind: step.kind,
          server: step.server,
          outcome: status?.outcome ?? 'not run',
          exitCode: status?.exitCode ?? null,
          durationMs: status ? status.durationMs : null,
        };
      });
      const startedAt = run[0]?.startedAt;
      const ends = run.flatMap((e) => (e.type === 'step' ? [e.endedAt] : [])).sort();
      const endedAt = ends[ends.length - 1];
      const totalMs = startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : null;
      const problems = steps
        .filter(
          (s) =>
            s.outcome === 'failed' ||
            s.outcome === 'not run' ||
            s.outcome === 'skipped' ||
            s.outcome === 'sent' ||
            s.outcome === 'unfinished',
        )
        .map(
          (s) =>
            `${s.title} (${s.kind}): ${s.outcome === 'unfinished' ? 'started, no outcome recorded' : s.outcome}`,
        );
      if (totalMs !== null && rtoMs !== undefined && totalMs > rtoMs)
        problems.unshift(`Took ${formatDuration(totalMs)}, over the RTO of ${rto}.`);
      return { title: scenario.title, steps, startedAt, endedAt, totalMs, problems };
    });
  return { runbook, managementGroup, rtoMs, rto, scenarios };
}

/** How the report writes a journal time (an ISO 8601 text). The CLI keeps them as written, in UTC. */
export type TimeFormat = (iso: string) => string;

const asWritten: TimeFormat = (iso) => iso;

/**
 * Times in `timeZone` (an IANA name, e.g. the operator's), with the zone's abbreviation or offset:
 * "2026-11-24 11:00:00 CET". An unknown zone falls back to UTC.
 */
export function zonedTime(timeZone: string): TimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
  return (iso) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
  };
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

function verdict(report: Report, scenario: ReportScenario): string {
  if (scenario.totalMs === null) return 'not finished';
  if (report.rtoMs === undefined) return `${formatDuration(scenario.totalMs)} (no RTO set)`;
  return `${formatDuration(scenario.totalMs)} of an RTO of ${report.rto}: ${scenario.totalMs <= report.rtoMs ? 'within' : 'OVER'}`;
}

/**
 * Text from the runbook or the journal as Markdown shows it, literally: line breaks and other control
 * characters become spaces (and the text is trimmed), and a backslash (CommonMark's escape for any punctuation) goes before each
 * character that could start emphasis, code, a link, HTML, an entity, a table cell or strikethrough
 * anywhere in a line, and before what would start a list or a heading's closing sequence at its start.
 */
export function markdownLiteral(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what this replaces
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      // Leading spaces would make a list item's text an indented code block.
      .trim()
      .replace(/[\\`*_[\]<>&|#~!{}]/g, '\\$&')
      .replace(/^[-+=]/, '\\$&')
      .replace(/^(\d{1,9})([.)])/, '$1\\$2')
  );
}

export function reportMarkdown(report: Report, time: TimeFormat = asWritten): string {
  const md = markdownLiteral;
  const lines = [`# Recovery drill: ${md(report.managementGroup)}`, '', `Runbook: ${md(report.runbook)}`, ''];
  if (report.scenarios.length === 0) lines.push('No step has been run yet.');
  for (const scenario of report.scenarios) {
    lines.push(
      `## ${md(scenario.title)}`,
      '',
      md(
        `Started ${when(scenario.startedAt, time)}, last step ended ${when(scenario.endedAt, time)}. Total: ${verdict(report, scenario)}.`,
      ),
      '',
    );
    lines.push('| step | kind | server | outcome | duration |', '| --- | --- | --- | --- | --- |');
    for (const s of scenario.steps) {
      const outcome = s.exitCode !== null ? `${s.outcome} (exit ${s.exitCode})` : s.outcome;
      const duration = s.durationMs === null ? '' : formatDuration(s.durationMs);
      lines.push(`| ${[s.title, s.kind, s.server ?? '', outcome, duration].map(md).join(' | ')} |`);
    }
    lines.push(
      '',
      scenario.problems.length
        ? ['**Failed, skipped or not run:**', '', ...scenario.problems.map((p) => `- ${md(p)}`)].join('\n')
        : 'Every step succeeded.',
      '',
    );
  }
  return lines.join('\n');
}

const when = (iso: string | undefined, time: TimeFormat) => (iso === undefined ? '-' : time(iso));

/** Text as HTML shows it, literally, in an element or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const escape = escapeHtml;

/** The report's scenarios as HTML sections (the printable report's body; the editor's view shows them too). */
export function reportSections(report: Report, time: TimeFormat = asWritten): string {
  const sections = report.scenarios.map((scenario) => {
    const rows = scenario.steps
      .map(
        (s) =>
          `<tr class="${escape(s.outcome.replace(/\s/g, '-'))}"><td>${escape(s.title)}</td><td><code>${escape(s.kind)}</code></td><td>${escape(s.server ?? '')}</td><td>${escape(s.exitCode !== null ? `${s.outcome} (exit ${s.exitCode})` : s.outcome)}</td><td>${s.durationMs === null ? '' : escape(formatDuration(s.durationMs))}</td></tr>`,
      )
      .join('\n');
    const problems = scenario.problems.length
      ? `<p><strong>Failed, skipped or not run:</strong></p><ul>${scenario.problems.map((p) => `<li>${escape(p)}</li>`).join('')}</ul>`
      : '<p>Every step succeeded.</p>';
    return `<section><h2>${escape(scenario.title)}</h2><p>Started ${escape(when(scenario.startedAt, time))}, last step ended ${escape(when(scenario.endedAt, time))}. Total: ${escape(verdict(report, scenario))}.</p><table><thead><tr><th>Step</th><th>Kind</th><th>Server</th><th>Outcome</th><th>Duration</th></tr></thead><tbody>${rows}</tbody></table>${problems}</section>`;
  });
  return sections.join('\n') || '<p>No step has been run yet.</p>';
}

export function reportHtml(report: Report, time: TimeFormat = asWritten): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recovery drill: ${escape(report.managementGroup)}</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
tr.failed td, tr.not-run td { background: #fde2e2; }
section { break-inside: avoid; page-break-inside: avoid; }
@media print { body { margin: 0; } a { color: inherit; } }
</style></head>
<body><h1>Recovery drill: ${escape(report.managementGroup)}</h1><p>Runbook: <code>${escape(report.runbook)}</code></p>
${reportSections(report, time)}
</body></html>
`;
}

/** How a step's run ended in its terminal, what the journal records for it, and what the operator is told. */
import type { Outcome } from './format';

export type RunEnd =
  | { kind: 'finished'; exitCode: number | undefined }
  /** The terminal has no shell integration: the command was sent, and nobody sees it end. */
  | { kind: 'sent' }
  /** The terminal was closed while the command ran: how it ended is unknown. */
  | { kind: 'closed' };

export function outcomeOf(end: RunEnd, dryRun: boolean): Outcome {
  if (dryRun) return 'dry-run';
  if (end.kind !== 'finished' || end.exitCode === undefined) return 'sent';
  return end.exitCode === 0 ? 'succeeded' : 'failed';
}

export function exitCodeOf(end: RunEnd): number | null {
  return end.kind === 'finished' ? (end.exitCode ?? null) : null;
}

export interface EndNotice {
  level: 'information' | 'warning' | 'error';
  text: string;
  /** The operator has to record the outcome: the notice offers to. */
  askOutcome: boolean;
}

export function endNotice(title: string, end: RunEnd, outcome: Outcome): EndNotice {
  const exitCode = exitCodeOf(end);
  const message = `"${title}": ${outcome}${exitCode !== null ? ` (exit code ${exitCode})` : ''}.`;
  if (end.kind === 'closed')
    return {
      level: 'warning',
      text: `"${title}": its terminal closed before it ended, so how it ended is unknown. Record the outcome once you know it.`,
      askOutcome: true,
    };
  if (outcome === 'failed') return { level: 'error', text: message, askOutcome: false };
  if (outcome === 'sent')
    return {
      level: 'warning',
      text: `${message} This terminal reports no exit code: record the outcome when the command ends.`,
      askOutcome: true,
    };
  return { level: 'information', text: message, askOutcome: false };
}

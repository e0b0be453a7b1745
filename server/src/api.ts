/**
 * What the extension (client/src) may use of the server's code: the one module it imports from
 * server/src. The messages it exchanges with the language server, the plan's types, the journal (its
 * format and progress, pure; its reader and writer, the extension's own I/O), the live state's types
 * and password binding, and the pieces of the CLI a terminal run shares with the extension. Anything
 * else the client needs is added here, so the boundary stays one list a reviewer can read.
 */
export * from './protocol';

export type { PlannedScenario, PlannedStep } from './stepScripts/plan';
export { powershellString, shellString } from './stepScripts/quote';

export {
  readableTime,
  stepKey,
  type JournalEntry,
  type Outcome,
  type StartEntry,
  type StepEntry,
} from './journal/format';
export { nextStep, preflight } from './journal/preflight';
export { describeStatus, scenarioProgress, type ScenarioProgress, type StepState } from './journal/progress';
export { readJournal } from './journal/reader';
export { endNotice, exitCodeOf, outcomeOf, type RunEnd } from './journal/runEnd';
export { appendEntry, journalPath } from './journal/writer';

export type { EstateNode } from './live/estate';
export type { Verdict } from './live/judge';
// The SQL targets and the binding of passwords to them: all of it is the extension's to use.
export * from './live/sqlTarget';
export { rootTitles } from './live/titles';

export { EXIT } from './cli/exitCodes';
export { REFUSED } from './cli/handoffProtocol';
export type { SqlJob } from './cli/sqlAccess';
export { terminalSafe } from './cli/terminalText';
export { firstHidden, hiddenName } from './runbook/hiddenCharacters';

export { journalRuns, journalSections } from './report/journal';
export { buildReport, escapeHtml, reportSections, zonedTime, type TimeFormat } from './report/report';

import type { ResetEntry, StartEntry, StepEntry } from '../../server/src/journal/format';

export const sampleStep: StepEntry = {
  v: 1,
  type: 'step',
  run: 'run-1',
  runbook: 'contoso.runbook.md',
  runbookHash: 'abc',
  scenarioTitle: 'SQL01 fails',
  scenarioLine: 98,
  operator: 'alice',
  computer: 'ADMIN01',
  stepKind: 'enable-clr',
  stepTitle: 'Enable CLR',
  stepLine: 104,
  server: 'SQL01',
  command: "EXEC sp_configure N'clr enabled', 1;",
  startedAt: '2026-11-24T10:00:00.000Z',
  endedAt: '2026-11-24T10:00:05.000Z',
  outcome: 'succeeded',
  exitCode: 0,
};

export const sampleReset: ResetEntry = {
  v: 1,
  type: 'reset',
  run: 'run-2',
  runbook: 'contoso.runbook.md',
  runbookHash: 'def',
  scenarioTitle: 'SQL01 fails',
  scenarioLine: 98,
  operator: 'alice',
  computer: 'ADMIN01',
  at: '2026-11-24T11:00:00.000Z',
};

/** The start of sampleStep's run, written before its command was sent. */
export const sampleStart: StartEntry = {
  v: 1,
  type: 'start',
  run: sampleStep.run,
  runbook: sampleStep.runbook,
  runbookHash: sampleStep.runbookHash,
  scenarioTitle: sampleStep.scenarioTitle,
  scenarioLine: sampleStep.scenarioLine,
  operator: sampleStep.operator,
  computer: sampleStep.computer,
  stepKind: sampleStep.stepKind,
  stepTitle: sampleStep.stepTitle,
  stepLine: sampleStep.stepLine,
  server: sampleStep.server,
  command: sampleStep.command,
  startedAt: sampleStep.startedAt,
};

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { parseJournal, serializeEntry, stepKey } from '../../server/src/journal/format';
import { describeStatus, scenarioProgress } from '../../server/src/journal/progress';
import { readJournal } from '../../server/src/journal/reader';
import { appendEntry, journalPath } from '../../server/src/journal/writer';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO } from '../helpers';
import { sampleReset, sampleStart, sampleStep } from './journalSamples';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'smdr-journal-')), '.smdr', 'journal.jsonl');

describe('journal', () => {
  it('lives in .smdr/journal.jsonl beside the runbook', () => {
    assert.equal(journalPath('/dr/contoso.runbook.md'), '/dr/.smdr/journal.jsonl');
  });

  it('appends one line per entry and reads them back', () => {
    const path = fresh();
    appendEntry(path, sampleStep);
    appendEntry(path, sampleReset);
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 3);
    assert.deepEqual(readJournal(path), { entries: [sampleStep, sampleReset], warnings: [], skipped: 0 });
  });

  it('skips a torn last line with a warning, and the next append stands on its own line', () => {
    const path = fresh();
    appendEntry(path, sampleStep);
    appendFileSync(path, serializeEntry(sampleStep).slice(0, 40));
    const torn = readJournal(path);
    assert.equal(torn.entries.length, 1);
    assert.match(torn.warnings[0]!, /last line \(2\) is incomplete/);
    appendEntry(path, sampleReset);
    const after = readJournal(path);
    assert.deepEqual(after.entries, [sampleStep, sampleReset]);
    assert.match(after.warnings[0]!, /line 2 is not valid JSON/);
    assert.ok(readFileSync(path, 'utf8').startsWith(serializeEntry(sampleStep)), 'earlier lines untouched');
  });

  it('reports a journal that cannot be read or written, without throwing on reading', () => {
    const path = fresh();
    mkdirSync(path, { recursive: true });
    const read = readJournal(path);
    assert.deepEqual(read.entries, []);
    assert.match(
      read.warnings[0]!,
      /^The journal could not be read \(.*journal\.jsonl is not a regular file\); no progress is shown from it\.$/,
    );
    assert.throws(() => appendEntry(path, sampleStep), /EISDIR/);
  });

  it('reads a missing journal as empty, and ignores lines that are not entries', () => {
    assert.deepEqual(readJournal(fresh()), { entries: [], warnings: [], skipped: 0 });
    assert.match(parseJournal('{"v":2}\n').warnings[0]!, /not a journal entry/);
  });

  it('loses nothing acknowledged when the writer is killed mid-append', async () => {
    const path = fresh();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'journalChild.ts'), path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = -1;
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) acked = Number(line.slice(4));
        if (acked >= 300 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const { entries, warnings } = readJournal(path);
    const titles = new Set(entries.map((e) => (e.type === 'step' ? e.stepTitle : '')));
    for (let n = 0; n <= acked; n++)
      assert.ok(titles.has(`step ${n}`), `acknowledged entry ${n} is in the journal`);
    assert.ok(warnings.length <= 1, warnings.join('; '));
  });

  it('computes progress from the current run, after the last reset', () => {
    const scenario = planRunbook(parseRunbook(CONTOSO)).find((s) => s.title === 'SQL01 fails')!;
    const first = scenarioProgress([sampleStep], 'contoso.runbook.md', scenario);
    assert.equal(first.done, 1);
    assert.equal(first.total, 5);
    assert.equal(first.startedWithHash, 'abc');
    assert.equal(first.statuses.values().next().value?.durationMs, 5000);
    const reset = scenarioProgress([sampleStep, sampleReset], 'contoso.runbook.md', scenario);
    assert.equal(reset.done, 0);
    assert.equal(reset.run, 'run-2');
    const failed = scenarioProgress(
      [{ ...sampleStep, outcome: 'failed', exitCode: 1 }],
      'contoso.runbook.md',
      scenario,
    );
    assert.equal(failed.done, 0);
  });

  it('keeps a started step whose end was never written as unfinished, until its end arrives', () => {
    const scenario = planRunbook(parseRunbook(CONTOSO)).find((s) => s.title === 'SQL01 fails')!;
    const key = stepKey(sampleStep.scenarioTitle, sampleStep.stepKind, sampleStep.stepTitle);
    const started = scenarioProgress([sampleStart], 'contoso.runbook.md', scenario);
    const status = started.statuses.get(key)!;
    assert.equal(status.outcome, 'unfinished');
    assert.equal(status.endedAt, null);
    assert.equal(started.done, 0);
    assert.equal(started.startedAt, sampleStart.startedAt);
    assert.equal(
      describeStatus(status, (iso) => iso),
      `started at ${sampleStart.startedAt}, no outcome recorded`,
    );
    const ended = scenarioProgress([sampleStart, sampleStep], 'contoso.runbook.md', scenario);
    assert.equal(ended.statuses.get(key)!.outcome, 'succeeded');
    assert.equal(ended.done, 1);
    assert.equal(
      describeStatus(ended.statuses.get(key)!, (iso) => iso),
      `succeeded (exit 0) at ${sampleStep.endedAt}`,
    );
    // Written to and read back from a journal file like any other entry.
    const path = fresh();
    appendEntry(path, sampleStart);
    assert.deepEqual(readJournal(path), { entries: [sampleStart], warnings: [], skipped: 0 });
  });
});

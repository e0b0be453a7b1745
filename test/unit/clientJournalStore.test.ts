/**
 * The client's journal store: the parsed journal and each scenario's progress are kept until the file
 * changes, an append (by this window or another process) is seen on the next read without waiting
 * for a file event, and a damaged journal is told once per warning, in one notification per read.
 */
import { fake, fakeVscode } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { JournalStore } from '../../client/src/journalStore';
import { parseRunbook } from '../../server/src/runbook/parse';
import { appendEntry, journalPath } from '../../server/src/journal/writer';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { CONTOSO } from '../helpers';
import { sampleStep } from './journalSamples';
import { WARNINGS_NAMED } from '../../server/src/journal/format';

const folder = mkdtempSync(join(tmpdir(), 'smdr-journal-store-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const SQL01 = planRunbook(parseRunbook(CONTOSO)).find((s) => s.title === 'SQL01 fails')!;

let n = 0;
function setUp() {
  const runbook = { fsPath: join(folder, `r${++n}`, sampleStep.runbook) } as vscode.Uri;
  const warned: string[] = [];
  const store = new JournalStore({
    warn: (m: string) => warned.push(m),
  } as unknown as vscode.LogOutputChannel);
  const step = (title: string) => ({
    ...sampleStep,
    stepTitle: title,
    stepKind: SQL01.steps.find((s) => s.title === title)!.kind,
  });
  return { runbook, store, warned, file: journalPath(runbook.fsPath), step };
}

describe('journal store', () => {
  beforeEach(() => {
    fake.reset();
    // Every runbook of these tests is in one workspace folder: the temporary folder.
    (fakeVscode.workspace as Record<string, unknown>).getWorkspaceFolder = () => ({
      uri: { fsPath: folder },
    });
  });

  it('reads no journal as empty, and sees an append at once, with no file event', () => {
    const { runbook, store, file, step } = setUp();
    assert.deepEqual(store.entries(runbook), []);
    assert.equal(store.progress(runbook, SQL01).done, 0);
    appendEntry(file, step('Enable CLR'));
    assert.equal(store.entries(runbook).length, 1);
    assert.equal(store.progress(runbook, SQL01).done, 1);
    appendEntry(file, step('Restore ServiceManager'));
    assert.equal(store.entries(runbook).length, 2);
    assert.equal(store.progress(runbook, SQL01).done, 2);
    store.dispose();
  });

  it('keeps the parsed entries and progress while the file is unchanged', () => {
    const { runbook, store, file, step } = setUp();
    appendEntry(file, step('Enable CLR'));
    const entries = store.entries(runbook);
    const progress = store.progress(runbook, SQL01);
    assert.equal(store.entries(runbook), entries, 'the same array: not parsed again');
    assert.equal(store.progress(runbook, SQL01), progress, 'the same progress: not computed again');
    appendEntry(file, step('Restore ServiceManager'));
    assert.notEqual(store.entries(runbook), entries);
    assert.notEqual(store.progress(runbook, SQL01), progress);
    store.dispose();
  });

  it('tells each warning of a damaged journal once, in the log and on screen', () => {
    const { runbook, store, file, warned, step } = setUp();
    appendEntry(file, step('Enable CLR'));
    appendFileSync(file, '{"v":1,"type":"step","run":\n');
    appendEntry(file, step('Restore ServiceManager'));
    assert.equal(store.entries(runbook).length, 2);
    appendEntry(file, step('Restore logins and permissions'));
    assert.equal(store.entries(runbook).length, 3);
    assert.equal(warned.length, 1);
    assert.match(warned[0]!, /journal\.jsonl: /);
    assert.equal(fake.shown.length, 1);
    assert.equal(fake.shown[0]!.level, 'warning');
    store.dispose();
  });

  it('tells a journal of thousands of bad lines in one notification, and only what is new after', () => {
    const { runbook, store, file, warned, step } = setUp();
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'x\n'.repeat(500));
    assert.deepEqual(store.entries(runbook), []);
    assert.equal(fake.shown.length, 1);
    assert.match(
      fake.shown[0]!.message,
      /journal\.jsonl: 500 journal lines were skipped; the first: Journal line 1 is not valid JSON; it was skipped\. Each is named in the SMDR log\.$/,
    );
    assert.equal(warned.length, WARNINGS_NAMED + 1);
    // A good append changes the count only: one more notification, never one per line.
    appendEntry(file, step('Enable CLR'));
    appendFileSync(file, 'y\n');
    assert.equal(store.entries(runbook).length, 1);
    assert.equal(fake.shown.length, 2);
    appendEntry(file, step('Restore ServiceManager'));
    assert.equal(store.entries(runbook).length, 2);
    assert.equal(fake.shown.length, 2, 'nothing new: nothing told');
    store.dispose();
  });

  it('refuses a journal reached through a linked folder of the workspace', () => {
    const outside = mkdtempSync(join(tmpdir(), 'smdr-journal-outside-'));
    after(() => rmSync(outside, { recursive: true, force: true }));
    mkdirSync(join(outside, '.smdr'));
    writeFileSync(join(outside, '.smdr', 'journal.jsonl'), `${JSON.stringify(sampleStep)}\n`);
    const linked = join(folder, `linked${++n}`);
    symlinkSync(outside, linked);
    const store = new JournalStore({ warn: () => undefined } as unknown as vscode.LogOutputChannel);
    assert.deepEqual(store.entries({ fsPath: join(linked, sampleStep.runbook) } as vscode.Uri), []);
    assert.match(
      fake.shown[0]!.message,
      /linked\d+ is a symbolic link or not a folder, which the journal never follows/,
    );
    store.dispose();
  });
});

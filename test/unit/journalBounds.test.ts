/**
 * The journal reader is bounded, and refuses links anywhere between the workspace folder and the
 * journal: a journal is a file in a shared folder, written by anyone. At most a few warnings name
 * skipped lines, a huge line is skipped without being kept, a huge file is not read, and a reader fed
 * the same bytes in any number of appends reads what one read of the whole reads.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  MAX_LINE_BYTES,
  MAX_SKIPPED,
  parseJournal,
  serializeEntry,
  WARNINGS_NAMED,
} from '../../server/src/journal/format';
import { MAX_JOURNAL_BYTES, readJournal } from '../../server/src/journal/reader';
import { sampleReset, sampleStart, sampleStep } from './journalSamples';

const folder = () => fs.mkdtempSync(join(tmpdir(), 'smdr-journal-bounds-'));
const journalIn = (dir: string) => join(dir, '.smdr', 'journal.jsonl');
function journalWith(text: string): string {
  const path = journalIn(folder());
  fs.mkdirSync(join(path, '..'));
  fs.writeFileSync(path, text);
  return path;
}

describe('journal warnings', () => {
  it('names at most the first lines skipped, and counts the others in one more warning', () => {
    const read = parseJournal('x\n'.repeat(500));
    assert.equal(read.skipped, 500);
    assert.equal(read.warnings.length, WARNINGS_NAMED + 1);
    assert.equal(read.warnings[0], 'Journal line 1 is not valid JSON; it was skipped.');
    assert.equal(
      read.warnings.at(-1),
      `…and ${500 - WARNINGS_NAMED} more journal lines were skipped (500 in all).`,
    );
    const file = readJournal(journalWith('x\n'.repeat(500) + serializeEntry(sampleStep)));
    assert.deepEqual(file.entries, [sampleStep]);
    assert.equal(file.skipped, 500);
    assert.equal(file.warnings.length, WARNINGS_NAMED + 1);
  });

  it('reads any lines in any appends as one read of the whole reads them, warnings bounded (property)', () => {
    const good = [sampleStep, sampleReset, sampleStart].map(serializeEntry);
    const line = fc.oneof(
      fc.constantFrom(...good),
      fc.string().map((s) => `${s.replace(/\n/g, '')}\n`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), (lines, cuts) => {
        const text = lines.join('');
        const path = journalWith('');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const cut of [...at, text.length]) {
          fs.appendFileSync(path, text.slice(from, cut));
          from = cut;
          readJournal(path);
        }
        const read = readJournal(path);
        const whole = parseJournal(text);
        assert.deepEqual(read, whole);
        assert.ok(read.warnings.length <= WARNINGS_NAMED + 1);
        assert.equal(read.entries.length + read.skipped, text.split('\n').filter((l) => l.trim()).length);
      }),
      { numRuns: 80 },
    );
  });
});

describe('journal limits', () => {
  it('does not read a journal of more than MAX_SKIPPED lines that are not entries, and stops at once', () => {
    const text = `${serializeEntry(sampleStep)}${'{x}\n'.repeat(4_000_000)}${serializeEntry(sampleReset)}`;
    const started = performance.now();
    const read = readJournal(journalWith(text));
    // Each bad line costs a thrown JSON error (about 5 µs): four million would take 20 s or more.
    assert.ok(performance.now() - started < 10_000, `read in ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(read.entries, []);
    assert.deepEqual(read.warnings, [
      `The journal has more than ${MAX_SKIPPED} lines that are not journal entries (the first: Journal line 2 is not valid JSON; it was skipped.); it was not read, and no progress is shown from it.`,
    ]);
    assert.deepEqual(parseJournal(text).warnings, read.warnings);
    const exactly = parseJournal('x\n'.repeat(MAX_SKIPPED));
    assert.equal(exactly.skipped, MAX_SKIPPED);
    assert.equal(exactly.warnings.length, WARNINGS_NAMED + 1, 'up to the limit the journal is read');
  });

  it('skips a line over the limit without keeping it, also while it is still being written', () => {
    const path = journalWith(serializeEntry(sampleStep));
    fs.appendFileSync(path, `{"v":1,"x":"${'A'.repeat(MAX_LINE_BYTES)}`);
    const torn = readJournal(path);
    assert.deepEqual(torn.entries, [sampleStep]);
    assert.deepEqual(torn.warnings, ['Journal line 2 is longer than 1 MiB; it was skipped.']);
    // It grows, then ends; the next entry is read, numbered after it, and the long line is told once.
    fs.appendFileSync(path, 'A'.repeat(1000));
    assert.equal(readJournal(path).skipped, 1);
    fs.appendFileSync(path, `"}\nnot json\n${serializeEntry(sampleReset)}`);
    const after = readJournal(path);
    assert.deepEqual(after.entries, [sampleStep, sampleReset]);
    assert.deepEqual(after.warnings, [
      'Journal line 2 is longer than 1 MiB; it was skipped.',
      'Journal line 3 is not valid JSON; it was skipped.',
    ]);
    // A long line that arrives whole is skipped the same way.
    assert.deepEqual(parseJournal(`${'B'.repeat(MAX_LINE_BYTES + 1)}\n`).warnings, [
      'Journal line 1 is longer than 1 MiB; it was skipped.',
    ]);
  });

  it('does not read a journal over the size limit, and says so', () => {
    const path = journalWith('');
    fs.truncateSync(path, MAX_JOURNAL_BYTES + 1);
    const read = readJournal(path);
    assert.deepEqual(read.entries, []);
    assert.match(read.warnings[0]!, /holds 65 MiB, over the 64 MiB a journal is read to; move it away/);
  });
});

describe('journal links', () => {
  it('refuses a .smdr folder that is a link out of the workspace', () => {
    const dir = folder();
    const outside = folder();
    fs.writeFileSync(join(outside, 'journal.jsonl'), serializeEntry(sampleStep));
    fs.symlinkSync(outside, join(dir, '.smdr'));
    const read = readJournal(journalIn(dir));
    assert.deepEqual(read.entries, []);
    assert.match(
      read.warnings[0]!,
      /\.smdr is a symbolic link or not a folder, which the journal never follows/,
    );
  });

  it('refuses a linked folder between the workspace folder and the journal', () => {
    const workspace = folder();
    const outside = folder();
    fs.mkdirSync(join(outside, '.smdr'));
    fs.writeFileSync(journalIn(outside), serializeEntry(sampleStep));
    fs.symlinkSync(outside, join(workspace, 'docs'));
    const path = journalIn(join(workspace, 'docs'));
    const read = readJournal(path, workspace);
    assert.deepEqual(read.entries, []);
    assert.match(read.warnings[0]!, /docs is a symbolic link or not a folder/);
    // A real folder reads as before.
    fs.mkdirSync(join(workspace, 'ops', '.smdr'), { recursive: true });
    fs.writeFileSync(journalIn(join(workspace, 'ops')), serializeEntry(sampleStep));
    assert.deepEqual(readJournal(journalIn(join(workspace, 'ops')), workspace).entries, [sampleStep]);
  });
});

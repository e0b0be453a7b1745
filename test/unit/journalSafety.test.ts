/** The journal on a bad day: a full or short-writing disk, planted links and FIFOs, hostile lines. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { entryProblem, parseJournal, serializeEntry } from '../../server/src/journal/format';
import { readJournal } from '../../server/src/journal/reader';
import { appendEntry, type JournalIo } from '../../server/src/journal/writer';
import { sampleReset, sampleStart, sampleStep } from './journalSamples';

const folder = () => fs.mkdtempSync(join(tmpdir(), 'smdr-journal-'));
const journalIn = (dir: string) => join(dir, '.smdr', 'journal.jsonl');

describe('journal writes', () => {
  it('completes a short write: every byte of the entry is written', () => {
    const path = journalIn(folder());
    appendEntry(path, sampleStep);
    const short: JournalIo = {
      ...fs,
      writeSync: ((fd: number, data: Buffer, offset: number, length: number) =>
        fs.writeSync(fd, data, offset, Math.min(length, 7))) as typeof fs.writeSync,
    };
    appendEntry(path, sampleReset, short);
    assert.deepEqual(readJournal(path), { entries: [sampleStep, sampleReset], warnings: [], skipped: 0 });
  });

  it('throws when the disk takes nothing more, and leaves no torn entry', () => {
    const path = journalIn(folder());
    appendEntry(path, sampleStep);
    const before = fs.readFileSync(path, 'utf8');
    let calls = 0;
    const filling: JournalIo = {
      ...fs,
      writeSync: ((fd: number, data: Buffer, offset: number, length: number) => {
        calls++;
        if (calls === 1) return fs.writeSync(fd, data, offset, Math.min(length, 20));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }) as typeof fs.writeSync,
    };
    assert.throws(() => appendEntry(path, sampleReset, filling), /ENOSPC/);
    assert.equal(fs.readFileSync(path, 'utf8'), before, 'the 20 bytes written were cut off again');
    const zero: JournalIo = { ...fs, writeSync: (() => 0) as unknown as typeof fs.writeSync };
    assert.throws(() => appendEntry(path, sampleReset, zero), /accepted no more bytes/);
    assert.equal(fs.readFileSync(path, 'utf8'), before);
  });

  it('throws on a real full disk (a 64 KiB tmpfs) and keeps every acknowledged entry whole', (t) => {
    const dir = folder();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      // Without root there is no tmpfs to fill: the injected full disk above stands in for it.
      t.diagnostic('no tmpfs could be mounted (needs root); the injected full disk covers this');
      return;
    }
    try {
      const path = journalIn(dir);
      let acknowledged = 0;
      let failure: unknown;
      for (let n = 0; n < 10_000 && !failure; n++) {
        try {
          appendEntry(path, { ...sampleStep, stepTitle: `step ${n}`, command: 'x'.repeat(n % 700) });
          acknowledged++;
        } catch (error) {
          failure = error;
        }
      }
      assert.match(String(failure), /ENOSPC|no more bytes/);
      const read = readJournal(path);
      assert.deepEqual(read.warnings, [], 'no torn line is left behind');
      assert.equal(read.entries.length, acknowledged);
    } finally {
      execFileSync('umount', [dir]);
    }
  });

  it('never writes through a planted link, and refuses a .smdr folder that is a link', () => {
    const dir = folder();
    const victim = join(folder(), 'bashrc');
    fs.writeFileSync(victim, 'echo hello\n');
    fs.mkdirSync(join(dir, '.smdr'));
    fs.symlinkSync(victim, journalIn(dir));
    assert.throws(() => appendEntry(journalIn(dir), sampleStep), /is a symbolic link/);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'echo hello\n');
    assert.match(readJournal(journalIn(dir)).warnings[0]!, /is a symbolic link/);

    const other = folder();
    const outside = folder();
    fs.symlinkSync(outside, join(other, '.smdr'));
    assert.throws(() => appendEntry(journalIn(other), sampleStep), /\.smdr is a symbolic link/);
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('refuses a FIFO planted as the journal instead of hanging', () => {
    const dir = folder();
    fs.mkdirSync(join(dir, '.smdr'));
    execFileSync('mkfifo', [journalIn(dir)]);
    assert.throws(() => appendEntry(journalIn(dir), sampleStep), /not a regular file/);
    assert.match(readJournal(journalIn(dir)).warnings[0]!, /not a regular file/);
  });

  it('fsyncs the folders it creates, and the file when it creates it', () => {
    const dir = folder();
    const path = journalIn(dir);
    const synced: string[] = [];
    const paths = new Map<number, string>();
    const recording: JournalIo = {
      ...fs,
      openSync: ((p: string, flags: number, mode?: number) => {
        const fd = fs.openSync(p, flags, mode);
        paths.set(fd, p);
        return fd;
      }) as typeof fs.openSync,
      fsyncSync: (fd: number) => {
        synced.push(paths.get(fd)!);
        fs.fsyncSync(fd);
      },
    };
    appendEntry(path, sampleStep, recording);
    assert.deepEqual(synced, [dir, path, join(dir, '.smdr')]);
    synced.length = 0;
    appendEntry(path, sampleStep, recording);
    assert.deepEqual(synced, [path], 'later appends sync the file only');
  });
});

describe('journal reads', () => {
  it('skips an entry with a field of the wrong type, with a warning, instead of crashing later', () => {
    const lines = [
      JSON.stringify(sampleStep),
      JSON.stringify({ ...sampleStep, outcome: 5 }),
      JSON.stringify({ ...sampleStep, startedAt: 'yesterday' }),
      JSON.stringify({ ...sampleStart, stepTitle: null }),
      JSON.stringify({ ...sampleReset, type: 'constructor' }),
      JSON.stringify([sampleStep]),
    ].join('\n');
    const read = parseJournal(`${lines}\n`);
    assert.deepEqual(read.entries, [sampleStep]);
    assert.deepEqual(read.warnings, [
      'Journal line 2 is not a journal entry (`outcome` is missing or has the wrong type); it was skipped.',
      'Journal line 3 is not a journal entry (`startedAt` is missing or has the wrong type); it was skipped.',
      'Journal line 4 is not a journal entry (`stepTitle` is missing or has the wrong type); it was skipped.',
      'Journal line 5 is not a journal entry (`type` is not start, step or reset); it was skipped.',
      'Journal line 6 is not a journal entry (not an object); it was skipped.',
    ]);
  });

  it('accepts an entry only when every field has its type (property)', () => {
    const samples = [sampleStep, sampleStart, sampleReset] as const;
    const hostile = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.string(),
      fc.constant('2026-11-24T10:00:00.000Z'),
      fc.array(fc.string()),
      fc.object(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.string(), hostile, (sample, key, value) => {
        const keys = Object.keys(sample);
        const field = keys[Math.abs(key.length * 7919) % keys.length]!;
        const changed = { ...sample, [field]: value };
        const problem = entryProblem(JSON.parse(JSON.stringify(changed)));
        const parsed = parseJournal(JSON.stringify(changed));
        assert.equal(parsed.entries.length + parsed.warnings.length, 1);
        if (problem === undefined) assert.equal(parsed.entries.length, 1);
      }),
      { numRuns: 2000 },
    );
    for (const sample of samples) assert.equal(entryProblem(sample), undefined);
  });

  it('reads only what was appended since the last read, and all again when the file shrank or was replaced', () => {
    const path = journalIn(folder());
    appendEntry(path, sampleStep);
    assert.equal(readJournal(path).entries.length, 1);
    appendEntry(path, sampleReset);
    assert.deepEqual(readJournal(path).entries, [sampleStep, sampleReset]);
    // An entry being written (no line break yet) is read when complete, not before.
    fs.appendFileSync(path, serializeEntry(sampleStart).slice(0, 30));
    const torn = readJournal(path);
    assert.equal(torn.entries.length, 2);
    assert.match(torn.warnings[0]!, /last line \(3\) is incomplete/);
    fs.appendFileSync(path, serializeEntry(sampleStart).slice(30));
    assert.deepEqual(readJournal(path), {
      entries: [sampleStep, sampleReset, sampleStart],
      warnings: [],
      skipped: 0,
    });
    // Shrunk: read again from the start.
    fs.writeFileSync(path, serializeEntry(sampleReset));
    assert.deepEqual(readJournal(path).entries, [sampleReset]);
    // Replaced by another file that is longer: read again from the start.
    const replacement = `${path}.new`;
    fs.writeFileSync(replacement, serializeEntry(sampleStart) + serializeEntry(sampleStep));
    fs.renameSync(replacement, path);
    assert.deepEqual(readJournal(path).entries, [sampleStart, sampleStep]);
    // Rewritten in place with more bytes: the earlier bytes changed, so it is read again.
    const sameInode = fs.openSync(path, 'r+');
    fs.writeSync(
      sameInode,
      serializeEntry(sampleReset) + serializeEntry(sampleReset) + serializeEntry(sampleReset),
      0,
    );
    fs.closeSync(sameInode);
    assert.deepEqual(readJournal(path).entries, [sampleReset, sampleReset, sampleReset]);
    fs.unlinkSync(path);
    assert.deepEqual(readJournal(path), { entries: [], warnings: [], skipped: 0 });
  });

  it('numbers the lines of later reads where they are in the file', () => {
    const path = journalIn(folder());
    appendEntry(path, sampleStep);
    readJournal(path);
    fs.appendFileSync(path, 'garbage\n');
    appendEntry(path, sampleReset);
    assert.deepEqual(readJournal(path).warnings, ['Journal line 2 is not valid JSON; it was skipped.']);
  });

  it('reads an append to a 100,000-line journal in a fraction of a full read', () => {
    const path = journalIn(folder());
    fs.mkdirSync(join(path, '..'), { recursive: true });
    fs.writeFileSync(path, serializeEntry(sampleStep).repeat(100_000));
    let started = performance.now();
    assert.equal(readJournal(path).entries.length, 100_000);
    const full = performance.now() - started;
    appendEntry(path, sampleReset);
    started = performance.now();
    const again = readJournal(path);
    const incremental = performance.now() - started;
    assert.equal(again.entries.length, 100_001);
    assert.deepEqual(again.entries.at(-1), sampleReset);
    assert.ok(incremental < full / 5, `incremental ${incremental.toFixed(1)} ms, full ${full.toFixed(1)} ms`);
  });
});

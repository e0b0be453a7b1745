/**
 * What the CLI is given and what it prints, on a bad day: FIFOs, devices, huge files, a byte order
 * mark, lone CRs, empty and unreadable folders, links out of the folder searched, control characters
 * in runbook values and file names, numeric flags that are not numbers. The built CLI as a process.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HIDDEN_CLASS } from '../../server/src/runbook/hiddenCharacters';
import { terminalSafe } from '../../server/src/cli/terminalText';
import { CONTOSO, edit, LAB, ROOT } from '../helpers';
import { sampleStep } from '../unit/journalSamples';

const CLI = join(ROOT, 'dist', 'cli.js');
/** As root, permissions do not stop a read: the unreadable-folder test runs the CLI as nobody. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function smdr(args: string[], options: { uid?: number; gid?: number; cwd?: string; cli?: string } = {}) {
  const { cli = CLI, ...spawnOptions } = options;
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 20_000,
    // No password and no terminal: a flag must be refused before a password is asked for.
    env: { ...process.env, SMDR_SQL_PASSWORD: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnOptions,
  });
  assert.notEqual(result.signal, 'SIGTERM', `smdr ${args.join(' ')} did not end within 20 s`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function usageError(result: ReturnType<typeof smdr>, pattern: RegExp) {
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /^smdr: [^\n]+\n$/);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /internal error|^ +at /m);
}

const folder = () => mkdtempSync(join(tmpdir(), 'smdr-input-'));
/**
 * No control character but a tab or a line break, and no hidden one (zero-width, bidirectional,
 * variation selectors, tags...): what a terminal shows as it is and does not act on.
 */
const CONTROL = new RegExp(String.raw`[\u0000-\u0008\u000b-\u001f\u007f-\u009f${HIDDEN_CLASS}]`, 'u');

describe('smdr reads only regular files of a bounded size', () => {
  it('refuses a FIFO, a device and a folder given as a runbook, at once', () => {
    const dir = folder();
    const fifo = join(dir, 'pipe.runbook.md');
    execFileSync('mkfifo', [fifo]);
    for (const command of ['check', 'plan', 'report', 'status']) {
      usageError(smdr([command, fifo]), /not a regular file \(a FIFO, a device or a socket\)/);
      usageError(smdr([command, '/dev/zero']), /not a regular file/);
    }
    usageError(smdr(['plan', dir]), /is a folder/);
  });

  it('refuses a file above 16 MiB with a clear message', () => {
    const dir = folder();
    const big = join(dir, 'big.runbook.md');
    writeFileSync(big, `${LAB}\n${'x'.repeat(17 * 1024 * 1024)}`);
    usageError(smdr(['check', big]), /big\.runbook\.md is larger than 16 MiB: it is not read as a runbook/);
  });

  it('reads a runbook with a byte order mark, CRLF or lone CR line endings like any other', () => {
    const dir = folder();
    const files = {
      'bom.runbook.md': `\uFEFF${LAB}`,
      'crlf.runbook.md': LAB.replace(/\n/g, '\r\n'),
      'cr.runbook.md': LAB.replace(/\n/g, '\r'),
      'bomcr.runbook.md': `\uFEFF${LAB.replace(/\n/g, '\r')}`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = smdr(['check', dir]);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stderr, /4 runbook\(s\) checked: 0 error\(s\), 0 warning\(s\), 0 other/);
    const plain = smdr(['plan', '--format', 'json', join(ROOT, 'examples', 'lab.runbook.md')]);
    for (const name of Object.keys(files)) {
      const plan = smdr(['plan', '--format', 'json', join(dir, name)]);
      assert.equal(plan.code, 0, name + plan.stderr);
      const steps = (out: string) => JSON.stringify((JSON.parse(out) as { scenarios: unknown }).scenarios);
      // The same steps on the same lines; commands keep the runbook's own line endings only in code blocks.
      assert.equal(steps(plan.stdout).replace(/\\r\\n?/g, '\\n'), steps(plain.stdout), name);
    }
  });
});

describe('smdr check searches folders safely', () => {
  it('exits 2 when a folder holds no runbook', () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.md'), '# notes');
    usageError(smdr(['check', dir]), /no \*\.runbook\.md in /);
    usageError(smdr(['check', join(dir, '*.runbook.md')]), /no such file or folder/);
  });

  it('says which subfolder it cannot read, with exit 2, instead of an internal error', () => {
    const dir = folder();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'a.runbook.md'), LAB);
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o000);
    // nobody may not reach the checkout (a fresh clone sits in a private folder): the bundle and its
    // parsers are copied where nobody can read them, and it runs from there.
    const bundle = folder();
    chmodSync(bundle, 0o755);
    for (const file of readdirSync(join(ROOT, 'dist')).filter((f) => f === 'cli.js' || f.endsWith('.wasm')))
      copyFileSync(join(ROOT, 'dist', file), join(bundle, file));
    const result = smdr(['check', dir], { ...AS_NOBODY, cwd: dir, cli: join(bundle, 'cli.js') });
    usageError(result, /cannot read the folder .*locked: permission denied/);
  });

  it('does not follow a link out of the folder searched, and follows one inside it', () => {
    const outside = folder();
    writeFileSync(join(outside, 'secret.runbook.md'), edit(CONTOSO, 'smdr: 1', 'smdr: 3'));
    const dir = folder();
    writeFileSync(join(dir, 'a.runbook.md'), LAB);
    symlinkSync(outside, join(dir, 'elsewhere'));
    symlinkSync(join(outside, 'secret.runbook.md'), join(dir, 'b.runbook.md'));
    mkdirSync(join(dir, 'inner'));
    writeFileSync(join(dir, 'inner', 'c.runbook.md'), LAB);
    symlinkSync(join(dir, 'inner'), join(dir, 'alias'));
    symlinkSync(dir, join(dir, 'inner', 'loop'));
    const result = smdr(['check', '--format', 'json', dir]);
    assert.equal(result.code, 0, result.stderr);
    const files = (JSON.parse(result.stdout) as { file: string }[]).map((r) => r.file);
    assert.deepEqual(files, [join(dir, 'a.runbook.md'), join(dir, 'alias', 'c.runbook.md')]);
    assert.match(result.stderr, /b\.runbook\.md: a link out of .*; not followed/);
    assert.match(result.stderr, /elsewhere: a link out of .*; not followed/);
  });
});

describe('smdr prints no control character it was given', () => {
  it('escapes control characters, ANSI escapes and bidirectional overrides (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const safe = terminalSafe(text);
        assert.doesNotMatch(safe, CONTROL);
        assert.ok(!safe.includes('\n'));
        if (!CONTROL.test(text) && !text.includes('\n')) assert.equal(safe, text);
      }),
      { numRuns: 2000 },
    );
    // Hidden characters each by its code point, past the Basic Multilingual Plane too.
    assert.equal(
      terminalSafe('a\u200Bb\u202Ec\u034Fd\uFE0Fe\u{E0072}f\u3164'),
      'a\\u200bb\\u202ec\\u034fd\\ufe0fe\\u{e0072}f\\u3164',
    );
  });

  it('keeps each diagnostic of a hostile runbook on one line, with escapes shown, in every printer', () => {
    const dir = folder();
    const name = 'evil\u001b[2J\u202e.runbook.md';
    const file = join(dir, name);
    const hostile = 'SM\u001b]0;owned\u0007\u009b31m\u2028x';
    writeFileSync(
      file,
      edit(
        CONTOSO,
        'managementGroup: CONTOSO',
        `managementGroup: "${[...hostile].map((c) => (c >= ' ' && c <= '~' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('')}"\nbogus: 1`,
      ),
    );
    const titled = join(dir, 'titled.runbook.md');
    writeFileSync(titled, CONTOSO.replace('## SQL01 fails {', '## SQL01 \u001b[31mfails\u202e {'));
    const titledPlan = smdr(['plan', titled]);
    assert.match(titledPlan.stdout, /SQL01 \\x1b\[31mfails\\u202e \(database/);
    assert.doesNotMatch(titledPlan.stdout, CONTROL);
    const check = smdr(['check', file]);
    const plan = smdr(['plan', file]);
    const planJson = smdr(['plan', '--format', 'json', file]);
    const report = smdr(['report', file]);
    for (const [what, result] of Object.entries({ check, plan, planJson, report })) {
      assert.doesNotMatch(result.stdout + result.stderr, CONTROL, what);
    }
    for (const line of check.stdout.trim().split('\n'))
      assert.match(
        line,
        /^.+evil\\x1b\[2J\\u202e\.runbook\.md:\d+:\d+ (error|warning|info|hint) SMDR\d{3} .+$/,
      );
    assert.equal(JSON.parse(planJson.stdout).file, file, 'JSON keeps the value, escaped the JSON way');
  });

  it('refuses a numeric flag that is not a number, with exit 2', () => {
    for (const args of [
      ['status', '--connect-timeout', 'abc', 'examples/lab.runbook.md'],
      ['status', '--request-timeout=-5', 'examples/lab.runbook.md'],
      ['status', '--request-timeout', '0', 'examples/lab.runbook.md'],
      ['status', '--connect-timeout', '1e3', 'examples/lab.runbook.md'],
      ['status', '--connect-timeout', '', 'examples/lab.runbook.md'],
    ])
      usageError(
        smdr(args),
        /^smdr: --(connect|request)-timeout takes a whole number from \d+ to \d+, not '.*'\n$/,
      );
  });
});

describe('smdr report on a planted journal folder', () => {
  it('skips an invalid entry with a warning and never writes through a planted link', () => {
    const dir = folder();
    const victim = join(folder(), 'bashrc');
    writeFileSync(victim, 'echo hello\n');
    writeFileSync(join(dir, 'contoso.runbook.md'), CONTOSO);
    mkdirSync(join(dir, '.smdr'));
    writeFileSync(
      join(dir, '.smdr', 'journal.jsonl'),
      `${JSON.stringify(sampleStep)}\n${JSON.stringify({ ...sampleStep, outcome: 5 })}\n`,
    );
    symlinkSync(victim, join(dir, '.smdr', 'contoso.report.md'));
    const result = smdr(['report', join(dir, 'contoso.runbook.md')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Journal line 2 is not a journal entry/);
    assert.match(result.stderr, /contoso\.report\.md is a symbolic link: it is never written through\n$/);
    assert.equal(readFileSync(victim, 'utf8'), 'echo hello\n');

    const other = folder();
    writeFileSync(join(other, 'contoso.runbook.md'), CONTOSO);
    symlinkSync(folder(), join(other, '.smdr'));
    usageError(smdr(['report', join(other, 'contoso.runbook.md')]), /\.smdr is a symbolic link/);

    const clean = folder();
    writeFileSync(join(clean, 'contoso.runbook.md'), CONTOSO);
    mkdirSync(join(clean, '.smdr'));
    writeFileSync(join(clean, '.smdr', 'journal.jsonl'), readFileSync(join(dir, '.smdr', 'journal.jsonl')));
    const ok = smdr(['report', join(clean, 'contoso.runbook.md')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stderr,
      /Journal line 2 is not a journal entry \(`outcome` is missing or has the wrong type\)/,
    );
  });
});

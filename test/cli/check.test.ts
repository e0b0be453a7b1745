/** `smdr check` as a user runs it: the built CLI as a process. Run `npm run build` first (npm test does). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fillTemplate } from '../../client/src/runbookTemplate';
import { CONTOSO, edit, ROOT } from '../helpers';
import { TestClient } from '../lsp/client';

const CLI = join(ROOT, 'dist', 'cli.js');
const BROKEN = join(ROOT, 'test', 'fixtures', 'broken.runbook.md');

function smdr(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('smdr check', () => {
  it('exits 0 on the examples folder', () => {
    const result = smdr('check', 'examples');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /3 runbook\(s\) checked: 0 error/);
  });

  it('exits 1 and prints compiler-style lines when errors are found', () => {
    const result = smdr('check', BROKEN);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    for (const line of lines)
      assert.match(line, /^.+broken\.runbook\.md:\d+:\d+ (error|warning|info|hint) SMDR\d{3} .+$/);
    assert.ok(
      lines.some((l) => /:11:3 error SMDR111 SM02 has no `keyBackup`/.test(l)),
      result.stdout,
    );
  });

  it('prints JSON exactly as the language server reports the diagnostics', async () => {
    const result = smdr('check', '--format', 'json', 'test/fixtures/broken.runbook.md');
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as {
      file: string;
      diagnostics: { code: string; slug: string; severity: string; message: string; range: object }[];
    }[];
    assert.equal(report.length, 1);
    assert.equal(report[0]!.file, 'test/fixtures/broken.runbook.md');
    const missing = report[0]!.diagnostics.find((d) => d.code === 'SMDR111');
    assert.deepEqual(Object.keys(missing!), ['code', 'slug', 'severity', 'message', 'range']);
    assert.equal(missing!.slug, 'key-backup-missing');

    const client = new TestClient();
    await client.initialize();
    const text = readFileSync(BROKEN, 'utf8');
    const lsp = await client.open(pathToFileURL(BROKEN).href, text);
    await client.shutdown();
    const severities = ['', 'error', 'warning', 'info', 'hint'];
    assert.deepEqual(
      report[0]!.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        range: d.range,
      })),
      lsp.map((d) => ({
        code: d.code,
        severity: severities[d.severity!],
        message: d.message,
        range: d.range,
      })),
    );
  });

  it('prints SARIF 2.1.0', () => {
    const result = smdr('check', '--format', 'sarif', 'test/fixtures/broken.runbook.md', 'examples');
    assert.equal(result.code, 1);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'smdr');
    assert.ok(run.tool.driver.rules.length >= 40);
    const result111 = run.results.find((r: { ruleId: string }) => r.ruleId === 'SMDR111');
    assert.equal(result111.level, 'error');
    assert.equal(run.tool.driver.rules[result111.ruleIndex].id, 'SMDR111');
    assert.deepEqual(result111.locations[0].physicalLocation.region, {
      startLine: 11,
      startColumn: 3,
      endLine: 11,
      endColumn: 7,
    });
    assert.equal(
      result111.locations[0].physicalLocation.artifactLocation.uri,
      'test/fixtures/broken.runbook.md',
    );
  });

  it('searches folders for *.runbook.md only', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    mkdirSync(join(folder, 'nested'));
    mkdirSync(join(folder, 'node_modules'));
    writeFileSync(join(folder, 'nested', 'a.runbook.md'), edit(CONTOSO, 'smdr: 1', 'smdr: 3'));
    writeFileSync(join(folder, 'node_modules', 'b.runbook.md'), '# ignored');
    writeFileSync(join(folder, 'notes.md'), '# not a runbook');
    const report = JSON.parse(smdr('check', '--format', 'json', folder).stdout);
    assert.deepEqual(
      report.map((r: { file: string }) => r.file),
      [join(folder, 'nested', 'a.runbook.md')],
    );
    assert.equal(report[0].diagnostics[0].code, 'SMDR004');
  });

  it('reports a hidden character in a command as an error on the character, and plan refuses the step (SMDR006)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    const file = join(folder, 'hidden.runbook.md');
    const line = "Restore ${failed.keyBackup} 'x\u202E'";
    const text = edit(CONTOSO, 'Restore ${failed.keyBackup}', line);
    writeFileSync(file, text);
    const result = smdr('check', file);
    assert.equal(result.code, 1, result.stderr);
    const column = text.split('\n')[96]!.indexOf('\u202E') + 1;
    assert.equal(
      result.stdout,
      `${file}:97:${column} error SMDR006 Hidden character U+202E RIGHT-TO-LEFT OVERRIDE in this code block: VS Code does not show it in Markdown, and it would make the text read differently from what runs. Remove it.\n`,
    );
    assert.match(result.stderr, /1 runbook\(s\) checked: 1 error\(s\)/);
    const plan = smdr('plan', '--format', 'json', file);
    assert.equal(plan.code, 1);
    const { scenarios } = JSON.parse(plan.stdout) as {
      scenarios: { title: string; steps: { error: string | null }[] }[];
    };
    const steps = scenarios.find((s) => s.title === 'DW01 fails')!.steps;
    assert.equal(steps.length, 3);
    // The step whose block holds it is refused by the renderer too; the others by the error in their section.
    for (const s of steps)
      assert.match(
        s.error ?? '',
        /line 97: SMDR006 Hidden character U\+202E|hidden character \(U\+202E RIGHT-TO-LEFT OVERRIDE\)/,
      );
  });

  it('warns on each T-SQL step while sql.user names no login, and exits 0 (SMDR319)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    const file = join(folder, 'loginless.runbook.md');
    const text = edit(CONTOSO, 'user: smdr-reader, ', '');
    writeFileSync(file, text);
    const result = smdr('check', file);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const lines = text.split('\n');
    const tsql = lines.flatMap((l, n) =>
      /\{step=(?:promote-workflow-server|restore-databases|enable-clr)\}/.test(l) ? [n] : [],
    );
    assert.equal(tsql.length, 5);
    const expected = tsql.map(
      (n) =>
        `${file}:${n + 1}:${lines[n]!.indexOf('step=') + 1} warning SMDR319 This step runs T-SQL, and the runbook's \`sql:\` names no login: it cannot run from VS Code or \`smdr sql\` until \`sql.user\` (and \`sql.authentication\`) are set in the front matter.`,
    );
    assert.deepEqual(result.stdout.trim().split('\n'), expected);
    assert.match(result.stderr, /1 runbook\(s\) checked: 0 error\(s\), 5 warning\(s\)/);
  });

  it('reports the values the New Runbook template leaves to fill (SMDR122), and no key file on its own server', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    const file = join(folder, 'new.runbook.md');
    const template = readFileSync(join(ROOT, 'media', 'template.runbook.md'), 'utf8');
    writeFileSync(file, fillTemplate(template, 'CONTOSO', '2025'));
    const result = smdr('check', file);
    assert.equal(result.code, 1, result.stderr);
    // Each line: where, severity, code and the first word of the message (what is reported).
    const found = result.stdout
      .trim()
      .split('\n')
      .map((l) =>
        l
          .slice(file.length + 1)
          .split(' ')
          .slice(0, 4)
          .join(' '),
      );
    assert.deepEqual(found, [
      '8:8 warning SMDR122 `media`',
      '9:18 warning SMDR122 `managementPacks`',
      '10:20 warning SMDR122 `permissionScripts`',
      '11:35 warning SMDR122 `sql.user`',
      '13:3 error SMDR101 `<fill-SM>`',
      '16:11 warning SMDR102 `<fill:',
      '17:16 warning SMDR122 `servers.<fill-SM>.keyBackup`',
      '18:3 error SMDR101 `<fill-SQL>`',
      '20:11 warning SMDR102 `<fill:',
      '21:15 error SMDR103 `<fill:',
      '23:23 warning SMDR122 `servers.<fill-SQL>.databases.ServiceManager`',
    ]);
    assert.match(result.stderr, /1 runbook\(s\) checked: 3 error\(s\), 8 warning\(s\)/);
  });

  it('exits 2 with a one-line message on usage and I/O errors', () => {
    for (const args of [
      ['check', 'no/such/file.runbook.md'],
      ['check'],
      ['check', '--format', 'xml', 'examples'],
      ['check', '--colour', 'examples'],
      ['frobnicate'],
    ]) {
      const result = smdr(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^smdr: .+\n$/, args.join(' '));
      assert.doesNotMatch(result.stderr, /\n {4}at /, 'no stack trace');
    }
  });

  it('answers --help and --version', () => {
    assert.match(smdr('--help').stdout, /Usage: smdr/);
    assert.equal(
      smdr('--version').stdout.trim(),
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});

describe('smdr plan', () => {
  it('prints the resolved steps as JSON, lines one-based', () => {
    const result = smdr('plan', '--format', 'json', 'examples/contoso.runbook.md');
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout);
    assert.equal(plan.file, 'examples/contoso.runbook.md');
    const promote = plan.scenarios.find((s: { strategy: string }) => s.strategy === 'promote');
    assert.deepEqual(Object.keys(promote), [
      'scenario',
      'failed',
      'strategy',
      'target',
      'title',
      'line',
      'steps',
    ]);
    assert.equal(
      promote.line,
      readFileSync(join(ROOT, 'examples', 'contoso.runbook.md'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('strategy=promote')) + 1,
    );
    const step = promote.steps[1];
    for (const key of ['kind', 'title', 'line', 'server', 'language', 'command', 'generated', 'destructive'])
      assert.ok(key in step, key);
    assert.equal(step.kind, 'promote-workflow-server');
    assert.equal(step.destructive, true);
  });

  it('prints text, and exits 1 when a step cannot get a command', () => {
    const ok = smdr('plan', 'examples/lab.runbook.md');
    assert.equal(ok.code, 0);
    assert.match(
      ok.stdout,
      /1\. Same computer name \{same-name-computer\} on LABSM01 \[powershell, generated\], line 28/,
    );
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    const file = join(folder, 'x.runbook.md');
    writeFileSync(file, edit(CONTOSO, '    fqdn: sm02.contoso.local\n', ''));
    const failed = smdr('plan', file);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /cannot run: SM02 has no `fqdn`/);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(smdr('plan').code, 2);
    assert.equal(smdr('plan', 'a', 'b').code, 2);
    assert.equal(smdr('plan', 'missing.runbook.md').code, 2);
  });
});

describe('smdr report', () => {
  it('writes Markdown and HTML from the journal beside the runbook', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smdr-'));
    const file = join(folder, 'contoso.runbook.md');
    writeFileSync(file, CONTOSO);
    mkdirSync(join(folder, '.smdr'));
    const entry = {
      v: 1,
      type: 'step',
      run: 'r1',
      runbook: 'contoso.runbook.md',
      runbookHash: 'h',
      scenarioTitle: 'SQL01 fails',
      scenarioLine: 1,
      operator: 'a',
      computer: 'c',
      stepKind: 'enable-clr',
      stepTitle: 'Enable CLR',
      stepLine: 1,
      server: 'SQL01',
      command: null,
      startedAt: '2026-11-24T10:00:00Z',
      endedAt: '2026-11-24T10:01:00Z',
      outcome: 'succeeded',
      exitCode: 0,
    };
    writeFileSync(join(folder, '.smdr', 'journal.jsonl'), `${JSON.stringify(entry)}\n{"torn`);
    const result = smdr('report', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /incomplete/);
    const [markdown, html] = result.stdout.trim().split('\n');
    assert.match(
      readFileSync(markdown!, 'utf8'),
      /\| Enable CLR \| enable-clr \| SQL01 \| succeeded \(exit 0\) \| 1 min 0 s \|/,
    );
    assert.match(readFileSync(html!, 'utf8'), /<h2>SQL01 fails<\/h2>/);
  });
});

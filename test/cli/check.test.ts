/** `smdr check` as a user runs it: the built CLI as a process. Run `npm run build` first (npm test does). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
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
    assert.match(result.stderr, /2 runbook\(s\) checked: 0 error/);
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
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
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

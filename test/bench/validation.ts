/**
 * Validation benchmark (prints figures; asserts nothing). `npm run bench`.
 *  - time from a didChange notification to its publishDiagnostics over stdio, for 200, 2,000 and
 *    20,000-line runbooks: median and p95, and the server's memory;
 *  - yaml-language-server 1.25 validating the same front matter as YAML against the shipped JSON Schema;
 *  - `smdr check` of 1,000 runbooks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/service';
import { ROOT } from '../helpers';
import { TestClient } from '../lsp/client';
import { frontMatterOf, generateRunbook } from './generate';

const ROUNDS = Number(process.env.SMDR_BENCH_ROUNDS ?? 40);
/** yaml-language-server validates 200 ms after a change (validationDelayMs in its yamlSettings.js). */
const YAML_LS_DELAY_MS = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Round trips: each change alternates a harmless edit so that the text really changes. */
async function roundTrips(
  client: TestClient,
  uri: string,
  text: string,
  languageId: string,
): Promise<number[]> {
  const opened = client.diagnostics(uri, 1);
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId, version: 1, text },
  });
  await opened;
  const times: number[] = [];
  for (let version = 2; version < ROUNDS + 2; version++) {
    // Every edit is new (a fresh title), so nothing parsed earlier can be reused for the front matter.
    const changed = text.replace('title: Contoso', `title: Contoso ${version}`);
    const started = performance.now();
    await client.change(uri, version, changed);
    times.push(performance.now() - started);
  }
  return times;
}

function line(label: string, times: number[], extra = ''): string {
  return `${label.padEnd(34)} median ${percentile(times, 50).toFixed(2).padStart(8)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(8)} ms${extra}`;
}

async function main(): Promise<void> {
  console.log(
    `smdr validation benchmark: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${ROUNDS} rounds`,
  );
  const schema = join(ROOT, 'schemas', 'runbook-front-matter.schema.json');
  const medians: Record<number, number> = {};
  for (const size of [200, 2000, 20000]) {
    const text = generateRunbook(size);
    const lines = text.split('\n').length;
    const errors = analyze(text).findings.filter((f) => f.rule.severity === 'error');
    if (errors.length) throw new Error(`generated runbook is not clean: ${errors[0]!.message}`);

    const smdr = new TestClient();
    await smdr.initialize();
    const times = await roundTrips(smdr, `file:///bench/b${size}.runbook.md`, text, 'markdown');
    const memory = rssMiB(smdr.process.pid!);
    await smdr.shutdown();
    medians[size] = percentile(times, 50);

    const yamlls = new TestClient(process.execPath, [
      join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
      '--stdio',
    ]);
    yamlls.configuration = {
      schemas: { [pathToFileURL(schema).href]: '*.yaml' },
      validate: true,
      completion: true,
      hover: true,
    };
    await yamlls.initialize({
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    });
    await yamlls.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { yaml: yamlls.configuration },
    });
    const yamlTimes = await roundTrips(yamlls, `file:///bench/b${size}.yaml`, frontMatterOf(text), 'yaml');
    await yamlls.shutdown();

    console.log(
      `\n${lines} lines (${(text.length / 1024).toFixed(0)} KiB, front matter ${frontMatterOf(text).split('\n').length} lines)`,
    );
    console.log(line('  smdr, whole runbook', times, `   server RSS ${memory.toFixed(0)} MiB`));
    const yamlWork = yamlTimes.map((t) => Math.max(0, t - YAML_LS_DELAY_MS));
    console.log(
      line('  yaml-language-server, front matter', yamlTimes, '   (round trip, with its 200 ms delay)'),
    );
    console.log(
      line(
        '    the same without its delay',
        yamlWork,
        `   ratio smdr/yaml-ls ${(percentile(times, 50) / percentile(yamlWork, 50)).toFixed(2)}`,
      ),
    );
  }
  console.log(
    `\ngrowth: 2,000 → 20,000 lines costs ×${(medians[20000]! / medians[2000]!).toFixed(1)} (linear would be ×10)`,
  );

  const folder = mkdtempSync(join(tmpdir(), 'smdr-bench-'));
  const base = generateRunbook(200);
  for (let i = 0; i < 1000; i++)
    writeFileSync(
      join(folder, `r${i}.runbook.md`),
      base.replace('managementGroup: CONTOSO', `managementGroup: CONTOSO${i}`),
    );
  const started = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', folder], { stdio: 'ignore' });
  console.log(
    `smdr check of 1,000 runbooks (${base.split('\n').length} lines each): ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );

  for (const bundle of ['client', 'server', 'cli']) {
    console.log(
      `bundle dist/${bundle}.js: ${(statSync(join(ROOT, 'dist', `${bundle}.js`)).size / 1024).toFixed(0)} KiB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

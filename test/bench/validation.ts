/**
 * Validation benchmark (prints figures; asserts nothing). `npm run bench`, after `npm run build`.
 * One-character edits sent as VS Code sends them (incremental didChange over stdio), each waited for
 * until its diagnostics are published, to smdr (dist/server.js, the whole runbook) and to
 * yaml-language-server 1.25 (the same front matter as YAML against the shipped JSON Schema), both
 * running at once and measured in turn, round after round (interleaved, so that both see the same
 * machine). Per keystroke: the server process's CPU (all threads, from /proc: measure.ts) and smdr's
 * wall time to diagnostics; median and min–max over the rounds, at 200, 2,000 and 20,000 lines, for
 * three edits: a server's fqdn in the middle of the inventory and the title (front matter), a step's
 * heading in the middle of the body. yaml-language-server sees only the front matter: every smdr edit
 * is compared with the same server edit there. SMDR_BENCH_ROUNDS, SMDR_BENCH_EDITS change the counts.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { loadCodeParsers } from '../../server/src/code/load';
import { analyze } from '../../server/src/service';
import { ROOT } from '../helpers';
import { TestClient } from '../lsp/client';
import { frontMatterOf, generateRunbook } from './generate';
import { cpuMs, machine, median, percentile, rssMiB, spread } from './measure';

const ROUNDS = Number(process.env.SMDR_BENCH_ROUNDS ?? 8);
const EDITS = Number(process.env.SMDR_BENCH_EDITS ?? 10);
/** yaml-language-server validates 200 ms after a change (validationDelayMs in its yamlSettings.js). */
const YAML_LS_DELAY_MS = 200;

/** One document being typed into: where the next character goes. */
interface Typing {
  client: TestClient;
  uri: string;
  version: number;
  line: number;
  character: number;
}

/** Types one character and waits for the diagnostics of that version: the wall time, in ms. */
async function keystroke(typing: Typing): Promise<number> {
  typing.version++;
  const { client, uri, version, line, character } = typing;
  const text = String.fromCharCode(97 + (version % 26));
  const started = performance.now();
  const published = client.diagnostics(uri, version);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text }],
  });
  await published;
  return performance.now() - started;
}

interface Batch {
  cpu: number[];
  wall: number[];
}

/** EDITS keystrokes: the server's CPU per keystroke over the batch, and each one's wall time. */
async function batch(typing: Typing, into: Batch): Promise<void> {
  const pid = typing.client.process.pid!;
  const before = cpuMs(pid);
  for (let i = 0; i < EDITS; i++) into.wall.push(await keystroke(typing));
  into.cpu.push((cpuMs(pid) - before) / EDITS);
}

async function open(client: TestClient, uri: string, languageId: string, text: string): Promise<void> {
  const opened = client.diagnostics(uri, 1);
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId, version: 1, text },
  });
  await opened;
}

function assertIncremental(name: string, result: InitializeResult): void {
  const sync = result.capabilities.textDocumentSync;
  const kind = typeof sync === 'number' ? sync : sync?.change;
  if (kind !== 2) throw new Error(`${name} does not take incremental changes (textDocumentSync ${kind})`);
}

async function startYamlLs(): Promise<TestClient> {
  const yamlls = new TestClient(process.execPath, [
    join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
    '--stdio',
  ]);
  const schema = join(ROOT, 'schemas', 'runbook-front-matter.schema.json');
  yamlls.configuration = { schemas: { [pathToFileURL(schema).href]: '*.yaml' }, validate: true };
  assertIncremental(
    'yaml-language-server',
    await yamlls.initialize({
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    }),
  );
  await yamlls.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { yaml: yamlls.configuration },
  });
  return yamlls;
}

interface Point {
  line: number;
  character: number;
}

/**
 * Where the typing goes: a server's fqdn in the middle of the inventory (before `.contoso.local`),
 * the end of the `title:` line (read by no section's rules: the cheapest edit), and the heading of a
 * step nearest the middle of the body (before its attributes).
 */
function editPoints(text: string): { server: Point; title: Point; body: Point } {
  const lines = text.split('\n');
  const end = lines.indexOf('---', 1);
  const fqdns = lines
    .map((l, i) => ({ line: i, character: l.indexOf('.contoso.local') }))
    .filter((p) => p.line < end && lines[p.line]!.trimStart().startsWith('fqdn: sqlx') && p.character > 0);
  const titleLine = lines.findIndex((l) => l.startsWith('title: '));
  const headings = lines
    .map((l, i) => ({ line: i, character: l.indexOf(' {step=') }))
    .filter((h) => lines[h.line]!.startsWith('### ') && h.character > 0);
  const nearest = (points: Point[], target: number) =>
    points.reduce((best, p) => (Math.abs(p.line - target) < Math.abs(best.line - target) ? p : best));
  return {
    server: nearest(fqdns, end / 2),
    title: { line: titleLine, character: lines[titleLine]!.length },
    body: nearest(headings, (end + lines.length) / 2),
  };
}

interface SizeResult {
  lines: number;
  rssMiB: number;
  smdrServer: Batch;
  smdrTitle: Batch;
  smdrBody: Batch;
  yaml: Batch;
}

async function measureSize(size: number): Promise<SizeResult> {
  const text = generateRunbook(size);
  const errors = analyze(text).findings.filter((f) => f.rule.severity === 'error');
  if (errors.length) throw new Error(`generated runbook is not clean: ${errors[0]!.message}`);
  const points = editPoints(text);
  const smdr = new TestClient();
  assertIncremental('smdr', await smdr.initialize());
  const yamlls = await startYamlLs();
  const server = { uri: `file:///bench/server${size}.runbook.md`, ...points.server };
  const title = { uri: `file:///bench/title${size}.runbook.md`, ...points.title };
  const body = { uri: `file:///bench/body${size}.runbook.md`, ...points.body };
  // The same fqdn typed into the front matter alone, one line up (no opening ---).
  const yaml = {
    uri: `file:///bench/b${size}.yaml`,
    line: points.server.line - 1,
    character: points.server.character,
  };
  for (const doc of [server, title, body]) await open(smdr, doc.uri, 'markdown', text);
  await open(yamlls, yaml.uri, 'yaml', frontMatterOf(text));
  const typing: Typing[] = [
    { client: smdr, version: 1, ...server },
    { client: smdr, version: 1, ...title },
    { client: smdr, version: 1, ...body },
    { client: yamlls, version: 1, ...yaml },
  ];
  const results: Batch[] = typing.map(() => ({ cpu: [], wall: [] }));
  // A warm-up batch each (JIT, caches), not counted.
  for (const t of typing) await batch(t, { cpu: [], wall: [] });
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with another of the four, so none always follows the same one.
    for (let k = 0; k < typing.length; k++) {
      const which = (round + k) % typing.length;
      await batch(typing[which]!, results[which]!);
    }
  }
  const rss = rssMiB(smdr.process.pid!);
  await smdr.shutdown();
  await yamlls.shutdown();
  return {
    lines: text.split('\n').length,
    rssMiB: rss,
    smdrServer: results[0]!,
    smdrTitle: results[1]!,
    smdrBody: results[2]!,
    yaml: results[3]!,
  };
}

function report(r: SizeResult): void {
  const yamlCpu = median(r.yaml.cpu);
  const yamlWall = r.yaml.wall.map((t) => Math.max(0, t - YAML_LS_DELAY_MS));
  const row = (label: string, b: Batch, wall: number[]) =>
    `  ${label.padEnd(34)} CPU/keystroke ${spread(b.cpu, 2).padEnd(22)} ms   wall median ${median(wall).toFixed(1)} ms, p95 ${percentile(wall, 95).toFixed(1)} ms`;
  console.log(row('smdr, a server in the inventory', r.smdrServer, r.smdrServer.wall));
  console.log(row('smdr, the title', r.smdrTitle, r.smdrTitle.wall));
  console.log(row('smdr, a step heading', r.smdrBody, r.smdrBody.wall));
  console.log(row('yaml-language-server, the server', r.yaml, yamlWall) + ' (less its 200 ms delay)');
  const ratio = (b: Batch) => (median(b.cpu) / yamlCpu).toFixed(2);
  console.log(
    `  CPU ratio smdr/yaml-ls per keystroke (medians): a server ${ratio(r.smdrServer)}, the title ${ratio(r.smdrTitle)}, a step heading ${ratio(r.smdrBody)}`,
  );
}

async function main(): Promise<void> {
  console.log(`smdr validation benchmark: ${machine()}`);
  // The generated runbooks are checked clean first, which needs the code parsers.
  await loadCodeParsers();
  console.log(
    `${ROUNDS} rounds of ${EDITS} one-character edits per document, interleaved; spreads are min–max over rounds`,
  );
  const results = new Map<number, SizeResult>();
  for (const size of [200, 2000, 20000]) {
    const result = await measureSize(size);
    results.set(size, result);
    console.log(`\n${result.lines} lines (smdr server RSS at the end: ${result.rssMiB.toFixed(0)} MiB)`);
    report(result);
  }
  const growth = (pick: (r: SizeResult) => Batch) =>
    (median(pick(results.get(20000)!).cpu) / median(pick(results.get(2000)!).cpu)).toFixed(1);
  console.log(
    `\nsmdr CPU growth from 2,000 to 20,000 lines: a server ×${growth((r) => r.smdrServer)}, the title ×${growth((r) => r.smdrTitle)}, a step heading ×${growth((r) => r.smdrBody)} (linear: ×10)`,
  );
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

/**
 * Start-up benchmark (prints figures; asserts nothing). `npm run bench`, after `npm run build`.
 * Interleaved, run after run: `node -e 0`; `smdr check` of one runbook (examples/contoso.runbook.md),
 * wall and CPU (user + system, from /proc: measure.ts); the language server from spawn to its
 * `initialize` result, wall and its CPU until then. SMDR_BENCH_BASELINE=<a dist folder> (an earlier
 * build) measures its server.js and cli.js in the same runs, for a before/after ratio.
 * SMDR_BENCH_RUNS changes the count.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { TestClient } from '../lsp/client';
import { cpuMs, machine, median, runChild, spread } from './measure';

const RUNS = Number(process.env.SMDR_BENCH_RUNS ?? 20);
const RUNBOOK = join(ROOT, 'examples', 'contoso.runbook.md');
const DISTS: [string, string][] = [['this build', join(ROOT, 'dist')]];
if (process.env.SMDR_BENCH_BASELINE) DISTS.push(['baseline', process.env.SMDR_BENCH_BASELINE]);

interface Figures {
  wall: number[];
  cpu: number[];
}

const empty = (): Figures => ({ wall: [], cpu: [] });

async function serverStart(dist: string, into: Figures): Promise<void> {
  const started = performance.now();
  const client = new TestClient(process.execPath, [join(dist, 'server.js'), '--stdio']);
  await client.initialize();
  into.wall.push(performance.now() - started);
  into.cpu.push(cpuMs(client.process.pid!));
  await client.shutdown();
}

async function child(into: Figures, args: string[]): Promise<void> {
  const run = await runChild(process.execPath, args, ROOT);
  if (run.status > 1) throw new Error(`${args.join(' ')} exited ${run.status}`);
  into.wall.push(run.wallMs);
  into.cpu.push(run.cpuMs);
}

async function main(): Promise<void> {
  console.log(`smdr start-up benchmark: ${machine()}`);
  console.log(`${RUNS} runs, interleaved; median (min–max) in ms; CPU of a child in 10 ms ticks`);
  const node = empty();
  const check = DISTS.map(empty);
  const server = DISTS.map(empty);
  for (let run = 0; run < RUNS; run++) {
    await child(node, ['-e', '0']);
    for (const [i, [, dist]] of DISTS.entries()) {
      await child(check[i]!, [join(dist, 'cli.js'), 'check', RUNBOOK]);
      await serverStart(dist, server[i]!);
    }
  }
  const row = (label: string, f: Figures, against?: Figures) =>
    `  ${label.padEnd(38)} wall ${spread(f.wall).padEnd(22)} CPU ${spread(f.cpu, 0).padEnd(16)}${
      against ? `  ×${(median(f.wall) / median(against.wall)).toFixed(2)} wall of node -e 0` : ''
    }`;
  console.log(row('node -e 0', node));
  for (const [i, [name]] of DISTS.entries()) {
    console.log(row(`smdr check, one runbook (${name})`, check[i]!, node));
    console.log(row(`server to initialize result (${name})`, server[i]!, node));
  }
  const sizes = ['client', 'server', 'cli', 'sql'].map(
    (b) => `dist/${b}.js ${(statSync(join(ROOT, 'dist', `${b}.js`)).size / 1000).toFixed(0)} KB`,
  );
  console.log(`  bundles: ${sizes.join(', ')} (sql.js: the SQL driver, loaded on first use)`);
  if (DISTS.length > 1) {
    const ratio = (f: Figures[]) => (median(f[0]!.wall) / median(f[1]!.wall)).toFixed(2);
    console.log(
      `  this build / baseline, wall medians: smdr check ×${ratio(check)}, server ×${ratio(server)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

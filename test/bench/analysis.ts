/**
 * Analysis benchmark (prints figures; asserts nothing): `analyze` called directly, per keystroke, at
 * 200, 2,000 and 20,000 lines, for a front-matter edit and a body edit. Prints the median and p95
 * wall time, the median CPU time (which other work on the machine disturbs less) and the MiB
 * allocated per edit. Allocation is the growth of the heap across one `analyze`,
 * measured with a young generation large enough (256 MiB from the start) that no collection runs
 * inside it; the script restarts itself with those flags.
 *
 *   npx tsx test/bench/analysis.ts
 */
import { spawnSync } from 'node:child_process';
import { loadCodeParsers } from '../../server/src/code/load';
import { analyze } from '../../server/src/service';
import { generateRunbook } from './generate';

const FLAGS = ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256'];
const gc = (globalThis as { gc?: () => void }).gc;

if (!gc) {
  const run = spawnSync(process.execPath, [...FLAGS, '--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

interface Figures {
  times: number[];
  cpu: number[];
  mib: number[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A keystroke typed at `at` in `text`, the `n`th: each text is new, as when typing. */
function typed(text: string, at: number, n: number): string {
  return `${text.slice(0, at)}${'x'.repeat(n)}${text.slice(at)}`;
}

function measure(text: string, at: number, rounds: number): Figures {
  // Warm up: the code is compiled and the first analysis's caches filled.
  for (let n = 0; n < 3; n++) analyze(typed(text, at, 0 + n));
  const figures: Figures = { times: [], cpu: [], mib: [] };
  for (let n = 1; n <= rounds; n++) {
    const changed = typed(text, at, n);
    gc!();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const cpu = process.cpuUsage();
    analyze(changed);
    const used = process.cpuUsage(cpu);
    figures.times.push(performance.now() - started);
    figures.cpu.push((used.user + used.system) / 1000);
    figures.mib.push((process.memoryUsage().heapUsed - before) / 2 ** 20);
  }
  return figures;
}

function print(label: string, f: Figures): void {
  console.log(
    `${label.padEnd(28)} wall median ${percentile(f.times, 50).toFixed(2).padStart(8)} ms, p95 ${percentile(f.times, 95).toFixed(2).padStart(8)} ms   CPU median ${percentile(f.cpu, 50).toFixed(2).padStart(8)} ms   allocated median ${percentile(f.mib, 50).toFixed(2).padStart(7)} MiB`,
  );
}

async function main(): Promise<void> {
  await loadCodeParsers();
  for (const size of [200, 2_000, 20_000]) {
    const text = generateRunbook(size);
    const lines = text.split('\n').length;
    const rounds = size >= 20_000 ? 15 : 40;
    // The front matter: typing into the management group's name (a top-level entry of its own).
    const front = text.indexOf('managementGroup: ') + 'managementGroup: '.length;
    // The body: typing into the title of a step in the middle of the sections.
    const middle = text.indexOf('### Enable CLR', Math.floor(text.length / 2)) + '### Enable'.length;
    // A server's field, in the middle of the inventory.
    const server = text.indexOf(
      '.contoso.local',
      text.indexOf('  SQLX', Math.floor(text.indexOf('\n---\n') / 2)),
    );
    // The title: read by no section's rules.
    const title = text.indexOf('title: ') + 'title: '.length;
    print(`${lines} lines, front matter`, measure(text, front, rounds));
    print(`${lines} lines, title`, measure(text, title, rounds));
    print(`${lines} lines, a server`, measure(text, server, rounds));
    print(`${lines} lines, body`, measure(text, middle, rounds));
  }
}

void main();

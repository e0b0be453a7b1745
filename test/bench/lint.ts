/**
 * Many-runbook benchmark (prints figures; asserts nothing). `npm run bench`, after `npm run build`.
 * `smdr check` of 1,000 realistic runbooks (the three examples varied as sites vary them: generate.ts)
 * against markdownlint-cli2 (its default rules) on the same files, interleaved, each run's CPU (user +
 * system of the child, from /proc: measure.ts) and wall; median and min–max. SMDR_BENCH_REPEATS
 * changes the count.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { realisticRunbooks } from './generate';
import { machine, median, runChild, spread } from './measure';

const REPEATS = Number(process.env.SMDR_BENCH_REPEATS ?? 5);
const COUNT = 1000;

async function main(): Promise<void> {
  console.log(`smdr check against markdownlint-cli2: ${machine()}`);
  const folder = mkdtempSync(join(tmpdir(), 'smdr-bench-many-'));
  const runbooks = realisticRunbooks(COUNT);
  runbooks.forEach((text, i) => writeFileSync(join(folder, `site${i}.runbook.md`), text));
  const lines = runbooks.reduce((sum, text) => sum + text.split('\n').length, 0);
  console.log(
    `${COUNT} runbooks, ${lines} lines in all; ${REPEATS} runs each, interleaved; median (min–max)`,
  );
  const tools: [string, string[]][] = [
    ['smdr check', [join(ROOT, 'dist', 'cli.js'), 'check', folder]],
    [
      'markdownlint-cli2',
      [join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), '**/*.runbook.md'],
    ],
  ];
  const cpu = tools.map((): number[] => []);
  const wall = tools.map((): number[] => []);
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const [i, [name, args]] of tools.entries()) {
      // In the folder: markdownlint-cli2 reads no configuration of this repository, only its defaults.
      const run = await runChild(process.execPath, args, folder);
      if (run.status > 1) throw new Error(`${name} exited ${run.status}`);
      cpu[i]!.push(run.cpuMs / 1000);
      wall[i]!.push(run.wallMs / 1000);
    }
  }
  for (const [i, [name]] of tools.entries())
    console.log(`  ${name.padEnd(20)} CPU ${spread(cpu[i]!, 2)} s   wall ${spread(wall[i]!, 2)} s`);
  console.log(
    `  CPU ratio smdr/markdownlint-cli2 (medians): ${(median(cpu[0]!) / median(cpu[1]!)).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

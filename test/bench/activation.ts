/**
 * Activation benchmark (prints figures): the extension in code-server, a runbook opened, and the
 * activation time VS Code itself measured, read from Developer: Show Running Extensions, over several
 * fresh starts (one start says little: the figure includes loading code while the whole workbench
 * starts on two cores). Beside it, the cost of loading the client bundle alone in Node.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO, ROOT } from '../helpers';
import { startCodeServer } from '../e2e/codeServer';
import { ensureTools } from '../e2e/tools';
import { Workbench } from '../e2e/workbench';

const RUNS = Number(process.env.SMDR_BENCH_RUNS ?? 5);
/** The name the Running Extensions editor shows: the manifest's, as package.nls.json gives it. */
const DISPLAY_NAME: string = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')).displayName;
const CLIENT = join(ROOT, 'dist', 'client.js');

/** One fresh code-server: VS Code's activation time of the extension, in ms. */
async function activationOnce(): Promise<number> {
  const server = await startCodeServer({ files: { 'contoso.runbook.md': CONTOSO } });
  const workbench = await Workbench.open(server.url);
  try {
    await workbench.openFile('contoso.runbook.md');
    await workbench.page.locator('.codelens-decoration').first().waitFor({ state: 'attached' });
    await workbench.runCommand('Developer: Show Running Extensions');
    const row = workbench.page
      .locator('.runtime-extensions-editor .monaco-list-row', { hasText: DISPLAY_NAME })
      .first();
    // Sorted by activation time, the list draws only the rows in view: page down until ours is drawn.
    const rows = workbench.page.locator('.runtime-extensions-editor .monaco-list-row');
    await rows.first().click();
    for (let page = 0; page < 20 && !(await row.isVisible()); page++) {
      await workbench.page.keyboard.press('PageDown');
      await rows.first().waitFor();
    }
    await row.waitFor().catch(async (error: unknown) => {
      await workbench.screenshot('bench-activation-failure');
      throw error;
    });
    const text = await row.locator('.activation-time').innerText();
    const ms = /(?<!\d)(\d+)\s*ms/.exec(text)?.[1];
    if (!ms) throw new Error(`no activation time in "${text}"`);
    return Number(ms);
  } finally {
    await workbench.close();
    await server.stop();
  }
}

/** Loading dist/client.js in a fresh Node process, with `vscode` stubbed (nothing of it runs at load). */
function bundleLoadOnce(): number {
  const script = `
    const Module = require('node:module');
    const load = Module._load;
    const stub = new Proxy(function () {}, { get: (_, key) => (key === 'prototype' ? {} : stub), construct: () => ({}), apply: () => stub });
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
    const start = process.hrtime.bigint();
    require(${JSON.stringify(CLIENT)});
    process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  ensureTools();
  const activations: number[] = [];
  for (let i = 0; i < RUNS; i++) activations.push(await activationOnce());
  console.log(
    `activation, VS Code's own measure (code-server 4.139.1), ${RUNS} fresh starts: median ${median(activations)} ms, ` +
      `min ${Math.min(...activations)} ms, max ${Math.max(...activations)} ms (${activations.join(', ')})`,
  );
  const loads = Array.from({ length: 10 }, bundleLoadOnce);
  console.log(
    `loading dist/client.js in a fresh Node ${process.versions.node} process, 10 runs: median ${median(loads).toFixed(1)} ms`,
  );
  console.log(
    `client bundle dist/client.js: ${(statSync(CLIENT).size / 1024).toFixed(0)} KiB (no SQL driver: see test/cli/package.test.ts)`,
  );
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

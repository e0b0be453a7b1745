/**
 * Activation benchmark (prints figures): the extension in code-server, a runbook opened, and the
 * activation time VS Code itself measured, read from Developer: Show Running Extensions.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO, ROOT } from '../helpers';
import { startCodeServer } from '../e2e/codeServer';
import { ensureTools } from '../e2e/tools';
import { Workbench } from '../e2e/workbench';

async function main(): Promise<void> {
  ensureTools();
  const server = await startCodeServer({ files: { 'contoso.runbook.md': CONTOSO } });
  const workbench = await Workbench.open(server.url);
  try {
    await workbench.openFile('contoso.runbook.md');
    await workbench.page.locator('.codelens-decoration').first().waitFor({ state: 'attached' });
    await workbench.runCommand('Developer: Show Running Extensions');
    const row = workbench.page
      .locator('.runtime-extensions-editor .monaco-list-row', {
        hasText: 'Service Manager Disaster Recovery',
      })
      .first();
    await row.waitFor().catch(async (error: unknown) => {
      await workbench.screenshot('bench-activation-failure');
      throw error;
    });
    const time = await row.locator('.activation-time').innerText();
    console.log(`activation (VS Code's own measure, code-server 4.139.1): ${time.trim()}`);
  } finally {
    await workbench.close();
    await server.stop();
  }
  console.log(
    `client bundle dist/client.js: ${(statSync(join(ROOT, 'dist', 'client.js')).size / 1024).toFixed(0)} KiB (no SQL driver: see test/cli/package.test.ts)`,
  );
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

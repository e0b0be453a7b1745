/**
 * A new user's first minutes, in the installed .vsix: the walkthrough, New Runbook from the template
 * (its unfilled values flagged), `smdr check` as a task whose problems land in the Problems view, and
 * palette entries shown only where they apply.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { CONTOSO, edit } from '../helpers';
import { extensionOutput, startCodeServer, type CodeServer } from './codeServer';
import { waitFor } from './run';
import { stepsWithArtifacts } from './steps';
import { ensureTools } from './tools';
import { Workbench } from './workbench';

/** A runbook on disk, never opened in an editor: only the task can report its problems. */
const ON_DISK = edit(CONTOSO, 'fqdn: sm02.contoso.local', 'fqdn: xx02.contoso.local');

describe('first run', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    ensureTools();
    server = await startCodeServer({
      files: {
        'notes.md': '# Notes\n',
        'site/closed.runbook.md': ON_DISK,
        // A task of type smdr in tasks.json: the provider resolves it with its own paths.
        '.vscode/tasks.json': JSON.stringify({
          version: '2.0.0',
          tasks: [
            { type: 'smdr', paths: ['site'], label: 'Check the site runbooks', problemMatcher: ['$smdr'] },
          ],
        }),
      },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  const step = stepsWithArtifacts('first-run', () => ({ workbench, server }));

  step('opens the walkthrough from the palette', async () => {
    await workbench.runCommand('Welcome: Open Walkthrough...');
    await workbench.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Get Started with SMDR' })
      .click();
    const steps = workbench.page.locator('.getting-started-step');
    for (const title of [
      'Create a runbook from the template',
      'Fill the inventory',
      'Read the problems',
      'Set a SQL password and refresh',
      'Dry-run a step',
      'Read the drill report',
    ])
      await steps.filter({ hasText: title }).first().waitFor();
    await workbench.page.locator('.getting-started-step', { hasText: 'Create a Runbook' }).first().waitFor();
    // The step's Markdown beside it, rendered in a webview (an iframe inside an iframe).
    await workbench.page
      .frameLocator('.getting-started-media iframe')
      .frameLocator('iframe')
      .getByText('asks two things')
      .waitFor();
    await workbench.screenshot('first-run-walkthrough');
    await workbench.runCommand('View: Close All Editors');
  });

  step('hides the runbook commands from the palette until a runbook is in the editor', async () => {
    await workbench.openFile('notes.md');
    assert.equal(await workbench.paletteOffers('SMDR: Run Recovery Step...'), false);
    assert.equal(await workbench.paletteOffers('SMDR: Mark Recovery Step Done'), false);
    assert.equal(await workbench.paletteOffers('SMDR: New Runbook from Template...'), true);
    assert.equal(await workbench.paletteOffers('SMDR: Show Runbook Rules'), true);
    await workbench.openFile('closed.runbook.md');
    assert.equal(await workbench.paletteOffers('SMDR: Run Recovery Step...'), true);
    await workbench.runCommand('View: Close All Editors');
  });

  step(
    'creates a runbook from the template: asks the version and group, flags what is unfilled',
    async () => {
      await workbench.runCommand('SMDR: New Runbook from Template...');
      await workbench.page
        .locator('.quick-input-widget .monaco-list-row', { hasText: '2022' })
        .first()
        .click();
      const input = workbench.page.locator('.quick-input-widget input');
      await workbench.page.locator('.quick-input-widget', { hasText: 'Management group name' }).waitFor();
      await input.fill('CONTOSO:PROD');
      await workbench.page.locator('.quick-input-widget', { hasText: 'Setup refuses `:`' }).waitFor();
      await input.fill('CONTOSO');
      await workbench.page.keyboard.press('Enter');
      await workbench.page.locator('.tab[aria-label*="contoso.runbook.md"]').waitFor();
      const written = readFileSync(join(server.workspace, 'contoso.runbook.md'), 'utf8');
      assert.match(written, /^scsm: 2022$/m);
      assert.match(written, /^managementGroup: 'CONTOSO'$/m);
      await workbench.showProblems();
      const rows = workbench.problemRows();
      await rows.filter({ hasText: '<fill-SM>' }).filter({ hasText: 'SMDR101' }).first().waitFor();
      await rows.filter({ hasText: 'SMDR103' }).first().waitFor();
      await workbench.screenshot('first-run-new-runbook');
    },
  );

  step('runs smdr check as a task: the problems of a runbook never opened land in Problems', async () => {
    await workbench.runCommand('View: Close All Editors');
    const closed = () => workbench.problemRows().filter({ hasText: 'SMDR102' }).filter({ hasText: 'xx02' });
    assert.equal(await closed().count(), 0, 'no problem of the closed runbook before the task');
    await workbench.runCommand('Tasks: Run Task');
    await workbench.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'smdr' }).first().click();
    await workbench.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'check' })
      .first()
      .click();
    // The task runs silently (its terminal is not revealed): its problems show where the others do,
    // below the new runbook's, out of the list's view: the Problems filter brings them up.
    await workbench.showProblems();
    const filter = workbench.page.getByPlaceholder(/^Filter \(e\.g\. text/).first();
    await filter.fill('xx02');
    await closed().first().waitFor();
    await workbench.screenshot('first-run-task-problems');
    await filter.fill('');
  });

  step('writes nothing at error level to its log', async () => {
    const log = await waitFor('the SMDR log', () => {
      try {
        return extensionOutput(server);
      } catch {
        return undefined;
      }
    });
    assert.doesNotMatch(log, /\[error\]|\[Error/);
  });
});

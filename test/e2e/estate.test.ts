/**
 * Everyday use 3: reviewing the estate. The Servers and Backups views read two SQL Server instances
 * (loopback TDS endpoints) with the real mssql client; a stale backup is marked and appears in
 * Problems; an unreachable instance is an error node, and Refresh recovers when it comes back.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { CONTOSO, edit, LAB } from '../helpers';
import { startEndpoint, type Endpoint, type InstanceScenario } from '../sql/endpoint';
import { extensionOutput, freePort, startCodeServer, type CodeServer } from './codeServer';
import { ensureTools } from './tools';
import { stepsWithArtifacts } from './steps';
import { Workbench } from './workbench';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const SQL01: InstanceScenario = {
  machineName: 'SQL01',
  instanceName: 'SCSM',
  clrEnabled: true,
  user: 'smdr-reader',
  password: 'pw',
  databases: [{ name: 'ServiceManager' }],
  backups: [
    {
      database: 'ServiceManager',
      type: 'D',
      finishedAt: hoursAgo(80),
      firstLsn: '100',
      lastLsn: '200',
      device: '\\\\vault01\\dr\\sql\\ServiceManager.bak',
    },
  ],
};

const SQL02: InstanceScenario = {
  machineName: 'SQL02',
  instanceName: 'DW',
  clrEnabled: true,
  user: 'smdr-reader',
  password: 'pw',
  databases: [{ name: 'DWStagingAndConfig' }, { name: 'DWRepository' }, { name: 'DWDataMart' }],
  backups: ['DWStagingAndConfig', 'DWRepository', 'DWDataMart'].map((database) => ({
    database,
    type: 'D' as const,
    finishedAt: hoursAgo(2),
    firstLsn: '1',
    lastLsn: '2',
    device: `\\\\vault01\\dr\\sql\\${database}.bak`,
  })),
};

describe('reviewing the estate in VS Code', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;
  let sql01: Endpoint;
  let sql02: Endpoint | undefined;
  let sql02Port: number;

  before(async () => {
    ensureTools();
    sql01 = await startEndpoint(SQL01);
    sql02Port = await freePort();
    const workspace = mkdtempSync(join(tmpdir(), 'smdr-estate-'));
    mkdirSync(join(workspace, 'keys'));
    writeFileSync(join(workspace, 'keys', 'SM01.bin'), 'key');
    const runbook = edit(
      edit(CONTOSO, "'\\\\vault01\\dr\\keys\\SM01.bin'", `'${join(workspace, 'keys', 'SM01.bin')}'`),
      'encrypt: true',
      'encrypt: false',
    );
    server = await startCodeServer({
      workspace,
      // A second runbook: passwords for several runbooks are asked one at a time (two boxes at once would cancel each other).
      files: {
        'contoso.runbook.md': runbook,
        'lab.runbook.md': LAB.replace('user: smdr-reader }', 'user: smdr-reader, encrypt: false }'),
      },
      settings: {
        'smdr.sql.endpoints': {
          'SQL01\\SCSM': `127.0.0.1:${sql01.port}`,
          'SQL02\\DW': `127.0.0.1:${sql02Port}`,
          LABSQL01: '127.0.0.1:1',
        },
        'smdr.live.connectTimeout': 3,
      },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await sql01?.close();
    await sql02?.close();
  });

  const row = (text: string) => workbench.page.locator('.monaco-list-row', { hasText: text }).first();

  const step = stepsWithArtifacts('estate', () => ({ workbench, server }));

  /** Answers the password question that ends with `on <instances>`. */
  async function answerPassword(instances: string, password = 'pw'): Promise<void> {
    // A backslash is an escape in CSS: SQL01\\SCSM is written SQL01\\\\SCSM in the selector.
    const input = workbench.page.locator(
      `.quick-input-widget input[type="password"][aria-label$="on ${instances.replace(/\\/g, '\\\\')}"]`,
    );
    await input.waitFor();
    await input.fill(password);
    await workbench.page.keyboard.press('Enter');
  }

  step('shows the estate of the runbook before any refresh', async () => {
    await workbench.runCommand('Focus on Servers View');
    await row('CONTOSO').waitFor();
    await row('primary management server').waitFor();
    await row('database server SQL01\\SCSM').waitFor();
  });

  step(
    'reads the servers: database states and backup ages, a stale backup marked and in Problems',
    async () => {
      await workbench.runCommand('SMDR: Refresh Live State');
      // One password per login: one question names every instance of smdr-reader. It is mistyped:
      // SQL01 refuses it, and the next Refresh asks for SQL01's alone.
      await answerPassword('SQL01\\SCSM, SQL02\\DW and LABSQL01', 'pw-mistyped');
      await row('database server SQL01\\SCSM').locator('.monaco-tl-twistie').click();
      await row("Login failed for user 'smdr-reader'").waitFor();
      await workbench.notification('the stored password was forgotten');
      await workbench.runCommand('SMDR: Refresh Live State');
      await answerPassword('SQL01\\SCSM');
      await row('ONLINE · FULL · full 3 days ago').waitFor();
      // The server shows the worst state of its databases: stale, not ok over a stale backup.
      await row('database server SQL01\\SCSM').locator('.codicon-warning').waitFor();
      await workbench.showProblems();
      await workbench.problemRows().filter({ hasText: 'SMDR406' }).first().waitFor();
      await workbench.runCommand('Focus on Backups View');
      await row('Database backups').waitFor();
      // The README's picture: the views and Problems, without the toast of the mistyped password.
      await workbench.runCommand('Notifications: Clear All Notifications');
      await workbench.screenshot('estate-servers');
    },
  );

  step('shows an unreachable instance as an error node, and recovers on Refresh', async () => {
    await workbench.runCommand('Focus on Servers View');
    await row('database server SQL02\\DW').locator('.monaco-tl-twistie').click();
    const error = row(`Failed to connect to 127.0.0.1:${sql02Port}`);
    await error.waitFor();
    sql02 = await startEndpoint(SQL02, sql02Port);
    await workbench.runCommand('SMDR: Refresh Live State');
    // SQL02 was unreachable when the mistyped password was refused by SQL01, so it kept it: now it is
    // reached, refuses it, and the next Refresh asks for its password alone.
    await workbench.notification('SQL02\\DW at 127.0.0.1 refused the login smdr-reader');
    await error.waitFor({ state: 'detached' });
    await workbench.runCommand('SMDR: Refresh Live State');
    await answerPassword('SQL02\\DW');
    // Read live: the inventory's rows of its databases said "unknown" until now.
    await workbench.page
      .locator('.monaco-list-row', { hasText: 'DWStagingAndConfig' })
      .filter({ hasText: 'ONLINE' })
      .first()
      .waitFor();
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.screenshot('estate-recovered');
  });

  step('writes nothing at error level to its output', async () => {
    assert.doesNotMatch(extensionOutput(server), /\[error\]|\[Error/);
  });
});

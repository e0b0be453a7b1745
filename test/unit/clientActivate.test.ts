/**
 * Activation that fails is an error message (with Open Logs once the SMDR log exists), never an
 * exception VS Code reports as a failed extension: a view that cannot be registered, a VS Code too
 * old for the language client.
 */
import { fake, fakeVscode, vscodeModule } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { Ctx } from '../../client/src/ctx';
import { activate } from '../../client/src/extension';
import { JournalStore } from '../../client/src/journalStore';
import { PlanStore } from '../../client/src/plans';

const window = fakeVscode.window as Record<string, unknown>;
let logged: string[] = [];
let channels: string[] = [];
window.createOutputChannel = (name: string, options: { log: boolean }) => {
  channels.push(`${name} ${JSON.stringify(options)}`);
  return {
    name,
    error: (message: string) => logged.push(`error ${message}`),
    appendLine: (message: string) => logged.push(message),
    show: () => undefined,
    dispose: () => logged.push('disposed'),
  };
};

function start(): vscode.Disposable[] {
  const subscriptions: vscode.Disposable[] = [];
  const context = {
    subscriptions,
    asAbsolutePath: (relative: string) => `/ext/${relative}`,
    secrets: {},
    globalStorageUri: { fsPath: '/storage' },
  } as unknown as vscode.ExtensionContext;
  assert.doesNotThrow(() => activate(context));
  return subscriptions;
}

describe('activation', () => {
  beforeEach(() => {
    fake.reset();
    logged = [];
    channels = [];
    vscodeModule.version = '1.139.1';
  });

  it('makes one log channel, SMDR, and a view that fails is an error with Open Logs, logged', () => {
    window.registerTreeDataProvider = (id: string) => {
      throw new Error(`view ${id} is not declared`);
    };
    const subscriptions = start();
    assert.deepEqual(channels, ['SMDR {"log":true}']);
    const message = 'SMDR did not activate: view smdr.servers is not declared';
    assert.deepEqual(fake.shown, [{ level: 'error', message, items: ['Open Logs'] }]);
    assert.deepEqual(logged, [`error ${message}`]);
    // The context owns what was made before the failure, and disposes it.
    assert.equal(subscriptions.length, 1);
    const ctx = subscriptions[0] as Ctx;
    assert.ok(ctx.subscriptions.some((d) => d instanceof JournalStore));
    assert.ok(ctx.subscriptions.some((d) => d instanceof PlanStore));
    ctx.dispose();
    assert.deepEqual(ctx.subscriptions, []);
    assert.equal(logged.at(-1), 'disposed', 'the log, disposed last');
    delete window.registerTreeDataProvider;
  });

  it('a VS Code the language client refuses: an error message, and the log is not left open', () => {
    vscodeModule.version = '1.50.0';
    const subscriptions = start();
    assert.equal(fake.shown.length, 1);
    assert.equal(fake.shown[0]!.level, 'error');
    assert.match(fake.shown[0]!.message, /^SMDR did not activate: .*1\.50\.0/);
    assert.deepEqual(fake.shown[0]!.items, []);
    assert.equal(logged.at(-1), 'disposed');
    assert.deepEqual(subscriptions, []);
  });
});

/**
 * The command table and the context: a command that needs the language server says so while it is
 * down (and runs nothing), Restart from that message starts it, a command that needs no server runs
 * anyway, and a handler that throws is an error message with Open Logs, never a rejection.
 */
import { fake } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerCommands, type Command } from '../../client/src/commandTable';
import { Ctx } from '../../client/src/ctx';

function setUp(state: State) {
  const calls: string[] = [];
  const listeners: ((e: { oldState: State; newState: State }) => void)[] = [];
  const client = {
    state,
    onDidChangeState: (listener: (typeof listeners)[number]) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
    /** What the real client does on each change of state. */
    become: (newState: State) => {
      const oldState = client.state;
      client.state = newState;
      for (const listener of [...listeners]) listener({ oldState, newState });
    },
    start: async () => {
      calls.push('start');
      client.state = State.Running;
    },
    stop: async () => void calls.push('stop'),
    restart: async () => void calls.push('restart'),
  };
  const log = {
    error: (message: string) => calls.push(`log.error ${message}`),
    show: () => calls.push('log.show'),
  };
  const ctx = new Ctx(
    {} as vscode.ExtensionContext,
    client as unknown as LanguageClient,
    log as unknown as vscode.LogOutputChannel,
  );
  const ran: string[] = [];
  const table: Record<string, Command> = {
    'test.server': { server: true, run: (...args) => void ran.push(`server ${args.join(',')}`) },
    'test.local': { server: false, run: () => void ran.push('local') },
    'test.throws': {
      server: false,
      run: () => Promise.reject(new Error('the journal is a FIFO')),
    },
  };
  registerCommands(ctx, table);
  const invoke = (id: string, ...args: unknown[]) => fake.commands.get(id)!(...args);
  return { ctx, client, calls, ran, invoke };
}

describe('command table', () => {
  beforeEach(() => fake.reset());

  it('registers every entry into the context, and disposing the context unregisters them', () => {
    const { ctx } = setUp(State.Running);
    assert.ok(['test.server', 'test.local', 'test.throws'].every((id) => fake.commands.has(id)));
    ctx.dispose();
    assert.equal(fake.commands.size, 0);
    assert.equal(ctx.subscriptions.length, 0);
  });

  it('runs a server command with its arguments while the server runs or starts', async () => {
    for (const state of [State.Running, State.Starting]) {
      const { invoke, ran, ctx } = setUp(state);
      await invoke('test.server', 'a', 2);
      assert.deepEqual(ran, ['server a,2']);
      assert.deepEqual(fake.shown, []);
      ctx.dispose();
    }
  });

  it('says the server is down instead of running a command that needs it', async () => {
    const { invoke, ran, calls, ctx } = setUp(State.Stopped);
    fake.answer(undefined);
    await invoke('test.server');
    assert.deepEqual(ran, []);
    assert.equal(fake.shown.length, 1);
    assert.equal(fake.shown[0]!.level, 'warning');
    assert.match(fake.shown[0]!.message, /^The SMDR language server is not running/);
    assert.deepEqual(fake.shown[0]!.items, ['Restart Server', 'Open Logs']);
    assert.deepEqual(calls, []);
    ctx.dispose();
  });

  it('restarts a stopped server from that message, and opens the log from it', async () => {
    const { invoke, calls, client, ctx } = setUp(State.Stopped);
    fake.answer('Open Logs');
    await invoke('test.server');
    assert.deepEqual(calls, ['log.show']);
    fake.answer('Restart Server');
    await invoke('test.server');
    assert.deepEqual(calls, ['log.show', 'start']);
    assert.equal(client.state, State.Running);
    assert.equal(ctx.serverUp, true);
    ctx.dispose();
  });

  it('runs a command that needs no server while the server is down', async () => {
    const { invoke, ran, ctx } = setUp(State.Stopped);
    await invoke('test.local');
    assert.deepEqual(ran, ['local']);
    assert.deepEqual(fake.shown, []);
    ctx.dispose();
  });

  it('turns a failing handler into an error message with Open Logs, logged, not a rejection', async () => {
    const { invoke, calls, ctx } = setUp(State.Running);
    await assert.doesNotReject(async () => invoke('test.throws'));
    assert.deepEqual(fake.shown, [
      { level: 'error', message: 'SMDR: test.throws failed: the journal is a FIFO', items: ['Open Logs'] },
    ]);
    assert.deepEqual(calls, ['log.error SMDR: test.throws failed: the journal is a FIFO']);
    ctx.dispose();
  });

  it('reports a server that does not start with Open Logs, and resolves false', async () => {
    const { ctx, client, calls } = setUp(State.Stopped);
    client.start = () => Promise.reject(new Error('spawn ENOENT'));
    assert.equal(await ctx.start(), false);
    assert.deepEqual(fake.shown, [
      {
        level: 'error',
        message: 'The SMDR language server did not start: spawn ENOENT',
        items: ['Open Logs'],
      },
    ]);
    assert.deepEqual(calls, ['log.error The SMDR language server did not start: spawn ENOENT']);
    ctx.dispose();
  });

  it('tells when the server is up: first start, restart, back after a crash; not while starting or stopped', () => {
    const { ctx, client } = setUp(State.Stopped);
    let up = 0;
    const subscription = ctx.onServerUp(() => up++);
    for (const state of [State.Starting, State.Running, State.Stopped, State.Starting, State.Running])
      client.become(state);
    assert.equal(up, 2);
    subscription.dispose();
    client.become(State.Stopped);
    client.become(State.Running);
    assert.equal(up, 2, 'not after its subscription is disposed');
    ctx.dispose();
  });
});

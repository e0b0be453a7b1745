/**
 * No SQL password reaches the SMDR log through the language client's trace: a real vscode-jsonrpc
 * connection traced verbose (text and JSON formats, requests and responses), written by the language
 * client's own trace writers into the redacting channel, with hostile passwords (quotes, backslashes,
 * newlines, control and bidi characters, any Unicode). And the manifest keeps workspaces from turning
 * the trace on.
 */
import './clientFakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type * as vscode from 'vscode';
import { BaseLanguageClient } from 'vscode-languageclient';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  Trace,
  TraceFormat,
  type Tracer,
} from 'vscode-jsonrpc/node';
import { REDACTED, redactingChannel, redactPasswords } from '../../client/src/redactingChannel';
import { LiveStateRequest } from '../../server/src/protocol';
import { target } from './liveTargets';

/** An output channel that keeps what is written to it. */
function recorder(): { channel: vscode.OutputChannel; text: () => string } {
  let text = '';
  const channel = {
    name: 'SMDR',
    append: (value: string) => void (text += value),
    appendLine: (value: string) => void (text += `${value}\n`),
    replace: (value: string) => void (text = value),
    clear: () => void (text = ''),
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
  return { channel, text: () => text };
}

/** The language client's tracer (its own `logTrace` and `logObjectTrace`) writing into `channel`. */
function clientTracer(channel: vscode.OutputChannel): Tracer {
  const proto = BaseLanguageClient.prototype as unknown as Record<string, (...args: unknown[]) => void>;
  const self = { traceOutputChannel: channel, data2String: proto.data2String };
  return {
    log: (messageOrData: unknown, data?: string) =>
      typeof messageOrData === 'string'
        ? proto.logTrace!.call(self, messageOrData, data)
        : proto.logObjectTrace!.call(self, messageOrData),
  };
}

/**
 * Sends one live-state request carrying `password` over a traced connection, the trace written
 * through the redacting channel (or straight, `redact` false); the server answers with the params.
 */
async function tracedRequest(password: string, traceFormat: TraceFormat, redact = true): Promise<string> {
  const up = new PassThrough();
  const down = new PassThrough();
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const server = createMessageConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  server.onRequest(LiveStateRequest.type.method, (params: unknown) => params);
  server.listen();
  client.listen();
  const log = recorder();
  const channel = redact ? redactingChannel(log.channel) : log.channel;
  await client.trace(Trace.Verbose, clientTracer(channel), { traceFormat });
  await client.sendRequest(LiveStateRequest.type.method, {
    uri: 'file:///w/contoso.runbook.md',
    text: 'password: "not a member"',
    probe: true,
    passwords: { 'SQL01\\SCSM': { password, target: target('SQL01\\SCSM') } },
  });
  client.dispose();
  server.dispose();
  return log.text();
}

/** Whether `log` holds `password`, raw or as JSON writes it (a string, or a string within a string). */
function leaks(log: string, password: string): boolean {
  const once = JSON.stringify(password).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [password, once, twice].some((form) => log.includes(form));
}

const hostilePassword = fc
  .tuple(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('"', '\\', '\\"', '"}', '\n', '\r\n', '\u202E', '\u2066', '\u0000', '"password": "x"'),
    ),
    fc.string({ unit: 'grapheme' }),
  )
  // A marker keeps a short password from matching the trace's own words.
  .map(([a, b]) => `S3cret-${a}${b}-end`);

describe('the trace of the language client', () => {
  for (const format of [TraceFormat.Text, TraceFormat.JSON]) {
    it(`never writes a password into the log (${format} format, requests and responses)`, async () => {
      await fc.assert(
        fc.asyncProperty(hostilePassword, async (password) => {
          const log = await tracedRequest(password, format);
          assert.ok(log.includes(REDACTED), 'the trace is written, its password redacted');
          assert.ok(log.includes('SQL01'), 'the rest of the params is kept');
          assert.equal(leaks(log, password), false, `password leaked: ${JSON.stringify(password)}`);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('without the redacting channel the same trace holds the password (the test sees a leak)', async () => {
    for (const format of [TraceFormat.Text, TraceFormat.JSON])
      assert.equal(leaks(await tracedRequest('S3cret-"\\-end', format, false), 'S3cret-"\\-end'), true);
  });

  it('redacts every password member, whatever its name case, and keeps other text', () => {
    assert.equal(
      redactPasswords('{"password": "a\\"b", "sqlPassword":"c\\\\", "user": "password"}'),
      `{"password": "${REDACTED}", "sqlPassword":"${REDACTED}", "user": "password"}`,
    );
    assert.equal(redactPasswords('text: \\"password\\": \\"x\\"'), 'text: \\"password\\": \\"x\\"');
  });
});

describe('the manifest', () => {
  it('keeps smdr.trace.server out of workspace settings', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    assert.ok(
      ['machine', 'application'].includes(
        manifest.contributes.configuration.properties['smdr.trace.server']!.scope!,
      ),
    );
    assert.ok(
      manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('smdr.trace.server'),
    );
  });
});

/**
 * SMDR318 in the built language server over stdio, with the real pwsh 7.6.9 (`smdr.powershell.path`):
 * syntax errors arrive in a later publish than the other diagnostics, on PowerShell's exact range; a
 * fixed block drops them; a killed helper is replaced; shutdown ends the helper. Without any
 * PowerShell the rule is silent and the log says so once. Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { CONTOSO, rangeOf } from '../helpers';
import { pwshTool } from '../tools/dotnetTools';
import { TestClient } from './client';

const tool = pwshTool();
const URI = 'file:///work/powershell.runbook.md';

const broken = (line: string) => `${CONTOSO}
## Checks {scenario=preparation}

### A custom check {step=custom server=SM01}
\`\`\`powershell
Write-Host \${servers.SM01.fqdn}
${line}
\`\`\`
`;
const UNCLOSED = broken("if (Test-Path 'C:\\x') {");
const PIPE = broken('Get-Service | | Format-Table');
const FIXED = broken("if (Test-Path 'C:\\x') { 'yes' }");

/** The next publish for `uri` that satisfies `accept`, within `ms`. */
async function publishedUntil(
  client: TestClient,
  accept: (diagnostics: Diagnostic[]) => boolean,
  ms = 30_000,
): Promise<Diagnostic[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no matching diagnostics within ${ms} ms`)), ms);
  });
  try {
    for (;;) {
      const last = client.published.filter((p) => p.uri === URI).at(-1);
      if (last && accept(last.diagnostics)) return last.diagnostics;
      await Promise.race([client.diagnostics(URI, (last?.version ?? 0) + 0), timeout]);
    }
  } finally {
    clearTimeout(timer);
  }
}

const smdr318 = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'SMDR318');

/** The processes whose parent is `pid` (Linux /proc). */
/** What `check` gives once it gives something, or undefined after 10 s; checked on each turn of the loop. */
async function until<T>(check: () => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function children(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // A killed helper stays listed as a zombie until the server reaps it: it runs no more.
        return state !== 'Z' && Number(parent) === pid;
      } catch {
        return false; // ended while listed
      }
    })
    .map(Number);
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('SMDR318 in the language server, with pwsh 7.6.9', { skip: tool.skip }, () => {
  let client: TestClient;
  const logs: string[] = [];

  before(async () => {
    client = new TestClient();
    client.configuration = { powershell: { path: tool.path } };
    client.connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
    await client.initialize();
  });

  after(async () => {
    if (client.process.exitCode === null) await client.shutdown();
  });

  it('publishes a syntax error after the other diagnostics, on its exact range', async () => {
    const first = await client.open(URI, UNCLOSED);
    assert.ok(!first.some((d) => d.code === 'SMDR302'), 'the runbook is otherwise clean');
    const [error, ...rest] = smdr318(await publishedUntil(client, (d) => smdr318(d).length > 0));
    assert.deepEqual(rest, []);
    assert.deepEqual(error!.range, rangeOf(UNCLOSED, '{', 0, "if (Test-Path 'C:\\x') "));
    assert.match(error!.message, /Missing closing '\}'/);
    assert.equal(error!.severity, 1);
    assert.ok(
      logs.some((l) => l.includes(`uses ${tool.path}`)),
      logs.join('\n'),
    );
  });

  it('drops the error when the block is fixed, and finds the next one', async () => {
    await client.change(URI, 2, FIXED);
    assert.deepEqual(smdr318(await publishedUntil(client, (d) => smdr318(d).length === 0)), []);
    await client.change(URI, 3, PIPE);
    const [pipe] = smdr318(await publishedUntil(client, (d) => smdr318(d).length > 0));
    assert.match(pipe!.message, /empty pipe element/i);
    const at = rangeOf(PIPE, '|', 0, 'Get-Service ').end;
    assert.deepEqual(pipe!.range, { start: at, end: at });
  });

  it('starts a new helper when the last one was killed', async () => {
    const [helper] = children(client.process.pid!);
    assert.ok(helper, 'a helper runs');
    // Its process group: the .NET tool's pwsh is a launcher whose child, dotnet, is the PowerShell.
    process.kill(-helper, 'SIGKILL');
    // A block not parsed yet, so that it needs the helper.
    await client.change(URI, 4, broken('Get-Date -Format ('));
    assert.ok(smdr318(await publishedUntil(client, (d) => smdr318(d).length > 0)).length > 0);
    const next = await until(() => children(client.process.pid!).find((pid) => pid !== helper));
    assert.ok(next, 'a new helper');
  });

  it('ends the helper when the server shuts down', async () => {
    await until(() => children(client.process.pid!).length === 1 || undefined);
    const helpers = children(client.process.pid!);
    assert.equal(helpers.length, 1);
    assert.equal(await client.shutdown(), 0);
    // The helper was sent SIGTERM before the server answered shutdown; give it a bounded moment to go.
    const deadline = Date.now() + 10_000;
    while (running(helpers[0]!) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.equal(running(helpers[0]!), false);
  });
});

describe('SMDR318 in the language server, with no PowerShell', () => {
  it('is silent, and says so once in the log', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    const client = new TestClient();
    process.env.PATH = path;
    const logs: string[] = [];
    client.connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
    try {
      await client.initialize();
      await client.open(URI, UNCLOSED);
      const next = client.diagnostics(URI);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      assert.deepEqual(smdr318((await next).diagnostics), []);
      assert.equal(logs.filter((l) => /no PowerShell found/.test(l)).length, 1, logs.join('\n'));
    } finally {
      await client.shutdown();
    }
  });
});

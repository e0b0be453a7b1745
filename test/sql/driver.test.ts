/**
 * The SQL driver loaded on demand from dist/sql.js (test/cli/startup.test.ts: not before), and what the
 * operator's terminal shows when it runs: no Node deprecation warning, also when an instance is reached
 * by IP address over TLS (tedious named the address as the TLS server name, DEP0123; esbuild.mjs patches
 * that in the bundle), while the certificate is still checked against that address.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { recordedServer, recordModules } from '../cli/loadedModules';
import { edit, LAB, ROOT } from '../helpers';
import { selfSignedCertificate } from './cert';
import { CLI } from './cliRun';
import { startEndpoint, type Endpoint } from './endpoint';

const DRIVER = join(ROOT, 'dist', 'sql.js');
const PASSWORD = 'S3cret!';
const CERT = selfSignedCertificate('localhost');
const runbook = (sql: string) => edit(LAB, 'sql: { authentication: sql, user: smdr-reader }', `sql: ${sql}`);
const TRUSTING = runbook('{ authentication: sql, user: smdr, trustServerCertificate: true }');
const CHECKING = runbook('{ authentication: sql, user: smdr }');
const CLR_LINE = LAB.split('\n').findIndex((l) => l.includes('{step=enable-clr}')) + 1;
const DEPRECATION = /DeprecationWarning|DEP0\d{3}/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  loaded: string[];
}

/** dist/cli.js, asynchronously (the endpoint answers from this process), recording what it loaded. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const modules = recordModules();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...modules.nodeArgs, CLI, ...args], {
      env: { ...process.env, SMDR_SQL_PASSWORD: PASSWORD, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr, loaded: modules.loaded() }));
  });
}

describe('the SQL driver, loaded when a server is read', () => {
  let endpoint: Endpoint;
  let folder: string;
  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const status = (path: string, host: string, env?: Record<string, string>) =>
    cli(
      [
        'status',
        '--format',
        'json',
        path,
        '--endpoint',
        `LABSQL01=${host}:${endpoint.port}`,
        '--connect-timeout',
        '5',
      ],
      env,
    );
  /** The Servers view's LABSQL01 node of `smdr status --format json`. */
  const sqlNode = (run: Run) => {
    const servers = (
      JSON.parse(run.stdout) as { servers: { label: string; tooltip?: string; verdict?: string }[] }
    ).servers;
    const node = servers.find((s) => s.label === 'LABSQL01');
    assert.ok(node, run.stdout);
    return node;
  };

  before(async () => {
    endpoint = await startEndpoint({
      machineName: 'LABSQL01',
      instanceName: null,
      clrEnabled: true,
      user: 'smdr',
      password: PASSWORD,
      databases: [{ name: 'ServiceManager' }],
      batches: [
        { match: /clr enabled/, messages: ["Configuration option 'clr enabled' changed from 0 to 1."] },
      ],
      tls: CERT,
    });
    folder = mkdtempSync(join(tmpdir(), 'smdr-driver-'));
  });

  after(() => endpoint.close());

  it('smdr status reads an instance by IP address over TLS from dist/sql.js, with no deprecation warning', async () => {
    const run = await status(file('trusting.runbook.md', TRUSTING), '127.0.0.1');
    assert.doesNotMatch(run.stderr, DEPRECATION);
    assert.doesNotMatch(sqlNode(run).tooltip ?? '', /connect|certificate|ESOCKET/i);
    assert.ok(run.loaded.includes(DRIVER), `dist/sql.js not loaded: ${run.loaded.join(', ')}`);
  });

  it('smdr sql runs a step by IP address over TLS with no deprecation warning; sql --help prints none either', async () => {
    const path = file('step.runbook.md', TRUSTING);
    const run = await cli([
      'sql',
      path,
      '--line',
      String(CLR_LINE),
      '--endpoint',
      `LABSQL01=127.0.0.1:${endpoint.port}`,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /clr enabled' changed from 0 to 1/);
    assert.doesNotMatch(run.stderr, DEPRECATION);
    assert.ok(run.loaded.includes(DRIVER));
    const help = await cli(['sql', '--help']);
    assert.doesNotMatch(help.stderr, DEPRECATION);
  });

  it('checks the certificate against the address: a certificate for localhost is refused at 127.0.0.1', async () => {
    // The test certificate made a trusted root, so that only the name decides.
    const ca = file('ca.pem', CERT.cert);
    const path = file('checking.runbook.md', CHECKING);
    const byName = await status(path, 'localhost', { NODE_EXTRA_CA_CERTS: ca });
    assert.doesNotMatch(sqlNode(byName).tooltip ?? '', /certificate|connect/i);
    const byAddress = await status(path, '127.0.0.1', { NODE_EXTRA_CA_CERTS: ca });
    assert.match(sqlNode(byAddress).tooltip ?? '', /127\.0\.0\.1 is not in the cert's list/);
    assert.doesNotMatch(byName.stderr + byAddress.stderr, DEPRECATION);
  });

  it('the language server loads dist/sql.js for a read of the servers', async () => {
    const uri = 'file:///trusting.runbook.md';
    const { client, loaded } = await recordedServer(uri, TRUSTING);
    const endpoints = { LABSQL01: `127.0.0.1:${endpoint.port}` };
    type Answer = { logins: SqlTarget[]; servers: { label: string; tooltip?: string }[] };
    const views = await client.request<Answer>('smdr/liveState', { uri, probe: false, endpoints });
    const passwords = Object.fromEntries(
      views.logins.map((target) => [target.instance, { password: PASSWORD, target }]),
    );
    assert.ok(Object.keys(passwords).length > 0, JSON.stringify(views));
    const read = await client.request<Answer>('smdr/liveState', {
      uri,
      probe: true,
      endpoints,
      passwords,
      connectTimeoutMs: 5_000,
    });
    const node = read.servers.find((s) => s.label === 'LABSQL01');
    assert.doesNotMatch(node?.tooltip ?? '', /password|connect|certificate/i, JSON.stringify(node));
    assert.equal(await client.shutdown(), 0);
    assert.ok(loaded().includes(DRIVER), 'the language server did not load dist/sql.js');
    assert.doesNotMatch(client.stderr, DEPRECATION);
  });
});

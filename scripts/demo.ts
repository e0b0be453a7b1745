/**
 * The demo: VS Code (code-server) in the browser with the extension, the example runbooks, and
 * loopback TDS endpoints standing in for the SQL Server instances of the examples' estate: SQL01 with
 * a ServiceManager backup older than the RPO, SQL02 down, LABSQL01 healthy. TLS is on, as with a real
 * SQL Server (the demo's copies of the runbooks trust its self-signed certificate).
 * `npm run demo` builds first; SMDR_DEMO_PORT picks the port (default 8080). Stop with Ctrl+C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedCertificate } from '../test/sql/cert';
import { startEndpoint, type Endpoint } from '../test/sql/endpoint';
import { startCodeServer } from '../test/e2e/codeServer';
import { ensureTools, ROOT } from '../test/e2e/tools';

const PASSWORD = 'demo';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function main(): Promise<void> {
  ensureTools();
  const tls = selfSignedCertificate();
  const common = { user: 'smdr-reader', password: PASSWORD, clrEnabled: true, tls };
  const sql01 = await startEndpoint({
    ...common,
    machineName: 'SQL01',
    instanceName: 'SCSM',
    databases: [{ name: 'ServiceManager' }],
    backups: [
      {
        database: 'ServiceManager',
        type: 'D',
        finishedAt: hoursAgo(30),
        firstLsn: '1000',
        lastLsn: '2000',
        checkpointLsn: '1500',
        device: '\\\\vault01\\dr\\sql\\ServiceManager.bak',
      },
      {
        database: 'ServiceManager',
        type: 'L',
        finishedAt: hoursAgo(27),
        firstLsn: '1900',
        lastLsn: '2100',
        device: '\\\\vault01\\dr\\sql\\ServiceManager_log.trn',
      },
    ],
  });
  const lab = await startEndpoint({
    ...common,
    machineName: 'LABSQL01',
    instanceName: null,
    databases: [{ name: 'ServiceManager' }],
    backups: [
      {
        database: 'ServiceManager',
        type: 'D',
        finishedAt: hoursAgo(20),
        firstLsn: '10',
        lastLsn: '20',
        device: '\\\\nas01\\lab\\sql\\ServiceManager.bak',
      },
    ],
    batches: [
      {
        match: /RESTORE DATABASE/,
        messages: [
          '10 percent processed.',
          '50 percent processed.',
          '100 percent processed.',
          'RESTORE DATABASE successfully processed 4242 pages in 2.5 seconds.',
        ],
      },
    ],
  });
  const endpoints: Endpoint[] = [sql01, lab];
  const examples = join(ROOT, 'examples');
  const files = Object.fromEntries(
    readdirSync(examples).map((name) => [
      name,
      readFileSync(join(examples, name), 'utf8').replace(
        /^sql: \{ (.*) \}$/m,
        'sql: { $1, trustServerCertificate: true }',
      ),
    ]),
  );
  const server = await startCodeServer({
    files,
    port: Number(process.env.SMDR_DEMO_PORT ?? 8080),
    // SQL02\DW points at a port nothing listens on: the instance that is down.
    settings: {
      'smdr.sql.endpoints': {
        'SQL01\\SCSM': `127.0.0.1:${sql01.port}`,
        'SQL02\\DW': '127.0.0.1:1',
        LABSQL01: `127.0.0.1:${lab.port}`,
      },
      'smdr.live.connectTimeout': 5,
    },
  });
  console.log(`\nsmdr demo: open ${server.url}`);
  console.log(
    `SQL Server login smdr-reader, password "${PASSWORD}" (asked once by Refresh in the Servers view, kept in secret storage).`,
  );
  console.log(`Workspace: ${server.workspace}. Ctrl+C stops it.\n`);
  const stop = () =>
    void Promise.all([server.stop(), ...endpoints.map((e) => e.close())]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`smdr demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/**
 * Live-state refresh benchmark (prints figures; asserts nothing): 50 instances on loopback TDS
 * endpoints, 10 of which accept connections and never answer. The refresh reads them all at once, so
 * it should take about one connect timeout, not ten in a row; the event loop of the process that runs
 * it (the language server, in the editor) stays free meanwhile.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closePools } from '../../server/src/live/probeSql';
import { readLiveState } from '../../server/src/live/refresh';
import { parseRunbook } from '../../server/src/runbook/parse';
import { startEndpoint, type Endpoint } from '../sql/endpoint';

const INSTANCES = 50;
const SILENT = 10;
const CONNECT_TIMEOUT_MS = 3000;

async function main(): Promise<void> {
  const endpoints: Endpoint[] = [];
  const servers: string[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const name = `SQLB${String(i).padStart(2, '0')}`;
    endpoints.push(
      await startEndpoint({
        machineName: name,
        instanceName: null,
        user: 'bench',
        password: 'pw',
        databases: [{ name: `Db${i}` }],
        backups: [
          {
            database: `Db${i}`,
            type: 'D',
            finishedAt: new Date().toISOString(),
            firstLsn: '1',
            lastLsn: '2',
            device: 'x.bak',
          },
        ],
        behaviour: i < SILENT ? 'silent' : 'normal',
      }),
    );
    servers.push(`  ${name}:\n    role: database\n    databases:\n      Db${i}: '/nowhere/Db${i}.bak'`);
  }
  const runbook = parseRunbook(
    `---\nsmdr: 1\nmanagementGroup: BENCH\nsql: { user: bench, encrypt: false }\nservers:\n${servers.join('\n')}\n---\n`,
  );
  const options = {
    passwords: new Map(runbook.inventory.servers.map((s) => [s.name, 'pw'])),
    endpoints: new Map(
      endpoints.map((e, i) => [runbook.inventory.servers[i]!.name, { host: '127.0.0.1', port: e.port }]),
    ),
    timeouts: { connectMs: CONNECT_TIMEOUT_MS, requestMs: CONNECT_TIMEOUT_MS },
  };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const live = await readLiveState(runbook, options);
  const elapsed = performance.now() - started;
  delay.disable();
  const failed = live.instances.filter((i) => i.error).length;
  console.log(
    `live refresh of ${INSTANCES} instances (${SILENT} never answer), connect timeout ${CONNECT_TIMEOUT_MS / 1000} s:`,
  );
  console.log(
    `  whole refresh ${(elapsed / 1000).toFixed(2)} s (target: under ${(CONNECT_TIMEOUT_MS + 2000) / 1000} s); ${INSTANCES - failed} read, ${failed} timed out`,
  );
  console.log(
    `  event loop delay during the refresh: p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
  const again = performance.now();
  await readLiveState(runbook, options);
  console.log(`  second refresh, pools reused: ${((performance.now() - again) / 1000).toFixed(2)} s`);
  await closePools();
  await Promise.all(endpoints.map((e) => e.close()));
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

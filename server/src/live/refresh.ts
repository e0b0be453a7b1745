/** One refresh of a runbook's live state: every instance and file at once, so the whole refresh takes about one timeout. */
import type { Runbook } from '../runbook/model';
import { instanceKey, sqlSettings, sqlTarget, type Endpoints, type Timeouts } from './sqlSettings';
import type { LiveState } from './facts';
import { probeFile } from './probeFiles';
import { probeInstance } from './probeSql';
import { withRemedy } from './remedy';

export interface RefreshOptions {
  /** Passwords by instance key (COMPUTER\INSTANCE in capitals); an instance without one is reported, not probed. */
  passwords: ReadonlyMap<string, string>;
  timeouts: Timeouts;
  endpoints?: Endpoints;
  historyDays?: number;
  /** Backup history rows read from one instance at most (probeSql's MAX_ROWS). */
  maxRows?: number;
  fileTimeoutMs?: number;
}

export async function readLiveState(runbook: Runbook, options: RefreshOptions): Promise<LiveState> {
  const settings = sqlSettings(runbook);
  const databaseServers = runbook.inventory.servers.filter((s) => s.roles.includes('database'));
  const paths = new Set<string>();
  for (const server of runbook.inventory.servers) {
    if (server.keyBackup) paths.add(server.keyBackup.value);
    for (const d of server.databases) if (d.backup) paths.add(d.backup.value);
  }
  const packs = runbook.settings.managementPacks?.value;
  if (packs) paths.add(packs);
  const [instances, files] = await Promise.all([
    Promise.all(
      databaseServers.map((server) => {
        const password = options.passwords.get(instanceKey(server));
        if (password === undefined && settings.authentication === 'sql') {
          return Promise.resolve({
            server: server.name,
            address: instanceKey(server),
            error: 'no password: set it with "SMDR: Set SQL Server Password..." (or SMDR_SQL_PASSWORD)',
            machineName: undefined,
            instanceName: undefined,
            clrEnabled: undefined,
            databases: [],
          });
        }
        const endpoints = options.endpoints ?? new Map();
        return probeInstance(
          server,
          settings,
          password ?? '',
          options.timeouts,
          endpoints,
          options.historyDays ?? 35,
          options.maxRows,
        ).then((facts) =>
          // The message names what to change: the runbook key, the setting or the flag.
          facts.error
            ? {
                ...facts,
                error: withRemedy(
                  facts.error,
                  server.name,
                  sqlTarget(server, settings, endpoints),
                  facts.loginRefused === true,
                ),
              }
            : facts,
        );
      }),
    ),
    Promise.all([...paths].map((path) => probeFile(path, options.fileTimeoutMs ?? 5000))),
  ]);
  return { checkedAt: new Date().toISOString(), instances, files };
}

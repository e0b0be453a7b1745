/**
 * How to reach an instance with mssql, from the runbook's `sql:` block: computer (its FQDN when known),
 * instance, port, authentication, encryption. Credentials are passed in, never read from the runbook.
 */
import type { config as MssqlConfig } from 'mssql';
import type { Server } from '../runbook/model';
import { instanceAddress } from '../domain/installation';
import type { Runbook } from '../runbook/model';
import { asMap, entryOf, type YMap } from '../runbook/yamlTree';

export interface SqlSettings {
  authentication: 'sql' | 'ntlm';
  user: string | undefined;
  domain: string | undefined;
  encrypt: boolean;
  trustServerCertificate: boolean;
  port: number | undefined;
}

export interface Timeouts {
  connectMs: number;
  requestMs: number;
}

/** `COMPUTER\INSTANCE` (or `COMPUTER`) → `host:port`, for aliases, tunnels and tests. */
export type Endpoints = ReadonlyMap<string, { host: string; port: number }>;

function value(map: YMap | undefined, key: string): unknown {
  const node = entryOf(map, key)?.value;
  return node?.kind === 'scalar' ? node.value : undefined;
}

export function sqlSettings(runbook: Runbook): SqlSettings {
  const sql = asMap(entryOf(runbook.frontMatter?.root, 'sql')?.value);
  const port = value(sql, 'port');
  return {
    authentication: value(sql, 'authentication') === 'ntlm' ? 'ntlm' : 'sql',
    user: typeof value(sql, 'user') === 'string' ? (value(sql, 'user') as string) : undefined,
    domain: typeof value(sql, 'domain') === 'string' ? (value(sql, 'domain') as string) : undefined,
    encrypt: value(sql, 'encrypt') !== false,
    trustServerCertificate: value(sql, 'trustServerCertificate') === true,
    port: typeof port === 'number' ? port : undefined,
  };
}

export function parseEndpoint(text: string): [string, { host: string; port: number }] {
  const match = /^(.+)=([^=:]+):(\d+)$/.exec(text);
  if (!match) throw new Error(`'${text}' is not INSTANCE=HOST:PORT`);
  return [match[1]!.toUpperCase(), { host: match[2]!, port: Number(match[3]) }];
}

export function instanceKey(server: Server): string {
  return instanceAddress(server.name, server.instance?.value).toUpperCase();
}

export function connectionConfig(
  server: Server,
  settings: SqlSettings,
  password: string,
  database: string,
  timeouts: Timeouts,
  endpoints: Endpoints = new Map(),
): MssqlConfig {
  const endpoint = endpoints.get(instanceKey(server));
  const instance = server.instance?.value;
  const named = !!instance && instance.toUpperCase() !== 'MSSQLSERVER';
  const base: MssqlConfig = {
    server: endpoint?.host ?? server.fqdn?.value ?? server.name,
    port: endpoint?.port ?? settings.port,
    database,
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    pool: { max: 2, min: 0, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: settings.encrypt,
      trustServerCertificate: settings.trustServerCertificate,
      appName: 'smdr',
      // A named instance without a known port is found through the SQL Server Browser.
      ...(named && !endpoint && settings.port === undefined ? { instanceName: instance } : {}),
    },
  };
  if (settings.authentication === 'ntlm') {
    return {
      ...base,
      authentication: {
        type: 'ntlm',
        options: { userName: settings.user ?? '', password, domain: settings.domain ?? '' },
      },
    };
  }
  return { ...base, user: settings.user, password };
}

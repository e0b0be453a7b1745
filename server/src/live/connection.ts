/**
 * How to reach an instance with mssql, from the runbook's `sql:` block: computer (its FQDN when known),
 * instance, port, authentication, encryption. Credentials are passed in, never read from the runbook.
 */
import type { config as MssqlConfig } from 'mssql';
import type { Server } from '../runbook/model';
import { instanceAddress } from '../domain/installation';
import type { Runbook } from '../runbook/model';
import type { SqlTarget } from './sqlTarget';

export type { SqlTarget } from './sqlTarget';

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

export function sqlSettings(runbook: Runbook): SqlSettings {
  const sql = runbook.settings.sql;
  return {
    authentication: sql.authentication?.value === 'ntlm' ? 'ntlm' : 'sql',
    user: sql.user?.value,
    domain: sql.domain?.value,
    encrypt: sql.encrypt?.value !== false,
    trustServerCertificate: sql.trustServerCertificate?.value === true,
    port: sql.port?.value,
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

export function sqlTarget(
  server: Server,
  settings: SqlSettings,
  endpoints: Endpoints = new Map(),
): SqlTarget {
  const endpoint = endpoints.get(instanceKey(server));
  const instance = server.instance?.value;
  const named = !!instance && instance.toUpperCase() !== 'MSSQLSERVER';
  return {
    instance: instanceKey(server),
    host: endpoint?.host ?? server.fqdn?.value ?? server.name,
    port: endpoint?.port ?? settings.port ?? null,
    browserInstance: named && !endpoint && settings.port === undefined ? instance : null,
    authentication: settings.authentication,
    user: settings.user ?? null,
    domain: settings.domain ?? null,
    encrypt: settings.encrypt,
    trustServerCertificate: settings.trustServerCertificate,
  };
}

export function connectionConfig(
  server: Server,
  settings: SqlSettings,
  password: string,
  database: string,
  timeouts: Timeouts,
  endpoints: Endpoints = new Map(),
): MssqlConfig {
  return targetConfig(sqlTarget(server, settings, endpoints), password, database, timeouts);
}

/** The mssql configuration of a login to exactly `target`. */
export function targetConfig(
  target: SqlTarget,
  password: string,
  database: string,
  timeouts: Timeouts,
): MssqlConfig {
  const base: MssqlConfig = {
    server: target.host,
    port: target.port ?? undefined,
    database,
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    pool: { max: 2, min: 0, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: target.encrypt,
      trustServerCertificate: target.trustServerCertificate,
      appName: 'smdr',
      ...(target.browserInstance ? { instanceName: target.browserInstance } : {}),
    },
  };
  if (target.authentication === 'ntlm') {
    return {
      ...base,
      authentication: {
        type: 'ntlm',
        options: { userName: target.user ?? '', password, domain: target.domain ?? '' },
      },
    };
  }
  return { ...base, user: target.user ?? undefined, password };
}

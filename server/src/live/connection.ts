/**
 * The SQL driver's configuration of a login to an instance (sqlSettings.ts says where and how).
 * Credentials are passed in, never read from the runbook.
 */
import type { config as MssqlConfig } from 'mssql';
import type { Server } from '../runbook/model';
import { sqlTarget, type Endpoints, type SqlSettings, type Timeouts } from './sqlSettings';
import type { SqlTarget } from './sqlTarget';

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

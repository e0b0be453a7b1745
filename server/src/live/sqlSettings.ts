/**
 * Where and how to log in to an instance, from the runbook's `sql:` block and the endpoint mapping:
 * computer (its FQDN when known), instance, port, authentication, encryption. Pure: connection.ts turns
 * a target into the SQL driver's configuration.
 */
import { instanceAddress } from '../domain/installation';
import type { Runbook, Server } from '../runbook/model';
import type { SqlTarget } from './sqlTarget';

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
    // A blank login is none (SMDR319 says so): never a login attempt with an empty name.
    user: sql.user?.value.trim() ? sql.user.value : undefined,
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

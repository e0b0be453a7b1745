/**
 * Reads one instance with mssql: server properties, the runbook's databases, their backup history.
 * Read-only, parameterised (names travel as @d0, @d1...), one pool per instance reused across
 * refreshes. Every failure (unreachable, login, timeout, a connection dropped mid-result) comes back
 * as the instance's error message, never as a thrown error.
 */
import { createHash } from 'node:crypto';
import sql from 'mssql';
import { instanceAddress } from '../domain/installation';
import type { Server } from '../runbook/model';
import { connectionConfig, type Endpoints, type SqlSettings, type Timeouts } from './connection';
import type { BackupRow, InstanceFacts } from './facts';
import { backupsQuery, databasesQuery, INSTANCE_QUERY } from './queries';

const pools = new Map<string, Promise<sql.ConnectionPool>>();

function poolFor(key: string, config: sql.config): Promise<sql.ConnectionPool> {
  let pool = pools.get(key);
  if (!pool) {
    const created = new sql.ConnectionPool(config);
    created.on('error', () => pools.delete(key));
    pool = created.connect();
    pools.set(key, pool);
    pool.catch(() => pools.delete(key));
  }
  return pool;
}

/** A pool that failed is closed, not only forgotten: its open connections would linger until their idle timeout. */
function discardPool(key: string): void {
  const pool = pools.get(key);
  pools.delete(key);
  void pool?.then((p) => p.close()).catch(() => undefined);
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.then((pool) => pool.close()).catch(() => undefined)));
}

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; originalError?: { message?: string } };
  const message = e.originalError?.message ?? e.message ?? String(error);
  return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

export async function probeInstance(
  server: Server,
  settings: SqlSettings,
  password: string,
  timeouts: Timeouts,
  endpoints: Endpoints,
  historyDays: number,
): Promise<InstanceFacts> {
  const address = instanceAddress(server.name, server.instance?.value);
  const facts: InstanceFacts = {
    server: server.name,
    address,
    error: undefined,
    machineName: undefined,
    instanceName: undefined,
    clrEnabled: undefined,
    databases: [],
  };
  const config = connectionConfig(server, settings, password, 'master', timeouts, endpoints);
  // One pool per distinct connection: any change of address, login, password or encryption gets its own.
  const key = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  try {
    const pool = await poolFor(key, config);
    const instance = (await pool.request().query(INSTANCE_QUERY)).recordset[0] as
      { machineName?: string; instanceName?: string | null; clrEnabled?: number } | undefined;
    facts.machineName = instance?.machineName ?? undefined;
    facts.instanceName = instance?.instanceName ?? undefined;
    facts.clrEnabled = instance?.clrEnabled === undefined ? undefined : instance.clrEnabled === 1;
    if (server.databases.length === 0) return facts;
    const names = server.databases.map((_, i) => `d${i}`);
    const withNames = () => {
      const request = pool.request();
      server.databases.forEach((d, i) => request.input(`d${i}`, sql.NVarChar(128), d.name));
      return request;
    };
    const databases = (await withNames().query(databasesQuery(names))).recordset as {
      name: string;
      state: string;
      recoveryModel: string;
    }[];
    const history = withNames();
    history.input('days', sql.Int, historyDays);
    const backups = (await history.query(backupsQuery(names))).recordset as (Omit<BackupRow, 'copyOnly'> & {
      copyOnly: boolean | number;
    })[];
    facts.databases = server.databases.map((d) => {
      const row = databases.find((r) => r.name.toLowerCase() === d.name.toLowerCase());
      return {
        name: d.name,
        state: row?.state,
        recoveryModel: row?.recoveryModel,
        backups: backups
          .filter((b) => b.databaseName.toLowerCase() === d.name.toLowerCase())
          .map((b) => ({ ...b, copyOnly: b.copyOnly === true || b.copyOnly === 1 })),
      };
    });
    return facts;
  } catch (error) {
    discardPool(key);
    const refused = (error as { code?: string }).code === 'ELOGIN';
    return { ...facts, error: describe(error), ...(refused ? { loginRefused: true } : {}) };
  }
}

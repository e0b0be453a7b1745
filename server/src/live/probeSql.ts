/**
 * Reads one instance with mssql: server properties, the runbook's databases, their backup history.
 * Read-only, parameterised (names travel as @d0, @d1...), one pool per instance reused across
 * refreshes. Every failure (unreachable, login, timeout, a connection dropped mid-result) comes back
 * as the instance's error message, never as a thrown error.
 */
import { createHash } from 'node:crypto';
import type { config as MssqlConfig, ConnectionPool, Request } from 'mssql';
import { instanceAddress } from '../domain/installation';
import type { Server } from '../runbook/model';
import { sqlDriver } from './driver';
import { type Endpoints, type SqlSettings, type Timeouts } from './sqlSettings';
import { connectionConfig } from './connection';
import {
  assemblyAnswers,
  backupAnswers,
  boundedText,
  databaseAnswers,
  databaseFacts,
  instanceAnswer,
} from './answers';
import type { AssemblyFacts, InstanceFacts } from './facts';
import { assembliesQuery, backupsQuery, databasesQuery, INSTANCE_QUERY } from './queries';

/** Rows one query may answer: 35 days of backup history, a log every 5 minutes, of 20 databases fit. */
export const MAX_ROWS = 200_000;

const pools = new Map<string, Promise<ConnectionPool>>();

function poolFor(key: string, config: MssqlConfig): Promise<ConnectionPool> {
  let pool = pools.get(key);
  if (!pool) {
    pool = sqlDriver().then((sql) => {
      const created = new sql.ConnectionPool(config);
      created.on('error', () => pools.delete(key));
      return created.connect();
    });
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

/**
 * A query's rows, read one by one and at most `limit` of them: a server that answers more (whatever
 * listens at the runbook's address may) is asked to stop, and the answer is an error, not a full memory.
 */
export function boundedRows(request: Request, text: string, limit: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[] = [];
    let over = false;
    const tooMany = () =>
      new Error(`the server answered more than ${limit} row(s) to one query; it was not read`);
    request.stream = true;
    request.on('row', (row: unknown) => {
      if (rows.length < limit) rows.push(row);
      else if (!over) {
        over = true;
        request.cancel();
      }
    });
    request.on('error', (error: unknown) => reject(over ? tooMany() : (error as Error)));
    request.on('done', () => (over ? reject(tooMany()) : resolve(rows)));
    void request.query(text);
  });
}

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; originalError?: { message?: string } };
  const message = e.originalError?.message ?? e.message ?? String(error);
  return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

/**
 * The assemblies, or undefined when SQL Server refuses the query (a login without VIEW SERVER STATE
 * cannot read sys.trusted_assemblies): SMDR413 is then not judged, and the rest of the instance still is.
 */
async function assemblies(
  request: Request,
  names: readonly string[],
  maxRows: number,
): Promise<AssemblyFacts[] | undefined> {
  try {
    return assemblyAnswers(await boundedRows(request, assembliesQuery(names), maxRows));
  } catch (error) {
    // An error SQL Server answered (it has a number), not a connection that failed.
    if (error instanceof (await sqlDriver()).RequestError && typeof error.number === 'number')
      return undefined;
    throw error;
  }
}

export async function probeInstance(
  server: Server,
  settings: SqlSettings,
  password: string,
  timeouts: Timeouts,
  endpoints: Endpoints,
  historyDays: number,
  maxRows = MAX_ROWS,
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
    const { NVarChar, Int } = await sqlDriver();
    const pool = await poolFor(key, config);
    const [instance] = await boundedRows(pool.request(), INSTANCE_QUERY, maxRows);
    Object.assign(facts, instanceAnswer(instance));
    if (server.databases.length === 0) return facts;
    const names = server.databases.map((_, i) => `d${i}`);
    const withNames = () => {
      const request = pool.request();
      server.databases.forEach((d, i) => request.input(`d${i}`, NVarChar(128), d.name));
      return request;
    };
    const databases = await boundedRows(withNames(), databasesQuery(names), maxRows);
    const history = withNames();
    history.input('days', Int, historyDays);
    const backups = await boundedRows(history, backupsQuery(names), maxRows);
    facts.databases = databaseFacts(
      server.databases.map((d) => d.name),
      databaseAnswers(databases),
      backupAnswers(backups),
    );
    if (facts.clrStrictSecurity) facts.assemblies = await assemblies(withNames(), names, maxRows);
    return facts;
  } catch (error) {
    discardPool(key);
    const refused = (error as { code?: string }).code === 'ELOGIN';
    return { ...facts, error: boundedText(describe(error)), ...(refused ? { loginRefused: true } : {}) };
  }
}

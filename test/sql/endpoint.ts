/**
 * A TDS endpoint on loopback that answers the product's queries from a scenario described in data
 * (instance, databases, backup history, server properties), runs scripted T-SQL batches with their
 * messages, and misbehaves on request: refuses a login, never answers, drops the connection mid-result.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { queryTag } from '../../server/src/live/queries';
import * as tds from './tds';

export interface DatabaseScenario {
  name: string;
  state?: string;
  recoveryModel?: string;
}

export interface BackupScenario {
  database: string;
  type: 'D' | 'I' | 'L';
  finishedAt: string;
  copyOnly?: boolean;
  firstLsn: string;
  lastLsn: string;
  checkpointLsn?: string;
  databaseBackupLsn?: string;
  device: string;
}

export interface BatchRule {
  match: RegExp;
  /** Informational messages, sent one by one (a restore's STATS progress). */
  messages?: string[];
  error?: { number: number; message: string; severity?: number };
  /** Sent after the messages; the batch finishes only when it resolves (to prove streaming). */
  finishWhen?: Promise<void>;
}

export interface InstanceScenario {
  machineName: string;
  instanceName: string | null;
  clrEnabled?: boolean;
  user?: string;
  password?: string;
  databases?: DatabaseScenario[];
  backups?: BackupScenario[];
  batches?: BatchRule[];
  /** 'silent': accepts connections and never answers. 'drop-mid-result': sends part of a result, then closes. */
  behaviour?: 'normal' | 'silent' | 'drop-mid-result';
}

export interface Endpoint {
  port: number;
  /** Every statement received, for assertions (queries must be parameterised). */
  statements: { text: string; params: Map<string, tds.ParamValue> }[];
  scenario: InstanceScenario;
  close: () => Promise<void>;
}

const COLUMNS: Record<string, tds.Column[]> = {
  instance: [
    { name: 'machineName', type: 'nvarchar' },
    { name: 'instanceName', type: 'nvarchar' },
    { name: 'productVersion', type: 'nvarchar' },
    { name: 'clrEnabled', type: 'int' },
  ],
  databases: [
    { name: 'name', type: 'nvarchar' },
    { name: 'state', type: 'nvarchar' },
    { name: 'recoveryModel', type: 'nvarchar' },
  ],
  backups: [
    { name: 'databaseName', type: 'nvarchar' },
    { name: 'type', type: 'nvarchar' },
    { name: 'finishedAt', type: 'nvarchar' },
    { name: 'copyOnly', type: 'bit' },
    { name: 'firstLsn', type: 'nvarchar' },
    { name: 'lastLsn', type: 'nvarchar' },
    { name: 'checkpointLsn', type: 'nvarchar' },
    { name: 'databaseBackupLsn', type: 'nvarchar' },
    { name: 'device', type: 'nvarchar' },
  ],
};

export async function startEndpoint(scenario: InstanceScenario, port = 0): Promise<Endpoint> {
  const sockets = new Set<Socket>();
  const statements: Endpoint['statements'] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (endpoint.scenario.behaviour === 'silent') return;
    serve(socket, endpoint, statements);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const endpoint: Endpoint = {
    port: typeof address === 'object' && address ? address.port : 0,
    statements,
    scenario,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return endpoint;
}

function serve(socket: Socket, endpoint: Endpoint, statements: Endpoint['statements']): void {
  const reader = new tds.MessageReader();
  let queue = Promise.resolve();
  const send = (type: number, payload: Buffer) => {
    if (!socket.destroyed) for (const packet of tds.packets(type, payload)) socket.write(packet);
  };
  socket.on('data', (data) => {
    for (const message of reader.push(data)) {
      queue = queue
        .then(() => answer(message.type, message.payload))
        .catch((error: unknown) => {
          if (process.env.SMDR_TDS_TRACE) console.error('tds endpoint error:', error);
          socket.destroy();
        });
    }
  });

  async function answer(type: number, payload: Buffer): Promise<void> {
    const scenario = endpoint.scenario;
    switch (type) {
      case tds.PACKET.PRELOGIN:
        return send(tds.PACKET.REPLY, tds.preloginResponse(tds.ENCRYPT.NOT_SUP));
      case tds.PACKET.LOGIN7: {
        const login = tds.readLogin7(payload);
        if (
          (scenario.user !== undefined && login.user !== scenario.user) ||
          (scenario.password !== undefined && login.password !== scenario.password)
        ) {
          return send(
            tds.PACKET.REPLY,
            Buffer.concat([
              tds.message('error', 18456, `Login failed for user '${login.user}'.`, 14),
              tds.done(tds.DONE_STATUS.ERROR),
            ]),
          );
        }
        return send(
          tds.PACKET.REPLY,
          Buffer.concat([
            tds.envChange(1, login.database || 'master', 'master'),
            tds.collationChange(),
            tds.loginAck(),
            tds.envChange(4, '4096', '4096'),
            tds.done(tds.DONE_STATUS.FINAL),
          ]),
        );
      }
      case tds.PACKET.ATTENTION:
        return send(tds.PACKET.REPLY, tds.done(tds.DONE_STATUS.ATTENTION));
      case tds.PACKET.SQL_BATCH: {
        const text = tds.readSqlBatch(payload);
        statements.push({ text, params: new Map() });
        return batch(text);
      }
      case tds.PACKET.RPC: {
        const rpc = tds.readRpc(payload);
        statements.push({ text: rpc.statement, params: rpc.params });
        const result = query(rpc.statement, rpc.params);
        if (!result)
          return send(
            tds.PACKET.REPLY,
            Buffer.concat([
              tds.message('error', 2812, 'The test endpoint does not know this statement.', 16),
              tds.done(tds.DONE_STATUS.ERROR, 0, 0xfe),
            ]),
          );
        const rows = result.rows.map((cells) => tds.row(result.columns, cells));
        if (scenario.behaviour === 'drop-mid-result') {
          send(
            tds.PACKET.REPLY,
            Buffer.concat([tds.columnMetadata(result.columns), ...rows.slice(0, 1)]).subarray(0, 40),
          );
          socket.destroy();
          return;
        }
        return send(
          tds.PACKET.REPLY,
          Buffer.concat([
            tds.columnMetadata(result.columns),
            ...rows,
            tds.done(tds.DONE_STATUS.COUNT | tds.DONE_STATUS.MORE, rows.length, 0xff),
            tds.returnStatus(0),
            tds.done(tds.DONE_STATUS.FINAL, 0, 0xfe),
          ]),
        );
      }
    }
  }

  async function batch(text: string): Promise<void> {
    const rule = endpoint.scenario.batches?.find((r) => r.match.test(text));
    const reply = new tds.StreamingReply((packet) => !socket.destroyed && socket.write(packet));
    for (const line of rule?.messages ?? []) {
      reply.write(tds.message('info', 3211, line, 0));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await rule?.finishWhen;
    if (rule?.error) {
      reply.end(
        Buffer.concat([
          tds.message('error', rule.error.number, rule.error.message, rule.error.severity ?? 16),
          tds.done(tds.DONE_STATUS.ERROR),
        ]),
      );
    } else {
      reply.end(tds.done(tds.DONE_STATUS.FINAL));
    }
  }

  function query(
    text: string,
    params: Map<string, tds.ParamValue>,
  ): { columns: tds.Column[]; rows: tds.Cell[][] } | undefined {
    const scenario = endpoint.scenario;
    const tag = queryTag(text);
    const named = new Set(
      [...params].filter(([key]) => /^d\d+$/.test(key)).map(([, value]) => String(value).toLowerCase()),
    );
    // mssql validates a pooled connection with SELECT 1 before using it.
    if (/^\s*SELECT 1;?\s*$/i.test(text)) return { columns: [{ name: '', type: 'int' }], rows: [[1]] };
    if (tag === 'instance') {
      return {
        columns: COLUMNS.instance!,
        rows: [[scenario.machineName, scenario.instanceName, '13.0.5026.0', scenario.clrEnabled ? 1 : 0]],
      };
    }
    if (tag === 'databases') {
      return {
        columns: COLUMNS.databases!,
        rows: (scenario.databases ?? [])
          .filter((d) => named.has(d.name.toLowerCase()))
          .map((d) => [d.name, d.state ?? 'ONLINE', d.recoveryModel ?? 'FULL']),
      };
    }
    if (tag === 'backups') {
      return {
        columns: COLUMNS.backups!,
        rows: (scenario.backups ?? [])
          .filter((b) => named.has(b.database.toLowerCase()))
          .map((b) => [
            b.database,
            b.type,
            b.finishedAt,
            b.copyOnly ?? false,
            b.firstLsn,
            b.lastLsn,
            b.checkpointLsn ?? b.firstLsn,
            b.databaseBackupLsn ?? '0',
            b.device,
          ]),
      };
    }
    return undefined;
  }
}

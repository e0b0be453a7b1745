/**
 * A TDS endpoint on loopback that answers the product's queries from a scenario described in data
 * (instance, databases, backup history, server properties), runs scripted T-SQL batches with their
 * messages, and misbehaves on request: refuses a login, never answers, drops the connection mid-result.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import DuplexPair from 'native-duplexpair';
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

/** One backup set of a file, as RESTORE HEADERONLY lists it (BackupType 1 full, 5 differential, 2 log). */
export interface BackupSetScenario {
  database: string;
  backupType: 1 | 5 | 2;
  finishedAt: string;
  firstLsn: string;
  lastLsn: string;
  checkpointLsn?: string;
  databaseBackupLsn?: string;
  copyOnly?: boolean;
}

/**
 * A backup file on the instance's computer: its sets (positions 1, 2...) and the files of the
 * database it holds (RESTORE FILELISTONLY); or a file that is no backup (RESTORE HEADERONLY fails).
 */
export type BackupFileScenario =
  | { sets: BackupSetScenario[]; files?: { logicalName: string; physicalName: string; type: 'D' | 'L' }[] }
  | 'not-a-backup';

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
  /** SERVERPROPERTY('ProductVersion'); 13.0.5026.0 (SQL Server 2016 SP2) when not given. */
  productVersion?: string;
  collation?: string;
  fullTextInstalled?: boolean;
  /** `clr strict security` in use; NULL (the option does not exist) when not given. */
  clrStrictSecurity?: boolean;
  /** The user-defined assemblies of each database, answered to the assemblies query. */
  assemblies?: { database: string; name: string; trusted: boolean }[];
  /** The assemblies query fails with this SQL Server error (a login without VIEW SERVER STATE). */
  assembliesError?: { number: number; message: string };
  user?: string;
  password?: string;
  databases?: DatabaseScenario[];
  backups?: BackupScenario[];
  batches?: BatchRule[];
  /** Backup files by full path, for RESTORE HEADERONLY / FILELISTONLY and xp_dirtree of their folder. */
  backupFiles?: Record<string, BackupFileScenario>;
  /** Folders that exist on the instance's computer (xp_fileexist), without a trailing separator. */
  existingFolders?: string[];
  /** SERVERPROPERTY('ProductMajorVersion') and SYSDATETIME() (ISO, the server's local time). */
  majorVersion?: number;
  now?: string;
  /**
   * 'silent': accepts connections and never answers. 'drop-mid-result': sends part of a result, then
   * closes. 'stall-queries': logs in, then answers no query until the client sends an ATTENTION.
   */
  behaviour?: 'normal' | 'silent' | 'drop-mid-result' | 'stall-queries';
  /**
   * Rows sent as they are instead of those built from the scenario (NULLs, hostile strings, too many
   * rows): what a server that does not play by SQL Server's rules could answer.
   */
  answers?: Partial<Record<'instance' | 'databases' | 'backups', tds.Cell[][]>>;
  /** A key and certificate: the endpoint then encrypts, as SQL Server does when the client asks (PRELOGIN ENCRYPT_ON). */
  tls?: { key: string; cert: string };
}

export interface Endpoint {
  port: number;
  /** Every statement received, for assertions (queries must be parameterised). */
  statements: { text: string; params: Map<string, tds.ParamValue> }[];
  /** ATTENTION messages received (a client cancelling a request, or its request timeout). */
  attentions: number;
  scenario: InstanceScenario;
  /** Resolves once no client connection is open. */
  whenIdle: () => Promise<void>;
  close: () => Promise<void>;
}

const COLUMNS: Record<string, tds.Column[]> = {
  instance: [
    { name: 'machineName', type: 'nvarchar' },
    { name: 'instanceName', type: 'nvarchar' },
    { name: 'productVersion', type: 'nvarchar' },
    { name: 'clrEnabled', type: 'int' },
    { name: 'collation', type: 'nvarchar' },
    { name: 'fullTextInstalled', type: 'int' },
    { name: 'clrStrictSecurity', type: 'int' },
  ],
  assemblies: [
    { name: 'databaseName', type: 'nvarchar' },
    { name: 'assemblyName', type: 'nvarchar' },
    { name: 'trusted', type: 'int' },
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
  const idle: (() => void)[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) idle.splice(0).forEach((resolve) => resolve());
    });
    socket.on('error', () => socket.destroy());
    if (endpoint.scenario.behaviour === 'silent') return;
    serve(socket, endpoint, statements);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const endpoint: Endpoint = {
    port: typeof address === 'object' && address ? address.port : 0,
    statements,
    attentions: 0,
    scenario,
    whenIdle: () => new Promise<void>((resolve) => (sockets.size === 0 ? resolve() : idle.push(resolve))),
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
  // Where replies go: the socket, or the TLS cleartext side once the handshake is done.
  let output: (bytes: Buffer) => void = (bytes) => {
    if (!socket.destroyed) socket.write(bytes);
  };
  let handshake: ((payload: Buffer) => void) | undefined;
  /**
   * Ends the response of the request in flight when an ATTENTION arrives, resolving once that
   * response is closed: a stalled query ('stall-queries') or a batch still streaming.
   */
  let interrupt: (() => Promise<void>) | undefined;
  let raw: ((bytes: Buffer) => void) | undefined;
  const send = (type: number, payload: Buffer) => {
    for (const packet of tds.packets(type, payload)) output(packet);
  };
  const receive = (data: Buffer) => {
    for (const message of reader.push(data)) {
      if (handshake) {
        handshake(message.payload);
        continue;
      }
      // Out of band: an ATTENTION interrupts the request in flight instead of waiting behind it.
      if (message.type === tds.PACKET.ATTENTION) {
        attention();
        continue;
      }
      queue = queue
        .then(() => answer(message.type, message.payload))
        .catch((error: unknown) => {
          if (process.env.SMDR_TDS_TRACE) console.error('tds endpoint error:', error);
          socket.destroy();
        });
    }
  };
  socket.on('data', (data) => (raw ? raw(data) : receive(data)));

  /**
   * TLS as SQL Server 2016 negotiates it: each client handshake flight arrives in a PRELOGIN message
   * and gets exactly one PRELOGIN message back; after that, TLS records flow on the socket as they are.
   */
  function startTls(credentials: { key: string; cert: string }): void {
    const pair = new DuplexPair();
    const cleartext = new TLSSocket(pair.socket1, {
      isServer: true,
      secureContext: createSecureContext(credentials),
    });
    const encrypted = pair.socket2;
    let pending: Buffer[] = [];
    let flushing = false;
    let secure = false;
    const flush = () => {
      if (flushing) return;
      flushing = true;
      setImmediate(() => {
        flushing = false;
        if (pending.length) {
          for (const packet of tds.packets(tds.PACKET.PRELOGIN, Buffer.concat(pending))) socket.write(packet);
          pending = [];
        }
        if (secure && !raw) {
          handshake = undefined;
          raw = (bytes) => encrypted.write(bytes);
          output = (bytes) => cleartext.write(bytes);
        }
      });
    };
    encrypted.on('data', (chunk: Buffer) => {
      if (raw) socket.write(chunk);
      else {
        pending.push(chunk);
        flush();
      }
    });
    cleartext.on('secure', () => {
      secure = true;
      flush();
    });
    cleartext.on('data', receive);
    cleartext.on('error', () => socket.destroy());
    handshake = (payload) => encrypted.write(payload);
  }

  async function answer(type: number, payload: Buffer): Promise<void> {
    const scenario = endpoint.scenario;
    switch (type) {
      case tds.PACKET.PRELOGIN: {
        const asked = tds.readPreloginEncryption(payload);
        const encrypt = !!scenario.tls && (asked === tds.ENCRYPT.ON || asked === tds.ENCRYPT.REQ);
        send(tds.PACKET.REPLY, tds.preloginResponse(encrypt ? tds.ENCRYPT.ON : tds.ENCRYPT.NOT_SUP));
        if (encrypt) startTls(scenario.tls!);
        return;
      }
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
      case tds.PACKET.SQL_BATCH: {
        const text = tds.readSqlBatch(payload);
        statements.push({ text, params: new Map() });
        return batch(text);
      }
      case tds.PACKET.RPC: {
        const rpc = tds.readRpc(payload);
        statements.push({ text: rpc.statement, params: rpc.params });
        if (scenario.behaviour === 'stall-queries' && !/^\s*SELECT 1;?\s*$/i.test(rpc.statement)) {
          interrupt = async () => send(tds.PACKET.REPLY, tds.done(tds.DONE_STATUS.FINAL));
          return;
        }
        const refused = queryTag(rpc.statement) === 'assemblies' && scenario.assembliesError;
        if (refused)
          return send(
            tds.PACKET.REPLY,
            Buffer.concat([
              tds.message('error', refused.number, refused.message, 14),
              tds.done(tds.DONE_STATUS.ERROR, 0, 0xfe),
            ]),
          );
        const result = query(rpc.statement, rpc.params) ?? restoreQuery(rpc.statement, rpc.params);
        if (!result || 'error' in result)
          return send(
            tds.PACKET.REPLY,
            Buffer.concat([
              result
                ? tds.message('error', result.error.number, result.error.message, 16)
                : tds.message('error', 2812, 'The test endpoint does not know this statement.', 16),
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

  /**
   * Every request gets exactly one response message: the request in flight is closed with its own
   * response first, and the acknowledgement (DONE with DONE_ATTN) follows in a message of its own.
   */
  function attention(): void {
    endpoint.attentions++;
    const ending = interrupt?.() ?? Promise.resolve();
    interrupt = undefined;
    void ending.then(() => send(tds.PACKET.REPLY, tds.done(tds.DONE_STATUS.ATTENTION)));
  }

  async function batch(text: string): Promise<void> {
    const rule = endpoint.scenario.batches?.find((r) => r.match.test(text));
    const reply = new tds.StreamingReply((packet) => output(packet));
    let cancelled = false;
    let stop: () => void = () => undefined;
    let ended: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const whenEnded = new Promise<void>((resolve) => (ended = resolve));
    interrupt = () => {
      cancelled = true;
      stop();
      return whenEnded;
    };
    // A RESTORE no rule scripts reports its progress as SQL Server does WITH STATS.
    const progress =
      /^RESTORE (?:DATABASE|LOG) /.test(text) && !/ WITH RECOVERY;$/.test(text)
        ? [
            '10 percent processed.',
            '100 percent processed.',
            `${text.split(' ', 2).join(' ')} successfully processed 42 pages in 0.010 seconds (32.8 MB/sec).`,
          ]
        : [];
    for (const line of rule?.messages ?? progress) {
      if (cancelled) break;
      reply.write(tds.message('info', 3211, line, 0));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.race([rule?.finishWhen, stopped]);
    interrupt = undefined;
    if (cancelled) {
      reply.end(tds.done(tds.DONE_STATUS.FINAL));
      ended();
    } else if (rule?.error) {
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

  /** The statements `smdr sql` reads backup files with: answered from `backupFiles`. */
  function restoreQuery(
    text: string,
    params: Map<string, tds.ParamValue>,
  ):
    | { columns: tds.Column[]; rows: tds.Cell[][] }
    | { error: { number: number; message: string } }
    | undefined {
    const scenario = endpoint.scenario;
    const files = scenario.backupFiles ?? {};
    const path = String(params.get('file') ?? '');
    const cannotOpen = {
      error: {
        number: 3201,
        message: `Cannot open backup device '${path}'. Operating system error 2(The system cannot find the file specified.).`,
      },
    };
    if (/ProductMajorVersion/.test(text))
      return {
        columns: [
          { name: 'majorVersion', type: 'int' },
          { name: 'now', type: 'nvarchar' },
        ],
        rows: [[scenario.majorVersion ?? 13, scenario.now ?? '2026-11-24T12:00:00.000']],
      };
    if (/xp_dirtree/.test(text)) {
      const folder = String(params.get('folder') ?? '');
      const names = Object.keys(files)
        .filter((f) => f.startsWith(folder) && !/[\\/]/.test(f.slice(folder.length)))
        .map((f) => [f.slice(folder.length), 1, 1]);
      return {
        columns: [
          { name: 'subdirectory', type: 'nvarchar' },
          { name: 'depth', type: 'int' },
          { name: 'file', type: 'int' },
        ],
        rows: [['archive', 1, 0], ...names],
      };
    }
    if (/xp_fileexist/.test(text)) {
      const exists = (scenario.existingFolders ?? []).includes(String(params.get('path')));
      return {
        columns: ['File Exists', 'File is a Directory', 'Parent Directory Exists'].map((name) => ({
          name,
          type: 'int' as const,
        })),
        rows: [[0, exists ? 1 : 0, 1]],
      };
    }
    const file = files[path];
    if (/RESTORE HEADERONLY/.test(text)) {
      if (file === undefined) return cannotOpen;
      if (file === 'not-a-backup')
        return {
          error: {
            number: 3241,
            message:
              'The media family on device is incorrectly formed. SQL Server cannot process this media family.',
          },
        };
      return {
        columns: [
          { name: 'Position', type: 'int' },
          { name: 'BackupType', type: 'int' },
          { name: 'DatabaseName', type: 'nvarchar' },
          ...['FirstLSN', 'LastLSN', 'CheckpointLSN', 'DatabaseBackupLSN', 'BackupFinishDate'].map(
            (name) => ({ name, type: 'nvarchar' as const }),
          ),
          { name: 'IsCopyOnly', type: 'bit' },
        ],
        rows: file.sets.map((s, i) => [
          i + 1,
          s.backupType,
          s.database,
          s.firstLsn,
          s.lastLsn,
          s.checkpointLsn ?? s.firstLsn,
          s.databaseBackupLsn ?? '0',
          s.finishedAt,
          s.copyOnly ?? false,
        ]),
      };
    }
    if (/RESTORE FILELISTONLY/.test(text)) {
      if (file === undefined || file === 'not-a-backup') return cannotOpen;
      return {
        columns: ['LogicalName', 'PhysicalName', 'Type'].map((name) => ({ name, type: 'nvarchar' as const })),
        rows: (file.files ?? []).map((f) => [f.logicalName, f.physicalName, f.type]),
      };
    }
    return undefined;
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
    const given = (tag === 'instance' || tag === 'databases' || tag === 'backups') && scenario.answers?.[tag];
    if (given) return { columns: COLUMNS[tag!]!, rows: given };
    if (tag === 'instance') {
      return {
        columns: COLUMNS.instance!,
        rows: [
          [
            scenario.machineName,
            scenario.instanceName,
            scenario.productVersion ?? '13.0.5026.0',
            scenario.clrEnabled ? 1 : 0,
            scenario.collation ?? 'SQL_Latin1_General_CP1_CI_AS',
            scenario.fullTextInstalled === false ? 0 : 1,
            scenario.clrStrictSecurity === undefined ? null : scenario.clrStrictSecurity ? 1 : 0,
          ],
        ],
      };
    }
    if (tag === 'assemblies') {
      return {
        columns: COLUMNS.assemblies!,
        rows: (scenario.assemblies ?? [])
          .filter((a) => named.has(a.database.toLowerCase()))
          .map((a) => [a.database, a.name, a.trusted ? 1 : 0]),
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

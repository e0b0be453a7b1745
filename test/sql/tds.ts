/**
 * The server side of enough TDS 7.4 (MS-TDS) for the real mssql/tedious client: packet framing,
 * PRELOGIN, LOGIN7, SQL batches, RPC (sp_executesql) and the tokens of answers. Test code only.
 */

export const PACKET = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  REPLY: 0x04,
  ATTENTION: 0x06,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;
const HEADER = 8;

/** Splits a message into packets of at most `packetSize` bytes. */
export function packets(type: number, payload: Buffer, packetSize = 4096): Buffer[] {
  const room = packetSize - HEADER;
  const out: Buffer[] = [];
  for (let offset = 0, id = 1; offset < payload.length || out.length === 0; offset += room, id++) {
    const chunk = payload.subarray(offset, offset + room);
    const header = Buffer.alloc(HEADER);
    header.writeUInt8(type, 0);
    header.writeUInt8(offset + room >= payload.length ? 0x01 : 0x00, 1);
    header.writeUInt16BE(HEADER + chunk.length, 2);
    header.writeUInt8(id % 256, 6);
    out.push(Buffer.concat([header, chunk]));
  }
  return out;
}

/**
 * One reply sent in pieces: each `write` goes out at once in packets without the end-of-message
 * flag, so the client sees tokens (a restore's progress messages) while the reply is still running.
 */
export class StreamingReply {
  private id = 1;

  constructor(private readonly write_: (packet: Buffer) => void) {}

  write(payload: Buffer, last = false): void {
    const header = Buffer.alloc(HEADER);
    header.writeUInt8(PACKET.REPLY, 0);
    header.writeUInt8(last ? 0x01 : 0x00, 1);
    header.writeUInt16BE(HEADER + payload.length, 2);
    header.writeUInt8(this.id++ % 256, 6);
    this.write_(Buffer.concat([header, payload]));
  }

  end(payload: Buffer): void {
    this.write(payload, true);
  }
}

/** Reassembles whole messages from a byte stream of packets. */
export class MessageReader {
  private buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];

  /** Feeds bytes; returns the messages they complete. */
  push(data: Buffer): { type: number; payload: Buffer }[] {
    this.buffer = Buffer.concat([this.buffer, data]);
    const messages: { type: number; payload: Buffer }[] = [];
    while (this.buffer.length >= HEADER) {
      const length = this.buffer.readUInt16BE(2);
      if (this.buffer.length < length) break;
      const type = this.buffer.readUInt8(0);
      const last = (this.buffer.readUInt8(1) & 0x01) === 0x01;
      this.parts.push(this.buffer.subarray(HEADER, length));
      this.buffer = this.buffer.subarray(length);
      if (last) {
        messages.push({ type, payload: Buffer.concat(this.parts) });
        this.parts = [];
      }
    }
    return messages;
  }
}

// ---- PRELOGIN -----------------------------------------------------------------------------------

export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

export function readPreloginEncryption(payload: Buffer): number | undefined {
  for (let i = 0; i < payload.length && payload[i] !== 0xff; i += 5) {
    if (payload[i] === 0x01) return payload.readUInt8(payload.readUInt16BE(i + 1));
  }
  return undefined;
}

export function preloginResponse(encryption: number): Buffer {
  const options: [number, Buffer][] = [
    [0x00, Buffer.from([13, 0, 0x13, 0x88, 0, 0])], // VERSION 13.0.5000 (SQL Server 2016)
    [0x01, Buffer.from([encryption])],
    [0x02, Buffer.from([0])],
    [0x04, Buffer.from([0])],
  ];
  const headerLength = options.length * 5 + 1;
  const header = Buffer.alloc(headerLength);
  let offset = headerLength;
  options.forEach(([token, data], i) => {
    header.writeUInt8(token, i * 5);
    header.writeUInt16BE(offset, i * 5 + 1);
    header.writeUInt16BE(data.length, i * 5 + 3);
    offset += data.length;
  });
  header.writeUInt8(0xff, headerLength - 1);
  return Buffer.concat([header, ...options.map(([, data]) => data)]);
}

// ---- LOGIN7 -------------------------------------------------------------------------------------

export interface Login {
  user: string;
  password: string;
  database: string;
  sspi: boolean;
}

export function readLogin7(payload: Buffer): Login {
  const text = (offsetAt: number) => {
    const offset = payload.readUInt16LE(offsetAt);
    const chars = payload.readUInt16LE(offsetAt + 2);
    return payload.subarray(offset, offset + chars * 2);
  };
  // The password is "encrypted": each byte's nibbles swapped, then XORed with 0xA5.
  const password = Buffer.from(text(44).map((b) => (((b ^ 0xa5) << 4) & 0xf0) | ((b ^ 0xa5) >> 4)));
  return {
    user: text(40).toString('utf16le'),
    password: password.toString('utf16le'),
    database: text(68).toString('utf16le'),
    sspi: payload.readUInt16LE(80) > 0,
  };
}

// ---- requests -----------------------------------------------------------------------------------

function skipAllHeaders(payload: Buffer): number {
  return payload.readUInt32LE(0);
}

export function readSqlBatch(payload: Buffer): string {
  return payload.subarray(skipAllHeaders(payload)).toString('utf16le');
}

export type ParamValue = string | number | boolean | null;

/** An RPC request: sp_executesql's statement and its named parameters. */
export function readRpc(payload: Buffer): {
  procedure: string | number;
  statement: string;
  params: Map<string, ParamValue>;
} {
  let offset = skipAllHeaders(payload);
  const nameLength = payload.readUInt16LE(offset);
  offset += 2;
  let procedure: string | number;
  if (nameLength === 0xffff) {
    procedure = payload.readUInt16LE(offset);
    offset += 2;
  } else {
    procedure = payload.subarray(offset, offset + nameLength * 2).toString('utf16le');
    offset += nameLength * 2;
  }
  offset += 2; // option flags
  const values: [string, ParamValue][] = [];
  while (offset < payload.length) {
    const nameChars = payload.readUInt8(offset);
    const name = payload.subarray(offset + 1, offset + 1 + nameChars * 2).toString('utf16le');
    offset += 1 + nameChars * 2 + 1; // name, status flags
    const read = readTypedValue(payload, offset);
    values.push([name, read.value]);
    offset = read.offset;
  }
  const [stmt, , ...rest] = values;
  return {
    procedure,
    statement: String(stmt?.[1] ?? ''),
    params: new Map(rest.map(([n, v]) => [n.replace(/^@/, ''), v])),
  };
}

function readTypedValue(buf: Buffer, at: number): { value: ParamValue; offset: number } {
  const type = buf.readUInt8(at);
  let offset = at + 1;
  switch (type) {
    case 0xe7: // NVARCHAR
    case 0xa7: {
      // VARCHAR
      const maxLength = buf.readUInt16LE(offset);
      offset += 2 + 5; // max length, collation
      const decode = (b: Buffer) => (type === 0xe7 ? b.toString('utf16le') : b.toString('latin1'));
      if (maxLength === 0xffff) {
        const total = buf.readBigUInt64LE(offset);
        offset += 8;
        if (total === 0xffffffffffffffffn) return { value: null, offset };
        const chunks: Buffer[] = [];
        for (;;) {
          const size = buf.readUInt32LE(offset);
          offset += 4;
          if (size === 0) break;
          chunks.push(buf.subarray(offset, offset + size));
          offset += size;
        }
        return { value: decode(Buffer.concat(chunks)), offset };
      }
      const length = buf.readUInt16LE(offset);
      offset += 2;
      if (length === 0xffff) return { value: null, offset };
      return { value: decode(buf.subarray(offset, offset + length)), offset: offset + length };
    }
    case 0x26: // INTN
    case 0x68: {
      // BITN
      offset += 1; // max length
      const length = buf.readUInt8(offset);
      offset += 1;
      if (length === 0) return { value: null, offset };
      const value =
        length === 8
          ? Number(buf.readBigInt64LE(offset))
          : length === 4
            ? buf.readInt32LE(offset)
            : length === 2
              ? buf.readInt16LE(offset)
              : buf.readUInt8(offset);
      return { value: type === 0x68 ? value === 1 : value, offset: offset + length };
    }
    default:
      throw new Error(`test TDS endpoint: parameter type 0x${type.toString(16)} is not supported`);
  }
}

// ---- tokens -------------------------------------------------------------------------------------

const ucs2 = (s: string) => Buffer.from(s, 'utf16le');
const bVarchar = (s: string) => Buffer.concat([Buffer.from([s.length]), ucs2(s)]);
const usVarchar = (s: string) => {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(s.length);
  return Buffer.concat([length, ucs2(s)]);
};
const withLength = (token: number, body: Buffer) => {
  const head = Buffer.alloc(3);
  head.writeUInt8(token, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
};

/** SQL_Latin1_General_CP1_CI_AS */
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export function loginAck(): Buffer {
  const version = Buffer.from([0x74, 0x00, 0x00, 0x04]);
  return withLength(
    0xad,
    Buffer.concat([
      Buffer.from([0x01]),
      version,
      bVarchar('Microsoft SQL Server'),
      Buffer.from([13, 0, 0x13, 0x88]),
    ]),
  );
}

export function envChange(type: number, value: string, old = ''): Buffer {
  return withLength(0xe3, Buffer.concat([Buffer.from([type]), bVarchar(value), bVarchar(old)]));
}

export function collationChange(): Buffer {
  return withLength(0xe3, Buffer.concat([Buffer.from([7, COLLATION.length]), COLLATION, Buffer.from([0])]));
}

export function message(
  kind: 'info' | 'error',
  number: number,
  text: string,
  severity: number,
  server = 'TEST',
): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt32LE(number, 0);
  head.writeUInt8(1, 4);
  head.writeUInt8(severity, 5);
  const line = Buffer.alloc(4);
  line.writeInt32LE(1);
  return withLength(
    kind === 'info' ? 0xab : 0xaa,
    Buffer.concat([head, usVarchar(text), bVarchar(server), bVarchar(''), line]),
  );
}

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTENTION: 0x20 } as const;

export function done(status: number, rowCount = 0, token = 0xfd): Buffer {
  const buf = Buffer.alloc(13);
  buf.writeUInt8(token, 0);
  buf.writeUInt16LE(status, 1);
  buf.writeUInt16LE(0xc1, 3);
  buf.writeBigUInt64LE(BigInt(rowCount), 5);
  return buf;
}

export function returnStatus(value: number): Buffer {
  const buf = Buffer.alloc(5);
  buf.writeUInt8(0x79, 0);
  buf.writeInt32LE(value, 1);
  return buf;
}

export type ColumnType = 'nvarchar' | 'int' | 'bigint' | 'bit';
export interface Column {
  name: string;
  type: ColumnType;
}
export type Cell = string | number | boolean | null;

export function columnMetadata(columns: readonly Column[]): Buffer {
  const parts = [Buffer.from([0x81]), Buffer.from([columns.length & 0xff, columns.length >> 8])];
  for (const column of columns) {
    parts.push(Buffer.from([0, 0, 0, 0, 0x01, 0x00])); // user type, flags: nullable
    if (column.type === 'nvarchar')
      parts.push(Buffer.from([0xe7, 0x40, 0x1f]), COLLATION); // NVARCHAR(4000)
    else if (column.type === 'bit') parts.push(Buffer.from([0x68, 1]));
    else parts.push(Buffer.from([0x26, column.type === 'bigint' ? 8 : 4]));
    parts.push(bVarchar(column.name));
  }
  return Buffer.concat(parts);
}

export function row(columns: readonly Column[], cells: readonly Cell[]): Buffer {
  const parts = [Buffer.from([0xd1])];
  columns.forEach((column, i) => {
    const cell = cells[i] ?? null;
    if (column.type === 'nvarchar') {
      if (cell === null) parts.push(Buffer.from([0xff, 0xff]));
      else {
        const data = ucs2(String(cell));
        const length = Buffer.alloc(2);
        length.writeUInt16LE(data.length);
        parts.push(length, data);
      }
    } else if (cell === null) parts.push(Buffer.from([0]));
    else if (column.type === 'bit') parts.push(Buffer.from([1, cell ? 1 : 0]));
    else if (column.type === 'bigint') {
      const data = Buffer.alloc(9);
      data.writeUInt8(8, 0);
      data.writeBigInt64LE(BigInt(Number(cell)), 1);
      parts.push(data);
    } else {
      const data = Buffer.alloc(5);
      data.writeUInt8(4, 0);
      data.writeInt32LE(Number(cell), 1);
      parts.push(data);
    }
  });
  return Buffer.concat(parts);
}

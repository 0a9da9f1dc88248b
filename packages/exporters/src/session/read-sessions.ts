/**
 * Reads API-call files back — any format `flowstats sessions generate` writes (JSONL, CSV, msgpack, Parquet),
 * recognised by content — streaming the fields a transition learner needs: session id, endpoint, attempt.
 * The run description a self-describing file carries (msgpack header, Parquet key-value metadata: seed and
 * workflow) comes back as `meta`. Problems name the file and the line, record or row.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { SESSION_FIELDS } from '@flowgen/core';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { UnpackrStream } from 'msgpackr';
import { compressionOf, displayName } from '../read/byte-source';
import type { ReadError } from '../read/read-error';
import { SESSIONS_MSGPACK_FORMAT } from './msgpack';

export interface SessionCall {
  readonly sessionId: string;
  readonly endpoint: string;
  /** 1 for a first call, > 1 for a retry (files without the column: 1) */
  readonly attempt: number;
}

export type SessionFileFormat = 'jsonl' | 'csv' | 'msgpack' | 'parquet';

export class SessionReadError extends Error {
  readonly _tag = 'SessionReadError';
  constructor(readonly file: string, readonly where: string, readonly problem: string) {
    super(`${file}: ${where}: ${problem}`);
  }
}

const sniff = (file: string, head: Buffer): SessionFileFormat => {
  if (head.length === 0) throw new SessionReadError(file, 'byte 0', 'empty file');
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const first = head[0]!;
  if (first === 0x7b) return 'jsonl'; // {
  if (head.toString('latin1').startsWith('session_id')) return 'csv';
  if ((first & 0xf0) === 0x80 || (first & 0xf0) === 0x90 || first === 0xde || first === 0xdc) return 'msgpack';
  throw new SessionReadError(file, 'byte 0', 'not a sessions file (expected JSONL, CSV with a session_id header, msgpack or Parquet)');
};

/** A byte stream with its first bytes already taken (for sniffing) and handed on first. */
interface Peeked {
  readonly head: Buffer;
  readonly stream: Readable;
}

const peek = async (input: Readable, bytes: number): Promise<Peeked> => {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const taken: Buffer[] = [];
  let size = 0;
  while (size < bytes) {
    const r = await it.next();
    if (r.done) break;
    taken.push(r.value);
    size += r.value.length;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* taken;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: Buffer.concat(taken).subarray(0, bytes), stream: Readable.from(rest(), { objectMode: false }) };
};

/**
 * `file` (`-`: stdin; a FIFO or /dev/stdin too) as a stream, decompressed when its first bytes are gzip or
 * zstd (or it ends in .br), with its first bytes for sniffing
 */
const openInput = async (file: string): Promise<Peeked> => {
  let input: Readable;
  if (file === '-') input = process.stdin;
  else {
    try {
      const fd = fs.openSync(file, 'r');
      if (fs.fstatSync(fd).isDirectory()) {
        fs.closeSync(fd);
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      input = fs.createReadStream('', { fd });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SessionReadError(file, 'open', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e as Error).message})`);
    }
  }
  const raw = await peek(input, 64);
  let compression: string | undefined;
  try {
    compression = compressionOf(file, raw.head);
  } catch (e) {
    throw new SessionReadError(displayName(file), 'byte 0', (e as ReadError).problem);
  }
  if (!compression) return raw;
  const z = compression === 'gzip' ? zlib.createGunzip() : compression === 'brotli' ? zlib.createBrotliDecompress() : (zlib as unknown as { createZstdDecompress: () => zlib.Gunzip }).createZstdDecompress();
  raw.stream.on('error', (e) => z.destroy(e));
  const out = raw.stream.pipe(z);
  try {
    return await peek(out, 64);
  } catch (e) {
    throw new SessionReadError(displayName(file), 'byte 0', `${compression} data: ${(e as Error).message}`);
  }
};

const checkCall = (file: string, where: string, sessionId: unknown, endpoint: unknown, attempt: unknown): SessionCall => {
  if (typeof sessionId !== 'string' && typeof sessionId !== 'number') throw new SessionReadError(file, where, 'session_id missing or not a string');
  if (typeof endpoint !== 'string') throw new SessionReadError(file, where, 'endpoint missing or not a string');
  const a = attempt === undefined || attempt === null || attempt === '' ? 1 : Number(attempt);
  if (!Number.isInteger(a) || a < 1) throw new SessionReadError(file, where, `attempt must be a positive integer, got ${String(attempt)}`);
  return { sessionId: String(sessionId), endpoint, attempt: a };
};

/** Splits one CSV line (RFC 4180 quoting; our rows never span lines). */
export const splitCsvLine = (line: string): string[] => {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
    } else {
      const c = line.indexOf(',', i);
      out.push(line.slice(i, c < 0 ? line.length : c));
      i = c < 0 ? line.length : c;
    }
    if (i >= line.length) return out;
    if (line[i] !== ',') throw new Error(`unexpected character after a quoted field at column ${i + 1}`);
    i++;
  }
};

/** Streams the calls of `file` to `onCall` in file order; resolves with the file's run description. */
export const readSessionCalls = async (file: string, onCall: (c: SessionCall) => void): Promise<{ format: SessionFileFormat; meta: Record<string, unknown> }> => {
  const input = await openInput(file);
  file = displayName(file);
  const format = sniff(file, input.head);
  if (format === 'parquet') return { format, meta: await readParquet(file, input.stream, onCall) };
  if (format === 'msgpack') return { format, meta: await readMsgpack(file, input.stream, onCall) };
  const lines = readline.createInterface({ input: input.stream, crlfDelay: Infinity });
  let n = 0;
  let col: Record<string, number> | undefined;
  for await (const line of lines) {
    n++;
    if (line === '') continue;
    const where = `line ${n}`;
    if (format === 'jsonl') {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch (e) {
        throw new SessionReadError(file, where, `malformed JSON (${(e as Error).message})`);
      }
      onCall(checkCall(file, where, o.session_id, o.endpoint, o.attempt));
      continue;
    }
    let cells: string[];
    try {
      cells = splitCsvLine(line);
    } catch (e) {
      throw new SessionReadError(file, where, (e as Error).message);
    }
    if (col === undefined) {
      col = Object.fromEntries(cells.map((c, i) => [c, i]));
      for (const need of ['session_id', 'endpoint']) if (col[need] === undefined) throw new SessionReadError(file, where, `no ${need} column in the header`);
      continue;
    }
    onCall(checkCall(file, where, cells[col.session_id!], cells[col.endpoint!], col.attempt === undefined ? undefined : cells[col.attempt]));
  }
  return { format, meta: {} };
};

const readMsgpack = async (file: string, input: Readable, onCall: (c: SessionCall) => void): Promise<Record<string, unknown>> => {
  const stream = input.pipe(new UnpackrStream({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' } as never));
  let meta: Record<string, unknown> = {};
  let fields: ReadonlyArray<string> = SESSION_FIELDS;
  let record = 0;
  try {
    for await (const v of stream as AsyncIterable<unknown>) {
      record++;
      if (record === 1 && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const h = v as Record<string, unknown>;
        if (h.format !== SESSIONS_MSGPACK_FORMAT) throw new SessionReadError(file, 'header', `format is ${JSON.stringify(h.format)}, expected "${SESSIONS_MSGPACK_FORMAT}"`);
        if (Array.isArray(h.fields)) fields = h.fields as string[];
        meta = h;
        continue;
      }
      if (!Array.isArray(v)) throw new SessionReadError(file, `record ${record}`, 'not an array');
      const s = fields.indexOf('session_id');
      const e = fields.indexOf('endpoint');
      const a = fields.indexOf('attempt');
      onCall(checkCall(file, `record ${record}`, v[s], v[e], a < 0 ? undefined : v[a]));
    }
  } catch (e) {
    if (e instanceof SessionReadError) throw e;
    throw new SessionReadError(file, `record ${record + 1}`, `truncated or corrupt msgpack (${(e as Error).message})`);
  }
  return meta;
};

/** Parquet needs random access: a regular file is read in place, a stream (or a compressed file) into memory first */
const readParquet = async (file: string, input: Readable, onCall: (c: SessionCall) => void): Promise<Record<string, unknown>> => {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let regular = false;
  try {
    regular = file !== 'stdin' && fs.statSync(file).isFile() && compressionOf(file, Buffer.alloc(0)) === undefined;
  } catch {
    /* read it as a stream */
  }
  if (regular) {
    input.destroy();
    buffer = await asyncBufferFromFile(file);
  } else {
    const parts: Buffer[] = [];
    for await (const c of input) parts.push(c as Buffer);
    const all = Buffer.concat(parts);
    buffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.length) as ArrayBuffer;
  }
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw new SessionReadError(file, 'footer', `not a readable Parquet file (${(e as Error).message})`);
  }
  const names = new Set(metadata.schema.map((s) => s.name));
  for (const need of ['session_id', 'endpoint']) if (!names.has(need)) throw new SessionReadError(file, 'schema', `no ${need} column`);
  const columns = ['session_id', 'endpoint', ...(names.has('attempt') ? ['attempt'] : [])];
  const total = Number(metadata.num_rows);
  const step = 100_000;
  for (let start = 0; start < total; start += step) {
    const rows = await new Promise<unknown[][]>((resolve, reject) => {
      parquetRead({ file: buffer, metadata, columns, rowStart: start, rowEnd: Math.min(total, start + step), onComplete: resolve }).catch(reject);
    });
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      onCall(checkCall(file, `row ${start + i + 1}`, r[0], r[1], r[2]));
    }
  }
  const meta: Record<string, unknown> = {};
  for (const kv of metadata.key_value_metadata ?? []) {
    try {
      meta[kv.key] = kv.value === undefined ? undefined : JSON.parse(kv.value);
    } catch {
      meta[kv.key] = kv.value;
    }
  }
  return meta;
};

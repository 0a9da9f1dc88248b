/**
 * Sessions as Parquet, written with hyparquet-writer (a maintained pure-JS Parquet writer): one row group per
 * 50 000 calls (hyparquet-writer needs ~6 KB per row while encoding a group), snappy pages, typed columns (strings UTF8, status/attempt INT32, response_time_ms DOUBLE,
 * timestamp INT64 TIMESTAMP(NANOS) — ns since the epoch, UTC, written without the isAdjustedToUTC flag because
 * readers such as DuckDB turn UTC-adjusted timestamps into microsecond TIMESTAMPTZ and drop the nanoseconds —
 * injected BOOLEAN, params a query string). The run's description
 * (seed, workflow) is stored in the file's key-value metadata. Runs on the main thread: it turns the workers'
 * column chunks into row groups and hands finished bytes to the sink as it goes, so memory stays at one row group.
 * hyparquet-writer is an ES module, imported only when a Parquet file is written (`SessionParquetWriter.open`).
 */
import { SESSION_FIELDS, type SessionBatch, type SessionTables } from '@flowgen/core';
import type { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { queryString } from './session-encoder';

export const PARQUET_ROW_GROUP = 50_000;

const SCHEMA = [
  { name: 'root', num_children: SESSION_FIELDS.length },
  { name: 'session_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'user_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'user_type', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'endpoint', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'method', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'status', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'response_time_ms', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  { name: 'timestamp', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' } },
  { name: 'injected', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
  { name: 'attempt', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'params', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
] as const;

/** One row group's columns: numbers in typed arrays (far less memory than arrays of boxed values), strings in arrays. */
const newGroup = () => ({
  session_id: [] as string[],
  user_id: [] as string[],
  user_type: [] as string[],
  endpoint: [] as string[],
  method: [] as string[],
  status: new Int32Array(PARQUET_ROW_GROUP),
  response_time_ms: new Float64Array(PARQUET_ROW_GROUP),
  timestamp: new BigInt64Array(PARQUET_ROW_GROUP),
  injected: [] as boolean[],
  attempt: new Int32Array(PARQUET_ROW_GROUP),
  params: [] as string[],
});

export class SessionParquetWriter {
  private readonly params: ReadonlyArray<string>;
  private group = newGroup();
  private count = 0;

  private constructor(
    private readonly tables: SessionTables,
    private readonly bytes: ByteWriter,
    private readonly writer: ParquetWriter,
    private readonly sink: (bytes: Uint8Array) => Promise<void>,
  ) {
    this.params = ['', ...tables.params.map(queryString)];
  }

  static async open(tables: SessionTables, meta: Record<string, unknown>, sink: (bytes: Uint8Array) => Promise<void>): Promise<SessionParquetWriter> {
    const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
    const bytes = new ByteWriter(1 << 20);
    const writer = new ParquetWriter({
      writer: bytes,
      schema: SCHEMA as never,
      kvMetadata: Object.entries(meta).map(([key, value]) => ({ key, value: JSON.stringify(value) })),
      createdBy: 'flowgen sessions (hyparquet-writer)',
    });
    return new SessionParquetWriter(tables, bytes, writer, sink);
  }

  async add(b: SessionBatch): Promise<void> {
    for (let from = 0; from < b.length; ) {
      const to = Math.min(b.length, from + PARQUET_ROW_GROUP - this.count);
      this.append(b, from, to);
      from = to;
      if (this.count === PARQUET_ROW_GROUP) await this.flushGroup();
    }
  }

  private append(b: SessionBatch, from: number, to: number): void {
    const g = this.group;
    const t = this.tables;
    let j = this.count;
    for (let i = from; i < to; i++, j++) {
      const user = `u${b.user[i]}`;
      g.session_id.push(`${user}-s${b.session[i]}`);
      g.user_id.push(user);
      g.user_type.push(t.userTypes[b.userType[i]!]!);
      g.endpoint.push(t.endpoints[b.endpoint[i]!]!);
      g.method.push(t.methods[b.method[i]!]!);
      g.status[j] = b.status[i]!;
      g.response_time_ms[j] = b.responseUs[i]! / 1000;
      g.timestamp[j] = BigInt(b.sec[i]!) * 1_000_000_000n + BigInt(b.nsec[i]!);
      g.injected.push(b.injected[i] === 1);
      g.attempt[j] = b.attempt[i]!;
      g.params.push(this.params[b.param[i]!]!);
    }
    this.count = j;
  }

  /** Writes the last row group and the footer. */
  async finish(): Promise<void> {
    if (this.count > 0) await this.flushGroup();
    this.writer.finish();
    await this.drain();
  }

  private async flushGroup(): Promise<void> {
    const n = this.count;
    const g = this.group as unknown as Record<string, { subarray?: (a: number, b: number) => unknown }>;
    // typed columns are cut to the group's length; hyparquet-writer takes typed arrays as they are
    const columnData = SESSION_FIELDS.map((name) => ({ name, data: g[name]!.subarray ? g[name]!.subarray!(0, n) : g[name] }));
    this.writer.write({ columnData: columnData as never, rowGroupSize: n });
    this.group = newGroup();
    this.count = 0;
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.bytes.index === 0) return;
    const out = this.bytes.getBytes().slice();
    this.bytes.index = 0; // `offset` keeps counting: the footer's offsets stay file offsets
    await this.sink(out);
  }
}

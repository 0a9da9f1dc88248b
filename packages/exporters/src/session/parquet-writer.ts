/**
 * Sessions as Parquet, written with hyparquet-writer (a maintained pure-JS Parquet writer): one row group per
 * ~100 000 calls, snappy pages, typed columns (strings UTF8, status/attempt INT32, response_time_ms DOUBLE,
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

export const PARQUET_ROW_GROUP = 100_000;

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

export class SessionParquetWriter {
  private readonly params: ReadonlyArray<string>;
  private rows: Array<Array<unknown>> = SESSION_FIELDS.map(() => []);
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
    const [sid, uid, ut, ep, m, st, rt, ts, inj, att, par] = this.rows as [string[], string[], string[], string[], string[], number[], number[], bigint[], boolean[], number[], string[]];
    const t = this.tables;
    for (let i = from; i < to; i++) {
      const user = `u${b.user[i]}`;
      sid.push(`${user}-s${b.session[i]}`);
      uid.push(user);
      ut.push(t.userTypes[b.userType[i]!]!);
      ep.push(t.endpoints[b.endpoint[i]!]!);
      m.push(t.methods[b.method[i]!]!);
      st.push(b.status[i]!);
      rt.push(b.responseUs[i]! / 1000);
      ts.push(BigInt(b.sec[i]!) * 1_000_000_000n + BigInt(b.nsec[i]!));
      inj.push(b.injected[i] === 1);
      att.push(b.attempt[i]!);
      par.push(this.params[b.param[i]!]!);
    }
    this.count += to - from;
  }

  /** Writes the last row group and the footer. */
  async finish(): Promise<void> {
    if (this.count > 0) await this.flushGroup();
    this.writer.finish();
    await this.drain();
  }

  private async flushGroup(): Promise<void> {
    const columnData = SESSION_FIELDS.map((name, j) => ({ name, data: this.rows[j]! }));
    this.writer.write({ columnData: columnData as never, rowGroupSize: this.count });
    this.rows = SESSION_FIELDS.map(() => []);
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

/**
 * The flow exporter contract (apiVersion 1): a module exports `createEncoder(options)` returning a FlowEncoder.
 * Encoders write batches into caller-owned byte ranges (a worker's ring slot) and must never exceed
 * `maxRecordBytes` per record. Output pieces concatenate: header, records of chunk 0, chunk 1, …, trailer —
 * which is what lets shards and threads produce one byte-identical stream.
 */
import type { FlowBatch } from '@flowgen/core';

export interface EncoderOptions {
  readonly patternNames: ReadonlyArray<string>;
  /** write the header (column names, msgpack header map, …): false with --no-header and on shards > 0 */
  readonly header: boolean;
  /** free-form description of the run for self-describing formats (msgpack header) */
  readonly meta?: Record<string, unknown>;
  /** exporter-specific settings, validated against the contribution's options schema (e.g. NetFlow identity) */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** records per chunk of the run: the period at which packet formats repeat their templates */
  readonly chunkSize?: number;
  /** the run's start, ns since the epoch as a decimal string (exporter boot time for SysUptime formats) */
  readonly startNs?: string;
}

export interface FlowEncoder {
  readonly maxRecordBytes: number;
  /** bytes before the first record */
  header(): Uint8Array;
  /**
   * Encodes rows [from, to) at `pos` and returns the end position. `index` is row `from`'s position in the
   * whole run (0 for the run's first record: JSON's missing comma; sequence numbers of packet formats) — so
   * a chunk encodes the same on any thread or shard.
   */
  encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, index: number): number;
  /** bytes after the last record (closing bracket of a JSON array) */
  trailer(): Uint8Array;
}
export type CreateEncoder = (options: EncoderOptions) => FlowEncoder;

export const EMPTY = new Uint8Array(0);
/** the widest name a pattern may have in an encoded record */
export const MAX_PATTERN_NAME = 64;

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
}

export interface FlowEncoder {
  readonly maxRecordBytes: number;
  /** bytes before the first record */
  header(): Uint8Array;
  /** encodes rows [from, to) at `pos`; `firstInRun` is true for the run's very first record (JSON commas) */
  encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, firstInRun: boolean): number;
  /** bytes after the last record (closing bracket of a JSON array) */
  trailer(): Uint8Array;
}
export type CreateEncoder = (options: EncoderOptions) => FlowEncoder;

export const EMPTY = new Uint8Array(0);
/** the widest name a pattern may have in an encoded record */
export const MAX_PATTERN_NAME = 64;

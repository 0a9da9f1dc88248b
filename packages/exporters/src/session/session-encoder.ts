/**
 * The session (API-call) encoder contract and what its text encoders share. Like the flow encoders, an encoder
 * writes a batch's rows into a caller-owned byte range (a worker's ring slot) and never more than
 * `maxRowBytes` per row; header, chunk 0, chunk 1, …, trailer concatenate to the whole output.
 * Strings are table indices in the batch; each encoder pre-encodes the tables once, in its own escaping.
 */
import type { SessionBatch, SessionTables } from '@flowgen/core';
import { writeUint, writeU32 } from '../byte-writer';
import type { TimeFormat } from '../json-time';

export interface SessionEncoderOptions {
  readonly tables: SessionTables;
  /** header row / header map: false with --no-header */
  readonly header: boolean;
  /** the run's description for self-describing formats (msgpack header) */
  readonly meta?: Record<string, unknown>;
  /** jsonl: timestamps as ns integers (default), strings or ISO 8601 (json-time.ts) */
  readonly timeFormat?: TimeFormat;
}

export interface SessionEncoder {
  readonly maxRowBytes: number;
  header(): Uint8Array;
  encode(b: SessionBatch, from: number, to: number, out: Uint8Array, pos: number): number;
}

export type CreateSessionEncoder = (o: SessionEncoderOptions) => SessionEncoder;

/** Formats the workers encode to; parquet is assembled on the main thread from the `columns` transport. */
export const SESSION_FORMATS = ['jsonl', 'csv', 'msgpack', 'parquet'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

/** Widest decimal user index (< 2^53) and session index (< 2^32). */
export const MAX_ID_DIGITS = 16 + 10;

export const longest = (xs: ReadonlyArray<Uint8Array>): number => xs.reduce((m, x) => Math.max(m, x.length), 0);

/** A request's parameters as a query string (`q=laptop&sort=price`), the CSV and Parquet form. */
export const queryString = (p: Readonly<Record<string, string>>): string => new URLSearchParams(p).toString();

/** `u<user>` */
export const writeUserId = (out: Uint8Array, pos: number, user: number): number => {
  out[pos] = 117; // u
  return writeUint(out, pos + 1, user);
};

/** `u<user>-s<session>` */
export const writeSessionId = (out: Uint8Array, pos: number, user: number, session: number): number => {
  pos = writeUserId(out, pos, user);
  out[pos] = 45; // -
  out[pos + 1] = 115; // s
  return writeU32(out, pos + 2, session);
};

/** Microseconds as milliseconds with exactly three decimals (`123.456`): exact, no float formatting. */
export const writeMs3 = (out: Uint8Array, pos: number, us: number): number => {
  const ms = Math.floor(us / 1000);
  const r = us - ms * 1000;
  pos = writeU32(out, pos, ms);
  out[pos] = 46;
  const a = Math.floor(r / 100);
  const b = Math.floor((r - a * 100) / 10);
  out[pos + 1] = 48 + a;
  out[pos + 2] = 48 + b;
  out[pos + 3] = 48 + (r - a * 100 - b * 10);
  return pos + 4;
};

/**
 * The batch's columns as raw bytes: how workers hand API calls to the main thread when the output is
 * assembled there (Parquet, whose row groups span chunks). Layout per chunk: row count (uint32 LE), then each
 * column's typed-array bytes in SessionBatch order, each padded to 8 bytes.
 */
import { SessionBatch } from '@flowgen/core';
import type { SessionEncoder } from './session-encoder';

type Column = 'user' | 'session' | 'userType' | 'endpoint' | 'method' | 'status' | 'responseUs' | 'sec' | 'nsec' | 'injected' | 'attempt' | 'param';
const COLUMNS: ReadonlyArray<Column> = ['user', 'session', 'userType', 'endpoint', 'method', 'status', 'responseUs', 'sec', 'nsec', 'injected', 'attempt', 'param'];
const pad8 = (n: number): number => (n + 7) & ~7;

export const COLUMNS_ROW_BYTES = (8 + 4 + 1 + 2 + 1 + 2 + 4 + 8 + 4 + 1 + 1 + 2) + 8; // + per-column padding, amortised
export const columnsChunkBytes = (rows: number): number => 8 + COLUMNS.length * 8 + rows * (COLUMNS_ROW_BYTES - 8);

export const createColumnsEncoder = (): SessionEncoder => ({
  maxRowBytes: COLUMNS_ROW_BYTES,
  header: () => new Uint8Array(0),
  encode(b, from, to, out, pos) {
    const n = to - from;
    new DataView(out.buffer, out.byteOffset).setUint32(pos, n, true);
    pos += 8;
    for (const c of COLUMNS) {
      const col = b[c];
      const bytes = new Uint8Array(col.buffer, col.byteOffset + from * col.BYTES_PER_ELEMENT, n * col.BYTES_PER_ELEMENT);
      out.set(bytes, pos);
      pos += pad8(bytes.length);
    }
    return pos;
  },
});

/** The inverse: a batch (copied out of the transport bytes) holding one chunk's rows. */
export const decodeColumns = (bytes: Uint8Array): SessionBatch => {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const b = new SessionBatch(n);
  let pos = 8;
  for (const c of COLUMNS) {
    const col = b[c];
    const len = n * col.BYTES_PER_ELEMENT;
    new Uint8Array(col.buffer, col.byteOffset, len).set(bytes.subarray(pos, pos + len));
    pos += pad8(len);
  }
  b.length = n;
  return b;
};

/**
 * Reading flow files back: every format `collect` writes (msgpack, csv, jsonl, json, ipfix) is detected from
 * its first bytes and streamed into reused FlowBatch columns — memory stays flat whatever the file size.
 * A truncated or corrupt file raises ReadError with the byte offset of the problem; callers that want what
 * was valid before it (--lenient) catch it after the last complete batch.
 */
import * as fs from 'node:fs';
import { FlowBatch } from '@flowgen/core';

export class ReadError extends Error {
  readonly _tag = 'ReadError';
  constructor(readonly file: string, readonly offset: number, readonly problem: string) {
    super(`${file}: byte ${offset}: ${problem}`);
  }
}

export type FlowFileFormat = 'msgpack' | 'csv' | 'nfdump-csv' | 'jsonl' | 'json' | 'ipfix';

export interface FlowReader {
  readonly format: FlowFileFormat;
  /** column of each of our fields in the file (msgpack and CSV): what a reader of a later byte range needs */
  readonly order?: ReadonlyArray<number>;
  /** columns per CSV line (a header may name more than ours) */
  readonly columns?: number;
  /** pattern names seen so far; `batch.pattern` indexes into this (shared with the batches) */
  readonly patternNames: string[];
  /** fills `b` (created by newBatch) with up to its capacity; returns the count, 0 at the end */
  next(b: FlowBatch): number;
  newBatch(capacity?: number): FlowBatch;
  /** file offset of the next record: how far the reader got (progress) */
  offset(): number;
  close(): void;
}

const BUFFER = 1 << 23;

/** A file read in large blocks with a window that decoders advance through; `ensure(n)` refills. */
export class BlockFile {
  buf: Buffer;
  /** big-endian reads of 16/32-bit fields in one load each (V8 compiles DataView getters inline) */
  view: DataView;
  pos = 0;
  end = 0;
  /** file offset of buf[0] */
  base = 0;
  eof = false;
  private readonly fd: number;

  /**
   * `start`: the file offset to read from; `limit`: readers stop before a record that starts at or after it
   * (a worker's byte range of a large file); `bufferBytes`: the first read (small for a look at a header or a
   * record boundary; the buffer grows when a record needs it).
   */
  constructor(readonly path: string, start = 0, readonly limit = Infinity, bufferBytes = BUFFER) {
    this.fd = fs.openSync(path, 'r');
    this.buf = Buffer.allocUnsafe(bufferBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.base = start;
    this.fill();
  }

  /** true when the next record starts at or after `limit` */
  atLimit(): boolean {
    return this.base + this.pos >= this.limit;
  }

  /** Makes at least n bytes available after pos (fewer only at the end of the file); returns what is available. */
  ensure(n: number): number {
    if (this.end - this.pos < n && !this.eof) {
      const keep = this.end - this.pos;
      if (n > this.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
        this.buf.copy(bigger, 0, this.pos, this.end);
        this.buf = bigger;
        this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
      } else this.buf.copy(this.buf, 0, this.pos, this.end);
      this.base += this.pos;
      this.pos = 0;
      this.end = keep;
      this.fill();
    }
    return this.end - this.pos;
  }

  private fill(): void {
    while (this.end < this.buf.length && !this.eof) {
      const n = fs.readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.base + this.end);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }

  offset(): number {
    return this.base + this.pos;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Which format a file holds, from its first bytes. */
export const detectFormat = (file: string, head: Uint8Array): FlowFileFormat => {
  if (head.length === 0) throw new ReadError(file, 0, 'empty file');
  const b = head[0]!;
  if (b === 0x00 && head[1] === 0x0a) return 'ipfix';
  if ((b & 0xf0) === 0x80 || b === 0xde || b === 0xdf || (b & 0xf0) === 0x90 || b === 0xdc) return 'msgpack';
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'jsonl';
  // nfdump -o csv: its header, or (-q) a line starting with a date
  const text = Buffer.from(head.subarray(i, i + 32)).toString('latin1');
  if (text.startsWith('ts,te,td,sa,da,') || /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(text)) return 'nfdump-csv';
  if ((head[i]! >= 0x30 && head[i]! <= 0x39) || (head[i]! >= 0x61 && head[i]! <= 0x7a)) return 'csv';
  throw new ReadError(file, 0, 'not a flow file (expected msgpack, csv, nfdump csv, jsonl, json or ipfix)');
};

/** Shared by the readers: names → indices, growing as new pattern names appear. */
export class PatternIndex {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly file: string) {}
  of(name: string, offset: number): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (this.names.length >= 255) throw new ReadError(this.file, offset, 'more than 255 distinct pattern names');
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

/** The FlowReader around a reader's `fill` (which decodes into b from row 0 and returns the count). */
export const readerOf = (
  format: FlowFileFormat, file: BlockFile, patterns: PatternIndex, fill: (b: FlowBatch) => number, order?: ReadonlyArray<number>, columns?: number,
): FlowReader => ({
  format,
  order,
  columns,
  patternNames: patterns.names,
  newBatch: (capacity = 16384) => new FlowBatch(capacity, patterns.names),
  close: () => file.close(),
  offset: () => file.offset(),
  next(b: FlowBatch): number {
    b.length = 0;
    return fill(b);
  },
});

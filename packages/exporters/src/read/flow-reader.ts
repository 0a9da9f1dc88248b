/**
 * Reading flow files back: every format `collect` writes (msgpack, csv, jsonl, json, ipfix) is detected from
 * its first bytes and streamed into reused FlowBatch columns — memory stays flat whatever the file size.
 * A truncated or corrupt file raises ReadError with the byte offset of the problem; callers that want what
 * was valid before it (--lenient) catch it after the last complete batch.
 */
import { FlowBatch } from '@flowgen/core';
import { displayName, openByteSource, type ByteSource } from './byte-source';
import { ReadError } from './read-error';
import { isPcap, isPcapng } from './pcap-source';

export { ReadError };

export type FlowFileFormat = 'msgpack' | 'csv' | 'text' | 'nfdump-csv' | 'jsonl' | 'json' | 'ipfix' | 'netflow';

export interface FlowReader {
  readonly format: FlowFileFormat;
  /** column of each of our fields in the file (msgpack and CSV): what a reader of a later byte range needs */
  readonly order?: ReadonlyArray<number>;
  /** columns per CSV line (a header may name more than ours) */
  readonly columns?: number;
  /** pattern names seen so far; `batch.pattern` indexes into this (shared with the batches) */
  readonly patternNames: string[];
  /** how the input was compressed (its records are then read from one stream) */
  readonly compression?: string;
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
  /** the name in messages (stdin for `-`) */
  readonly path: string;
  readonly source: ByteSource;
  readonly limit: number;

  /**
   * `start`: the file offset to read from; `limit`: readers stop before a record that starts at or after it
   * (a worker's byte range of a large file). Streams and compressed files are read whole, once, in order.
   */
  constructor(file: string, start = 0, limit = Infinity, source?: ByteSource) {
    this.path = displayName(file);
    this.source = source ?? openByteSource(file, start);
    this.limit = this.source.seekable ? limit : Infinity;
    this.buf = Buffer.allocUnsafe(BUFFER);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.base = start;
    this.fill(1 << 16);
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
      this.fill(n);
    }
    return this.end - this.pos;
  }

  /**
   * A regular file fills the whole window; a stream (a pipe from a live run) stops once `need` bytes and
   * another MiB are in, so records flow on without waiting for 8 MiB of input.
   */
  private fill(need: number): void {
    const target = this.source.seekable ? this.buf.length : Math.min(this.buf.length, this.pos + need + (1 << 20));
    while (this.end < target && !this.eof) {
      const n = this.source.read(this.buf, this.end, this.buf.length - this.end);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }

  offset(): number {
    return this.base + this.pos;
  }

  close(): void {
    this.source.close();
  }
}

/**
 * Which format a file holds, from its first bytes (the name is not needed: `-` and FIFOs have none). `pcap`
 * and `length` are framings of NetFlow/IPFIX datagrams; `netflow` is raw v5/v9 datagrams back to back.
 */
export const detectFormat = (file: string, head: Uint8Array): FlowFileFormat | 'pcap' | 'length' => {
  if (head.length === 0) throw new ReadError(file, 0, 'empty file');
  const b = head[0]!;
  if (isPcap(head)) return 'pcap';
  if (isPcapng(head)) throw new ReadError(file, 0, 'a pcapng capture: convert it to pcap first (editcap -F pcap IN OUT, or tshark -F pcap -w OUT -r IN)');
  if (b === 0x00 && head[1] === 0x0a) return 'ipfix';
  if (b === 0x00 && (head[1] === 0x05 || head[1] === 0x09)) return 'netflow';
  if ((b & 0xf0) === 0x80 || b === 0xde || b === 0xdf || (b & 0xf0) === 0x90 || b === 0xdc) return 'msgpack';
  // collect's length framing: a 2-byte datagram length (16 … 8191), then a v5, v9 or IPFIX header
  const length = (b << 8) | (head[1] ?? 0);
  if (b < 0x20 && length >= 16 && head[2] === 0 && (head[3] === 5 || head[3] === 9 || head[3] === 10)) return 'length';
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'jsonl';
  // nfdump -o csv: its header, or (-q) a line starting with a date
  const text = Buffer.from(head.subarray(i)).toString('latin1');
  if (text.startsWith('ts,te,td,sa,da,') || /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(text)) return 'nfdump-csv';
  if ((head[i]! >= 0x30 && head[i]! <= 0x39) || (head[i]! >= 0x61 && head[i]! <= 0x7a)) {
    // collect's csv has a comma within the first field or two; its text format aligns columns with spaces
    const line = text.split('\n')[0]!;
    return line.includes(',') || !line.includes(' ') ? 'csv' : 'text';
  }
  throw new ReadError(file, 0, 'not a flow file (expected msgpack, csv, text, nfdump csv, jsonl, json, ipfix, or NetFlow v5/v9/IPFIX in pcap, raw or length framing)');
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
  compression: file.source.compression,
  newBatch: (capacity = 16384) => new FlowBatch(capacity, patterns.names),
  close: () => file.close(),
  offset: () => file.offset(),
  next(b: FlowBatch): number {
    b.length = 0;
    return fill(b);
  },
});

/**
 * How event records (name/value pairs from the state-machine engine, in emitter dimension order) become
 * bytes: JSON lines (default), CSV, msgpack, or a named Jinja template. An encoder appends to a growing
 * output buffer that the caller flushes to the sink in large pieces.
 */
import type { Instant } from '@flowgen/core';

export type EventValue = number | string | boolean | null | Instant | EventValue[] | { [k: string]: EventValue };

/** A growing byte buffer strings and bytes are appended to. */
export class OutBuffer {
  bytes = Buffer.allocUnsafe(1 << 20);
  private bytesUsed = 0;
  /** text appended since the last conversion: one UTF-8 encode per ~64 K characters, not one per record */
  private text = '';
  get length(): number {
    return this.bytesUsed + this.text.length;
  }
  /**
   * Direct byte access for encoders that write bytes themselves: settles pending text, makes room for n more
   * bytes and returns the write position; the encoder writes into `bytes` and then calls `advance(end)`.
   */
  reserve(n: number): number {
    this.settle();
    this.ensure(n);
    return this.bytesUsed;
  }
  advance(end: number): void {
    this.bytesUsed = end;
  }
  private ensure(n: number): void {
    if (this.bytesUsed + n <= this.bytes.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.bytesUsed + n));
    this.bytes.copy(b, 0, 0, this.bytesUsed);
    this.bytes = b;
  }
  private settle(): void {
    if (this.text === '') return;
    this.ensure(this.text.length * 3);
    this.bytesUsed += this.bytes.write(this.text, this.bytesUsed, 'utf8');
    this.text = '';
  }
  string(s: string): void {
    this.text += s;
    if (this.text.length > 65536) this.settle();
  }
  raw(b: Uint8Array): void {
    this.settle();
    this.ensure(b.length);
    this.bytes.set(b, this.bytesUsed);
    this.bytesUsed += b.length;
  }
  /** the bytes so far (copied), and an empty buffer */
  take(): Uint8Array {
    this.settle();
    const out = Uint8Array.prototype.slice.call(this.bytes, 0, this.bytesUsed);
    this.bytesUsed = 0;
    return out;
  }
}

export interface EventEncoder {
  /** written once before the first record (CSV header row, template header, msgpack header map) */
  header(out: OutBuffer): void;
  record(out: OutBuffer, emitter: number, names: ReadonlyArray<string>, values: ReadonlyArray<EventValue>, n: number): void;
}

export const EVENT_FORMATS = ['jsonl', 'csv', 'msgpack'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

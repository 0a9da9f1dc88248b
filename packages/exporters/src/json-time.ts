/**
 * How JSON writers put a timestamp (a [sec, nsec] pair): `ns`, a JSON integer with all 19 digits (the default;
 * exact for Python, jq ≥ 1.7, DuckDB); `string`, the same digits as a JSON string (exact for jq 1.6 and
 * JavaScript's JSON.parse, which round integers above 2^53); `iso`, an ISO 8601 UTC string with nine fraction
 * digits. Every JSON writer (flows, sessions, events, analyze and aggregate output) takes the same choice,
 * so a field has the same type whatever command wrote it.
 */
import { NsWriter, utf8, write9, writeBytes } from './byte-writer';

export const TIME_FORMATS = ['ns', 'iso', 'string'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** the widest timestamp any format writes: `"2106-02-07T06:28:15.999999999Z"` */
export const MAX_TIME_BYTES = 32;

export class JsonTimeWriter {
  private readonly ns = new NsWriter();
  /** iso: the cached `"YYYY-MM-DDTHH:MM:SS.` of the last second written */
  private sec = -1;
  private prefix: Uint8Array = new Uint8Array(0);
  private static readonly Z = utf8('Z"');

  constructor(readonly format: TimeFormat = 'ns') {}

  write(out: Uint8Array, pos: number, sec: number, nsec: number): number {
    if (this.format === 'ns') return this.ns.write(out, pos, sec, nsec);
    if (this.format === 'string') {
      out[pos++] = 34;
      pos = this.ns.write(out, pos, sec, nsec);
      out[pos++] = 34;
      return pos;
    }
    if (sec !== this.sec) {
      this.sec = sec;
      this.prefix = utf8(`"${new Date(sec * 1000).toISOString().slice(0, 20)}`);
    }
    pos = writeBytes(out, pos, this.prefix);
    pos = write9(out, pos, nsec);
    return writeBytes(out, pos, JsonTimeWriter.Z);
  }
}

/** a decimal ns string as a JSON value in `format` (for the writers that build JSON as text: analyze, aggregate) */
export const jsonTimeText = (ns: string, format: TimeFormat): string => {
  if (format === 'ns') return ns;
  if (format === 'string') return `"${ns}"`;
  const n = BigInt(ns);
  const sec = n / 1_000_000_000n;
  return `"${new Date(Number(sec) * 1000).toISOString().slice(0, 20)}${(n % 1_000_000_000n).toString().padStart(9, '0')}Z"`;
};

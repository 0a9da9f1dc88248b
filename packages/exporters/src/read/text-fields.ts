import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import type { BlockFile } from './flow-reader';
import { ReadError } from './read-error';

/**
 * Byte-level parsing shared by the CSV and JSON readers: unsigned integers, integer-ns timestamps split into
 * (sec, nsec) without going through a float, dotted-quad IPv4. Each returns the position after what it read
 * and leaves its value in `out` (reused), or returns −1 when the bytes are not what was expected.
 */
export const parsed = new Float64Array(2);

/** what each field (FLOW_FIELDS order) may hold: values outside are refused, never wrapped into the columns */
export const FIELD_RANGE = [
  'integer ns since 1970 before 2106', 'integer ns since 1970 before 2106', 'a dotted-quad IPv4 address', 'a dotted-quad IPv4 address',
  'an integer 0…65535', 'an integer 0…65535', 'an integer 0…255', 'an integer 0…2^53', 'an integer 0…2^53', 'an integer 0…255',
];
/** largest seconds a flow timestamp may have (the batch keeps 32-bit seconds) */
export const MAX_SEC = 0xffffffff;
/** largest value of the integer fields 4…9 (ports, protocol, packets, bytes, tcp_flags); 0 for the others */
export const MAX_OF = [0, 0, 0, 0, 0xffff, 0xffff, 0xff, 2 ** 53, 2 ** 53, 0xff];

/** digits at p → parsed[0]; at most 16 digits (< 2^53) */
export const parseUint = (buf: Uint8Array, p: number, end: number): number => {
  let v = 0;
  const start = p;
  while (p < end) {
    const d = buf[p]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    p++;
  }
  if (p === start || p - start > 16) return -1;
  parsed[0] = v;
  return p;
};

/** an integer nanosecond timestamp → parsed[0] = sec, parsed[1] = nsec */
export const parseNs = (buf: Uint8Array, p: number, end: number): number => {
  const start = p;
  while (p < end && buf[p]! >= 48 && buf[p]! <= 57) p++;
  const len = p - start;
  if (len === 0 || len > 20) return -1;
  const split = Math.max(start, p - 9);
  let sec = 0, nsec = 0;
  for (let i = start; i < split; i++) sec = sec * 10 + buf[i]! - 48;
  for (let i = split; i < p; i++) nsec = nsec * 10 + buf[i]! - 48;
  if (sec > MAX_SEC) return -1;
  parsed[0] = sec;
  parsed[1] = nsec;
  return p;
};

/** a.b.c.d → parsed[0] as uint32 */
export const parseIp = (buf: Uint8Array, p: number, end: number): number => {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    let o = 0, digits = 0;
    while (p < end && buf[p]! >= 48 && buf[p]! <= 57 && digits < 3) (o = o * 10 + buf[p]! - 48), p++, digits++;
    if (digits === 0 || o > 255) return -1;
    v = v * 256 + o;
    if (k < 3) {
      if (buf[p] !== 46) return -1;
      p++;
    }
  }
  parsed[0] = v;
  return p;
};

/**
 * Parses field f (FLOW_FIELDS order, 0…9: timestamps, addresses, numbers) at p into row n of b; returns the
 * position after it, or −1. The pattern (10) is the callers' own: how a name is delimited differs.
 */
export const parseField = (buf: Uint8Array, p: number, end: number, f: number, b: FlowBatch, n: number): number => {
  if (f <= 1) {
    p = parseNs(buf, p, end);
    if (f === 0) (b.startSec[n] = parsed[0]!), (b.startNsec[n] = parsed[1]!);
    else (b.endSec[n] = parsed[0]!), (b.endNsec[n] = parsed[1]!);
    return p;
  }
  if (f <= 3) {
    p = parseIp(buf, p, end);
    if (f === 2) b.srcIp[n] = parsed[0]!;
    else b.dstIp[n] = parsed[0]!;
    return p;
  }
  p = parseUint(buf, p, end);
  const v = parsed[0]!;
  if (v > MAX_OF[f]!) return -1;
  if (f === 4) b.srcPort[n] = v;
  else if (f === 5) b.dstPort[n] = v;
  else if (f === 6) b.protocol[n] = v;
  else if (f === 7) b.packets[n] = v;
  else if (f === 8) b.bytes[n] = v;
  else b.tcpFlags[n] = v;
  return p;
};

/**
 * Reads the header row at the file's position (CSV or text, split by `split`) and moves past it: the column of
 * each FLOW_FIELDS entry and the number of columns, or a ReadError naming the first missing one (`label`
 * starts the messages: "CSV header", "header").
 */
export const readHeaderRow = (file: BlockFile, label: string, split: (line: string) => string[]): { order: number[]; columns: number } => {
  const nl = file.buf.indexOf(10, file.pos);
  if (nl < 0 || nl >= file.end) throw new ReadError(file.path, file.offset(), `${label} row has no line end`);
  const cols = split(file.buf.toString('latin1', file.pos, nl));
  const order = FLOW_FIELDS.map((f) => {
    const i = cols.indexOf(f);
    if (i < 0) throw new ReadError(file.path, file.offset(), `${label} lacks the column "${f}" (has: ${cols.join(', ')})`);
    return i;
  });
  file.pos = nl + 1;
  return { order, columns: cols.length };
};

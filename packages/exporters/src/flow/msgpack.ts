/**
 * msgpack: a stream of msgpack values any decoder reads one after another — first a header map
 * {format, version, fields, seed, config} (encoded with msgpackr, once), then one array per record in `fields`
 * order, written by hand: timestamps always as uint64 (0xcf), IPs as uint32, other integers in their
 * smallest msgpack form, the pattern as a string.
 */
import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import { Packr } from 'msgpackr';
import { EMPTY, MAX_PATTERN_NAME, type CreateEncoder } from './flow-encoder';

export const MSGPACK_FORMAT = 'flowgen-flows';
export const MSGPACK_VERSION = 1;

/** msgpack uint64 (0xcf) from its 32-bit halves */
const writeU64 = (out: Uint8Array, pos: number, hi: number, lo: number): number => {
  out[pos] = 0xcf;
  out[pos + 1] = hi >>> 24;
  out[pos + 2] = (hi >>> 16) & 255;
  out[pos + 3] = (hi >>> 8) & 255;
  out[pos + 4] = hi & 255;
  out[pos + 5] = lo >>> 24;
  out[pos + 6] = (lo >>> 16) & 255;
  out[pos + 7] = (lo >>> 8) & 255;
  out[pos + 8] = lo & 255;
  return pos + 9;
};

/**
 * Writes sec·1e9 + nsec as a big-endian uint64 using only exact double arithmetic (no BigInt). sec·1e9 is split
 * into 32-bit halves once per second (consecutive flows nearly always share it), so a record costs one add
 * and a carry instead of four divisions.
 */
class Ns64Writer {
  private sec = -1;
  private hi = 0;
  private lo = 0;
  write(out: Uint8Array, pos: number, sec: number, nsec: number): number {
    if (sec !== this.sec) {
      // sec·1e9 = P·2^16 + Q with P = (sec >>> 16)·1e9, Q = (sec & 0xffff)·1e9 (both < 2^47)
      const P = Math.floor(sec / 65536) * 1e9;
      const Q = (sec % 65536) * 1e9;
      const pHi = Math.floor(P / 65536);
      const R = (P - pHi * 65536) * 65536 + Q; // = pHi·2^32 + R, R < 2^48
      const rHi = Math.floor(R / 4294967296);
      this.sec = sec;
      this.hi = pHi + rHi;
      this.lo = R - rHi * 4294967296;
    }
    let hi = this.hi;
    let lo = this.lo + nsec;
    if (lo >= 4294967296) {
      lo -= 4294967296;
      hi++;
    }
    return writeU64(out, pos, hi, lo);
  }
}

/** A non-negative integer below 2^53 in its smallest msgpack form. */
const writeUintMp = (out: Uint8Array, pos: number, v: number): number => {
  if (v < 128) {
    out[pos] = v;
    return pos + 1;
  }
  if (v < 256) {
    out[pos] = 0xcc;
    out[pos + 1] = v;
    return pos + 2;
  }
  if (v < 65536) {
    out[pos] = 0xcd;
    out[pos + 1] = v >>> 8;
    out[pos + 2] = v & 255;
    return pos + 3;
  }
  if (v < 4294967296) {
    out[pos] = 0xce;
    out[pos + 1] = v >>> 24;
    out[pos + 2] = (v >>> 16) & 255;
    out[pos + 3] = (v >>> 8) & 255;
    out[pos + 4] = v & 255;
    return pos + 5;
  }
  const hi = Math.floor(v / 4294967296);
  return writeU64(out, pos, hi, v - hi * 4294967296);
};

export const createEncoder: CreateEncoder = (o) => {
  // pattern names pre-encoded as complete msgpack strings
  const names = o.patternNames.map((n) => new Packr().pack(n) as Uint8Array);
  const header = o.header
    ? (new Packr({ useRecords: false }).pack({ format: MSGPACK_FORMAT, version: MSGPACK_VERSION, fields: [...FLOW_FIELDS], ...(o.meta ?? {}) }) as Uint8Array)
    : EMPTY;
  const ARRAY = 0x90 | FLOW_FIELDS.length;
  const startNs = new Ns64Writer();
  const endNs = new Ns64Writer();
  return {
    maxRecordBytes: 1 + 2 * 9 + 2 * 5 + 3 * 3 + 2 + 2 * 9 + 2 + MAX_PATTERN_NAME + 2,
    header: () => header,
    trailer: () => EMPTY,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      const { startSec, startNsec, endSec, endNsec, srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes, tcpFlags, pattern } = b;
      for (let i = from; i < to; i++) {
        out[pos++] = ARRAY;
        pos = startNs.write(out, pos, startSec[i]!, startNsec[i]!);
        pos = endNs.write(out, pos, endSec[i]!, endNsec[i]!);
        pos = writeUintMp(out, pos, srcIp[i]!);
        pos = writeUintMp(out, pos, dstIp[i]!);
        pos = writeUintMp(out, pos, srcPort[i]!);
        pos = writeUintMp(out, pos, dstPort[i]!);
        pos = writeUintMp(out, pos, protocol[i]!);
        pos = writeUintMp(out, pos, packets[i]!);
        pos = writeUintMp(out, pos, bytes[i]!);
        pos = writeUintMp(out, pos, tcpFlags[i]!);
        const name = names[pattern[i]!]!;
        for (let j = 0; j < name.length; j++) out[pos++] = name[j]!;
      }
      return pos;
    },
  };
};

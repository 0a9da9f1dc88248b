/**
 * text: aligned columns for people — the csv fields and values (same names, integer ns timestamps) padded to
 * fixed widths, numbers right-aligned, with a header line unless --no-header.
 */
import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import * as bw from '../byte-writer';
import { EMPTY, MAX_PATTERN_NAME, type CreateEncoder } from './flow-encoder';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { NsWriter, pad, utf8, writeBytes, writeIp, writeU32, writeUint } = bw;

/** column widths in FLOW_FIELDS order; numbers are right-aligned */
const WIDTHS = [19, 19, 15, 15, 8, 8, 8, 10, 12, 9, 0];
const RIGHT = [true, true, false, false, true, true, true, true, true, true, false];

export const createEncoder: CreateEncoder = (o) => {
  // one per column: each caches its last second, and start and end often differ in it
  const startNs = new NsWriter();
  const endNs = new NsWriter();
  const names = o.patternNames.map(utf8);
  const header = o.header
    ? utf8(FLOW_FIELDS.map((f, i) => (RIGHT[i] ? f.padStart(WIDTHS[i]!) : f.padEnd(WIDTHS[i]!))).join(' ').trimEnd() + '\n')
    : EMPTY;
  return {
    maxRecordBytes: WIDTHS.reduce((a, w) => a + w + 1, 0) + 2 * 16 + MAX_PATTERN_NAME + 2,
    header: () => header,
    trailer: () => EMPTY,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      for (let i = from; i < to; i++) {
        let s = pos;
        pos = pad(out, s, startNs.write(out, s, b.startSec[i]!, b.startNsec[i]!), 19, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, endNs.write(out, s, b.endSec[i]!, b.endNsec[i]!), 19, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeIp(out, s, b.srcIp[i]!), 15, false);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeIp(out, s, b.dstIp[i]!), 15, false);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeU32(out, s, b.srcPort[i]!), 8, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeU32(out, s, b.dstPort[i]!), 8, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeU32(out, s, b.protocol[i]!), 8, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeUint(out, s, b.packets[i]!), 10, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeUint(out, s, b.bytes[i]!), 12, true);
        out[pos++] = 32;
        s = pos;
        pos = pad(out, s, writeU32(out, s, b.tcpFlags[i]!), 9, true);
        out[pos++] = 32;
        pos = writeBytes(out, pos, names[b.pattern[i]!]!);
        out[pos++] = 10;
      }
      return pos;
    },
  };
};

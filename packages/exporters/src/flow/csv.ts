/** csv: a header row (unless --no-header), dotted-quad IPs, integer ns timestamps, pattern names. */
import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import * as bw from '../byte-writer';
import { EMPTY, MAX_PATTERN_NAME, type CreateEncoder } from './flow-encoder';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { NsWriter, utf8, writeBytes, writeIp, writeU32, writeUint } = bw;

export const createEncoder: CreateEncoder = (o) => {
  const names = o.patternNames.map(utf8);
  // one per column: each caches its last second, and start and end often differ in it
  const startNs = new NsWriter();
  const endNs = new NsWriter();
  const header = o.header ? utf8(FLOW_FIELDS.join(',') + '\n') : EMPTY;
  return {
    maxRecordBytes: 2 * 20 + 2 * 15 + 2 * 5 + 3 + 2 * 16 + 3 + MAX_PATTERN_NAME + 11,
    header: () => header,
    trailer: () => EMPTY,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      const { startSec, startNsec, endSec, endNsec, srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes, tcpFlags, pattern } = b;
      for (let i = from; i < to; i++) {
        pos = startNs.write(out, pos, startSec[i]!, startNsec[i]!);
        out[pos++] = 44;
        pos = endNs.write(out, pos, endSec[i]!, endNsec[i]!);
        out[pos++] = 44;
        pos = writeIp(out, pos, srcIp[i]!);
        out[pos++] = 44;
        pos = writeIp(out, pos, dstIp[i]!);
        out[pos++] = 44;
        pos = writeU32(out, pos, srcPort[i]!);
        out[pos++] = 44;
        pos = writeU32(out, pos, dstPort[i]!);
        out[pos++] = 44;
        pos = writeU32(out, pos, protocol[i]!);
        out[pos++] = 44;
        pos = writeUint(out, pos, packets[i]!);
        out[pos++] = 44;
        pos = writeUint(out, pos, bytes[i]!);
        out[pos++] = 44;
        pos = writeU32(out, pos, tcpFlags[i]!);
        out[pos++] = 44;
        pos = writeBytes(out, pos, names[pattern[i]!]!);
        out[pos++] = 10;
      }
      return pos;
    },
  };
};

/**
 * IPFIX (RFC 7011) messages; as a file (RFC 5655) they are simply written back to back. Template 256 carries
 * addresses, ports, protocol, tcpControlBits, 64-bit packet and octet counters, and the flow times twice:
 * flowStart/EndMilliseconds (152/153, what nfdump 1.7 reads) and flowStart/EndNanoseconds (156/157, NTP
 * format, exact to the ns: tshark shows them). The first message of every chunk carries the template set.
 * `sequence` counts the data records before each message in the run (per observation domain, mod 2^32).
 */
import type { FlowBatch } from '@flowgen/core';
import type { CreateEncoder } from '../flow-encoder';
import * as packet from './export-packet';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { closeFrame, epochMs, framingBytes, latestEnd, MAX_DATAGRAM, ntp, packetSettings, streamHeader, u16, u32, u64 } = packet;

const HEADER = 16;
const SET_HEADER = 4;
const TEMPLATE_ID = 256;
/** [information element, length] in record order */
const FIELDS: ReadonlyArray<readonly [number, number]> = [
  [8, 4], // sourceIPv4Address
  [12, 4], // destinationIPv4Address
  [7, 2], // sourceTransportPort
  [11, 2], // destinationTransportPort
  [4, 1], // protocolIdentifier
  [6, 2], // tcpControlBits (unsigned16 since RFC 7125)
  [2, 8], // packetDeltaCount
  [1, 8], // octetDeltaCount
  [152, 8], // flowStartMilliseconds
  [153, 8], // flowEndMilliseconds
  [156, 8], // flowStartNanoseconds
  [157, 8], // flowEndNanoseconds
];
const RECORD = FIELDS.reduce((a, [, l]) => a + l, 0); // 61
const TEMPLATE_SET = SET_HEADER + 4 + FIELDS.length * 4; // 56
export const IPFIX_PER_MESSAGE = Math.floor((MAX_DATAGRAM - HEADER - SET_HEADER) / RECORD); // 23
export const IPFIX_PER_TEMPLATE_MESSAGE = Math.floor((MAX_DATAGRAM - HEADER - TEMPLATE_SET - SET_HEADER) / RECORD); // 22

export const createEncoder: CreateEncoder = (o) => {
  const s = packetSettings(o.settings, 4739, 'raw');
  const frame = framingBytes(s.framing);
  const period = o.chunkSize ?? 16384;
  const header = streamHeader(s.framing);
  const exportTime = new Float64Array(2);
  return {
    maxRecordBytes: RECORD + HEADER + TEMPLATE_SET + SET_HEADER + frame,
    header: () => header,
    trailer: () => new Uint8Array(0),
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, index: number): number {
      let d = from;
      while (d < to) {
        const at = index + d - from;
        const withTemplate = at % period === 0;
        const n = Math.min(withTemplate ? IPFIX_PER_TEMPLATE_MESSAGE : IPFIX_PER_MESSAGE, to - d);
        const start = pos;
        const h = pos + frame;
        latestEnd(b.endSec, b.endNsec, d, d + n, exportTime);
        u16(out, h, 10);
        u32(out, h + 4, exportTime[0]!);
        u32(out, h + 8, at % 4294967296);
        u32(out, h + 12, s.domain);
        let p = h + HEADER;
        if (withTemplate) {
          u16(out, p, 2);
          u16(out, p + 2, TEMPLATE_SET);
          u16(out, p + 4, TEMPLATE_ID);
          u16(out, p + 6, FIELDS.length);
          p += 8;
          for (const [ie, len] of FIELDS) {
            u16(out, p, ie);
            u16(out, p + 2, len);
            p += 4;
          }
        }
        u16(out, p, TEMPLATE_ID);
        u16(out, p + 2, SET_HEADER + n * RECORD);
        p += SET_HEADER;
        for (let i = d; i < d + n; i++, p += RECORD) {
          const ss = b.startSec[i]!, sn = b.startNsec[i]!, es = b.endSec[i]!, en = b.endNsec[i]!;
          u32(out, p, b.srcIp[i]!);
          u32(out, p + 4, b.dstIp[i]!);
          u16(out, p + 8, b.srcPort[i]!);
          u16(out, p + 10, b.dstPort[i]!);
          out[p + 12] = b.protocol[i]!;
          u16(out, p + 13, b.tcpFlags[i]!);
          u64(out, p + 15, b.packets[i]!);
          u64(out, p + 23, b.bytes[i]!);
          u64(out, p + 31, epochMs(ss, sn));
          u64(out, p + 39, epochMs(es, en));
          ntp(out, p + 47, ss, sn);
          ntp(out, p + 55, es, en);
        }
        u16(out, h + 2, p - h);
        pos = p;
        closeFrame(out, start, pos, s, exportTime[0]!, exportTime[1]!, at);
        d += n;
      }
      return pos;
    },
  };
};

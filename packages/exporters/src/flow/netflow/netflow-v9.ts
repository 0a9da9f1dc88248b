/**
 * NetFlow v9 (RFC 3954): a 20-byte header, then flowsets. Template 256 describes one 38-byte record (addresses,
 * ports, protocol, TCP flags, 64-bit packet and byte counters, FIRST/LAST_SWITCHED in SysUptime ms). The
 * template is repeated at the start of every chunk (16 384 flows by default): the first packet of each chunk
 * carries it, so a collector that starts late, or a shard sent on its own, decodes within one chunk.
 * `sequence` counts export packets before this one in the run; `source_id` is the observation domain.
 */
import type { FlowBatch } from '@flowgen/core';
import type { CreateEncoder } from '../flow-encoder';
import * as packet from './export-packet';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { closeFrame, epochMs, exporterBootMs, framingBytes, latestEnd, MAX_DATAGRAM, packetSettings, streamHeader, u16, u32, u64 } = packet;

const HEADER = 20;
const SET_HEADER = 4;
const TEMPLATE_ID = 256;
/** [type, length] of each field, in record order */
const FIELDS: ReadonlyArray<readonly [number, number]> = [
  [8, 4], // IPV4_SRC_ADDR
  [12, 4], // IPV4_DST_ADDR
  [7, 2], // L4_SRC_PORT
  [11, 2], // L4_DST_PORT
  [4, 1], // PROTOCOL
  [6, 1], // TCP_FLAGS
  [2, 8], // IN_PKTS
  [1, 8], // IN_BYTES
  [22, 4], // FIRST_SWITCHED
  [21, 4], // LAST_SWITCHED
];
const RECORD = FIELDS.reduce((a, [, l]) => a + l, 0); // 38
const TEMPLATE_SET = SET_HEADER + 4 + FIELDS.length * 4; // 48
export const V9_PER_PACKET = Math.floor((MAX_DATAGRAM - HEADER - SET_HEADER - 3) / RECORD); // 37
export const V9_PER_TEMPLATE_PACKET = Math.floor((MAX_DATAGRAM - HEADER - TEMPLATE_SET - SET_HEADER - 3) / RECORD); // 36

/** export packets needed for `records` records at the start of a template period */
const packetsFor = (records: number): number =>
  records <= 0 ? 0 : 1 + Math.ceil(Math.max(0, records - V9_PER_TEMPLATE_PACKET) / V9_PER_PACKET);

export const createEncoder: CreateEncoder = (o) => {
  const s = packetSettings(o.settings, 2055, 'pcap');
  const frame = framingBytes(s.framing);
  const period = o.chunkSize ?? 16384;
  const packetsPerPeriod = packetsFor(period);
  const bootMs = exporterBootMs(o.startNs);
  const header = streamHeader(s.framing);
  const exportTime = new Float64Array(2);
  return {
    maxRecordBytes: RECORD + HEADER + TEMPLATE_SET + SET_HEADER + 3 + frame,
    header: () => header,
    trailer: () => new Uint8Array(0),
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, index: number): number {
      let d = from;
      while (d < to) {
        const at = index + d - from; // run index of this packet's first record
        const inPeriod = at % period;
        const withTemplate = inPeriod === 0;
        const n = Math.min(withTemplate ? V9_PER_TEMPLATE_PACKET : V9_PER_PACKET, to - d);
        const sequence = Math.floor(at / period) * packetsPerPeriod + packetsFor(inPeriod);
        const start = pos;
        const h = pos + frame;
        latestEnd(b.endSec, b.endNsec, d, d + n, exportTime);
        // the v9 header has whole seconds only: export at the next whole second so that collectors, which
        // compute first = unix_secs − (sys_uptime − FIRST_SWITCHED), get the ms right
        const exportMs = Math.ceil(epochMs(exportTime[0]!, exportTime[1]!) / 1000) * 1000;
        u16(out, h, 9);
        u16(out, h + 2, n + (withTemplate ? 1 : 0));
        u32(out, h + 4, (exportMs - bootMs) % 4294967296);
        u32(out, h + 8, Math.floor(exportMs / 1000));
        u32(out, h + 12, sequence % 4294967296);
        u32(out, h + 16, s.domain);
        let p = h + HEADER;
        if (withTemplate) {
          u16(out, p, 0);
          u16(out, p + 2, TEMPLATE_SET);
          u16(out, p + 4, TEMPLATE_ID);
          u16(out, p + 6, FIELDS.length);
          p += 8;
          for (const [type, len] of FIELDS) {
            u16(out, p, type);
            u16(out, p + 2, len);
            p += 4;
          }
        }
        const set = p;
        p += SET_HEADER;
        for (let i = d; i < d + n; i++, p += RECORD) {
          u32(out, p, b.srcIp[i]!);
          u32(out, p + 4, b.dstIp[i]!);
          u16(out, p + 8, b.srcPort[i]!);
          u16(out, p + 10, b.dstPort[i]!);
          out[p + 12] = b.protocol[i]!;
          out[p + 13] = b.tcpFlags[i]!;
          u64(out, p + 14, b.packets[i]!);
          u64(out, p + 22, b.bytes[i]!);
          u32(out, p + 30, (epochMs(b.startSec[i]!, b.startNsec[i]!) - bootMs) % 4294967296);
          u32(out, p + 34, (epochMs(b.endSec[i]!, b.endNsec[i]!) - bootMs) % 4294967296);
        }
        while ((p - set) % 4 !== 0) out[p++] = 0; // flowsets end on a 32-bit boundary
        u16(out, set, TEMPLATE_ID);
        u16(out, set + 2, p - set);
        pos = p;
        closeFrame(out, start, pos, s, exportTime[0]!, exportTime[1]!, sequence);
        d += n;
      }
      return pos;
    },
  };
};

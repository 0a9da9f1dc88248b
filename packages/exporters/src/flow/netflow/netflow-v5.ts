/**
 * NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records per datagram. Times are SysUptime
 * milliseconds; the exporter "booted" a minute before the run's start, and
 * SysUptime wraps after 49.7 days of simulated time. Limits of the format, documented in docs/formats.md:
 * IPv4 only, packets and bytes saturate at 2^32 − 1, millisecond times. flow_sequence counts the flows
 * before each datagram in the run, so shards and threads produce the sequence of one exporter.
 */
import type { FlowBatch } from '@flowgen/core';
import type { CreateEncoder } from '../flow-encoder';
import * as packet from './export-packet';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { closeFrame, epochMs, exporterBootMs, framingBytes, latestEnd, packetSettings, streamHeader, u16, u32, u32Saturating } = packet;

const HEADER = 24;
const RECORD = 48;
export const V5_PER_DATAGRAM = 30;

export const createEncoder: CreateEncoder = (o) => {
  const s = packetSettings(o.settings, 2055, 'pcap');
  const frame = framingBytes(s.framing);
  const bootMs = exporterBootMs(o.startNs);
  const header = streamHeader(s.framing);
  const exportTime = new Float64Array(2);
  return {
    maxRecordBytes: RECORD + HEADER + frame,
    header: () => header,
    trailer: () => new Uint8Array(0),
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, index: number): number {
      for (let d = from; d < to; d += V5_PER_DATAGRAM) {
        const n = Math.min(V5_PER_DATAGRAM, to - d);
        const start = pos;
        const h = pos + frame;
        latestEnd(b.endSec, b.endNsec, d, d + n, exportTime);
        const exportMs = epochMs(exportTime[0]!, exportTime[1]!);
        u16(out, h, 5);
        u16(out, h + 2, n);
        u32(out, h + 4, (exportMs - bootMs) % 4294967296);
        u32(out, h + 8, Math.floor(exportMs / 1000));
        u32(out, h + 12, (exportMs % 1000) * 1e6);
        u32(out, h + 16, (index + d - from) % 4294967296);
        out[h + 20] = s.engineType;
        out[h + 21] = s.engineId;
        u16(out, h + 22, 0);
        let r = h + HEADER;
        for (let i = d; i < d + n; i++, r += RECORD) {
          u32(out, r, b.srcIp[i]!);
          u32(out, r + 4, b.dstIp[i]!);
          u32(out, r + 8, 0); // next hop
          u32(out, r + 12, 0); // input, output ifIndex
          u32Saturating(out, r + 16, b.packets[i]!);
          u32Saturating(out, r + 20, b.bytes[i]!);
          u32(out, r + 24, (epochMs(b.startSec[i]!, b.startNsec[i]!) - bootMs) % 4294967296);
          u32(out, r + 28, (epochMs(b.endSec[i]!, b.endNsec[i]!) - bootMs) % 4294967296);
          u16(out, r + 32, b.srcPort[i]!);
          u16(out, r + 34, b.dstPort[i]!);
          out[r + 36] = 0;
          out[r + 37] = b.tcpFlags[i]!;
          out[r + 38] = b.protocol[i]!;
          out[r + 39] = 0; // tos
          u32(out, r + 40, 0); // src_as, dst_as
          u32(out, r + 44, 0); // src_mask, dst_mask, pad2
        }
        pos = r;
        closeFrame(out, start, pos, s, exportTime[0]!, exportTime[1]!, (index + d - from) / V5_PER_DATAGRAM);
      }
      return pos;
    },
  };
};

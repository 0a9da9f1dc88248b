/**
 * What `flowstats compare` needs to know about one flow set, gathered in one pass over its batches: value counts
 * of ports and protocols, flows per address (for rank–frequency curves), log histograms of duration, packets,
 * bytes and start-time gaps, and flows per hour of day. Memory is constant except for the address tables
 * (proportional to distinct addresses) and the start times kept for the gaps (8 bytes per flow, at most
 * MAX_STARTS; gaps come from the first MAX_STARTS flows of a larger set).
 */
import type { FlowBatch } from '@flowgen/core';
import { KeyTable } from '../key-table';
import { LogHistogram } from '../log-histogram';

/** start times kept for inter-arrival gaps: 16 M flows, 128 MiB */
export const MAX_STARTS = 1 << 24;

export class FlowProfile {
  readonly srcPort = new Float64Array(65536);
  readonly dstPort = new Float64Array(65536);
  readonly protocol = new Float64Array(256);
  readonly srcIp = new KeyTable();
  readonly dstIp = new KeyTable();
  readonly duration = new LogHistogram();
  readonly packets = new LogHistogram();
  readonly bytes = new LogHistogram();
  /** flows per UTC hour of day */
  readonly hours = new Float64Array(24);
  flows = 0;
  /** start times in ns relative to the first flow seen (exact as doubles for spans up to 104 days) */
  private starts = new Float64Array(1 << 16);
  private startCount = 0;
  private baseSec = -1;

  add(b: FlowBatch): void {
    const n = b.length;
    const { srcPort, dstPort, protocol, srcIp, dstIp, packets, bytes, startSec, startNsec, endSec, endNsec } = b;
    if (this.baseSec < 0 && n > 0) this.baseSec = startSec[0]!;
    const keep = Math.min(n, MAX_STARTS - this.startCount);
    if (this.startCount + keep > this.starts.length) {
      const grown = new Float64Array(Math.min(MAX_STARTS, Math.max(this.starts.length * 2, this.startCount + keep)));
      grown.set(this.starts.subarray(0, this.startCount));
      this.starts = grown;
    }
    for (let i = 0; i < n; i++) {
      this.srcPort[srcPort[i]!]!++;
      this.dstPort[dstPort[i]!]!++;
      this.protocol[protocol[i]!]!++;
      this.srcIp.add(srcIp[i]!, 1, 0, 0);
      this.dstIp.add(dstIp[i]!, 1, 0, 0);
      this.packets.add(packets[i]!);
      this.bytes.add(bytes[i]!);
      const s = startSec[i]!;
      this.duration.add(Math.max(0, (endSec[i]! - s) * 1e9 + (endNsec[i]! - startNsec[i]!)));
      this.hours[Math.floor(s / 3600) % 24]!++;
      if (i < keep) this.starts[this.startCount + i] = (s - this.baseSec) * 1e9 + startNsec[i]!;
    }
    this.startCount += keep;
    this.flows += n;
  }

  private gapHistogram: LogHistogram | undefined;

  /** gaps between consecutive flow starts (in start order), in ns; computed once, after the last add */
  gaps(): LogHistogram {
    if (this.gapHistogram) return this.gapHistogram;
    const h = (this.gapHistogram = new LogHistogram());
    const s = this.starts.subarray(0, this.startCount).sort();
    for (let i = 1; i < s.length; i++) h.add(s[i]! - s[i - 1]!);
    return h;
  }

  /** flows per address, largest first: the rank–frequency curve */
  rankCurve(side: 'src' | 'dst'): Float64Array {
    const t = side === 'src' ? this.srcIp : this.dstIp;
    const out = new Float64Array(t.size);
    let k = 0;
    t.forEach((_key, flows) => void (out[k++] = flows));
    return out.sort().reverse();
  }
}

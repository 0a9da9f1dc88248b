/**
 * What `flowstats analyze` reports about a set of flows, as one mergeable accumulator (update per batch,
 * merge across workers and files, finish into plain data): totals and time span, realised bandwidth,
 * protocol and pattern mix, the busiest destination ports, quantiles of packets/bytes/duration, the flow-size
 * tail, and distinct addresses and ports.
 */
import type { FlowBatch } from '@flowgen/core';
import { DistinctCounter } from './distinct-counter';
import { LogHistogram } from './log-histogram';
import { TopKeys, type TopRow } from './top-keys';

export interface SummaryResult {
  readonly totals: { flows: number; packets: number; bytes: number };
  /** ns since the epoch as decimal strings (exact), and the span in seconds */
  readonly time: { first_start_ns: string | null; last_start_ns: string | null; last_end_ns: string | null; span_s: number };
  /** bytes·8 / (last start − first start) */
  readonly realised_gbps: number;
  readonly protocols: TopRow[];
  readonly patterns: TopRow[];
  readonly top_dst_ports: TopRow[];
  readonly quantiles: Record<'packets' | 'bytes' | 'duration_ms', Record<'p50' | 'p90' | 'p99' | 'p999' | 'max', number>>;
  readonly mean: { packets: number; bytes: number; duration_ms: number };
  /** share of all bytes carried by the largest 1 % / 10 % of flows */
  readonly bytes_in_top: { '1%': number; '10%': number };
  readonly distinct: Record<'src_ip' | 'dst_ip' | 'src_port' | 'dst_port', { count: number; exact: boolean }>;
  readonly distinct_method: string;
}

/** an instant as [sec, nsec]; compared lexicographically */
const before = (s1: number, n1: number, s2: number, n2: number) => s1 < s2 || (s1 === s2 && n1 < n2);
const nsString = (sec: number, nsec: number) => (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();

export class FlowSummary {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: FlowSummary): FlowSummary {
    Object.setPrototypeOf(o, FlowSummary.prototype);
    [o.protocols, o.patterns, o.dstPorts].forEach(TopKeys.revive);
    [o.pk, o.by, o.dur].forEach(LogHistogram.revive);
    o.distinct.forEach(DistinctCounter.revive);
    return o;
  }

  flows = 0;
  packets = 0;
  bytes = 0;
  private first = [Infinity, 0];
  private lastStart = [-Infinity, 0];
  private lastEnd = [-Infinity, 0];
  private readonly protocols = new TopKeys('proto');
  private readonly patterns = new TopKeys('pattern');
  private readonly dstPorts = new TopKeys('dstport');
  private readonly pk = new LogHistogram();
  private readonly by = new LogHistogram();
  private readonly dur = new LogHistogram(); // in whole µs: durations below 0.5 µs count as 0
  private readonly distinct = [new DistinctCounter(), new DistinctCounter()];
  /** ports: a bitmap over the 16-bit domain is exact and cheaper than any set */
  private readonly srcPorts = new Uint8Array(65536);
  private readonly dstPorts16 = new Uint8Array(65536);

  update(b: FlowBatch): void {
    const n = b.length;
    this.protocols.update(b);
    this.patterns.update(b);
    this.dstPorts.update(b);
    const [dSrc, dDst] = this.distinct as [DistinctCounter, DistinctCounter];
    const sp = this.srcPorts, dp = this.dstPorts16;
    for (let i = 0; i < n; i++) {
      const ss = b.startSec[i]!, sn = b.startNsec[i]!, es = b.endSec[i]!, en = b.endNsec[i]!;
      const pk = b.packets[i]!, by = b.bytes[i]!;
      this.packets += pk;
      this.bytes += by;
      if (before(ss, sn, this.first[0]!, this.first[1]!)) (this.first[0] = ss), (this.first[1] = sn);
      if (before(this.lastStart[0]!, this.lastStart[1]!, ss, sn)) (this.lastStart[0] = ss), (this.lastStart[1] = sn);
      if (before(this.lastEnd[0]!, this.lastEnd[1]!, es, en)) (this.lastEnd[0] = es), (this.lastEnd[1] = en);
      this.pk.add(pk);
      this.by.add(by);
      // whole µs: integer sums stay exact, so results do not depend on how work was split across threads
      this.dur.add(Math.floor(((es - ss) * 1e9 + (en - sn)) / 1e3 + 0.5));
      dSrc.add(b.srcIp[i]!);
      dDst.add(b.dstIp[i]!);
      sp[b.srcPort[i]!] = 1;
      dp[b.dstPort[i]!] = 1;
    }
    this.flows += n;
  }

  merge(o: FlowSummary): void {
    this.flows += o.flows;
    this.packets += o.packets;
    this.bytes += o.bytes;
    if (before(o.first[0]!, o.first[1]!, this.first[0]!, this.first[1]!)) this.first = [...o.first];
    if (before(this.lastStart[0]!, this.lastStart[1]!, o.lastStart[0]!, o.lastStart[1]!)) this.lastStart = [...o.lastStart];
    if (before(this.lastEnd[0]!, this.lastEnd[1]!, o.lastEnd[0]!, o.lastEnd[1]!)) this.lastEnd = [...o.lastEnd];
    this.protocols.merge(o.protocols);
    this.patterns.merge(o.patterns);
    this.dstPorts.merge(o.dstPorts);
    this.pk.merge(o.pk);
    this.by.merge(o.by);
    this.dur.merge(o.dur);
    this.distinct.forEach((d, i) => d.merge(o.distinct[i]!));
    for (let p = 0; p < 65536; p++) (this.srcPorts[p]! |= o.srcPorts[p]!), (this.dstPorts16[p]! |= o.dstPorts16[p]!);
  }

  finish(topPorts = 10): SummaryResult {
    const any = this.flows > 0;
    const spanNs = any ? (this.lastStart[0]! - this.first[0]!) * 1e9 + (this.lastStart[1]! - this.first[1]!) : 0;
    const q = (h: LogHistogram, scale = 1) => ({
      p50: h.quantile(0.5) * scale, p90: h.quantile(0.9) * scale, p99: h.quantile(0.99) * scale,
      p999: h.quantile(0.999) * scale, max: h.max * scale,
    });
    const [src, dst] = this.distinct.map((d) => ({ count: d.count(), exact: d.exact }));
    const ports = (bits: Uint8Array) => ({ count: bits.reduce((a, x) => a + x, 0), exact: true });
    const sport = ports(this.srcPorts), dport = ports(this.dstPorts16);
    return {
      totals: { flows: this.flows, packets: this.packets, bytes: this.bytes },
      time: {
        first_start_ns: any ? nsString(this.first[0]!, this.first[1]!) : null,
        last_start_ns: any ? nsString(this.lastStart[0]!, this.lastStart[1]!) : null,
        last_end_ns: any ? nsString(this.lastEnd[0]!, this.lastEnd[1]!) : null,
        span_s: spanNs / 1e9,
      },
      realised_gbps: spanNs > 0 ? (this.bytes * 8) / spanNs : 0,
      protocols: this.protocols.top('flows', 0),
      patterns: this.patterns.top('flows', 0),
      top_dst_ports: this.dstPorts.top('flows', topPorts),
      quantiles: { packets: q(this.pk), bytes: q(this.by), duration_ms: q(this.dur, 1e-3) },
      mean: { packets: any ? this.packets / this.flows : 0, bytes: any ? this.bytes / this.flows : 0, duration_ms: any ? this.dur.total / this.flows / 1e3 : 0 },
      bytes_in_top: { '1%': this.by.topShare(0.01), '10%': this.by.topShare(0.1) },
      distinct: { src_ip: src!, dst_ip: dst!, src_port: sport!, dst_port: dport! },
      distinct_method: 'exact up to 1000000 keys, then HyperLogLog (2^14 registers, standard error 0.81%)',
    };
  }
}

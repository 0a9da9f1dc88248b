/**
 * What `flowstats analyze` reports about a set of flows, as one mergeable accumulator (update per batch,
 * merge across workers and files, finish into plain data): totals and time span, realised bandwidth,
 * protocol and pattern mix, the busiest destination ports, quantiles of packets/bytes/duration, the flow-size
 * tail, and distinct addresses and ports.
 */
import type { FlowBatch } from '@flowgen/core';
import { DistinctCounter } from './distinct-counter';
import { LogHistogram } from './log-histogram';
import { TopKeys, type TopKey, type TopOrder, type TopRow } from './top-keys';

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
    o.tops.forEach(TopKeys.revive);
    [o.pk, o.by, o.dur].forEach(LogHistogram.revive);
    [o.srcIps, o.dstIps].forEach((d) => d && DistinctCounter.revive(d));
    return o;
  }

  flows = 0;
  /** first start, last start and last end as [sec, nsec] pairs */
  private readonly times = Uint32Array.of(0xffffffff, 0xffffffff, 0, 0, 0, 0);
  /** proto, pattern and dstport (always reported), then the extra keys asked for, each once */
  private readonly tops: TopKeys[];
  private readonly pk = new LogHistogram();
  private readonly by = new LogHistogram();
  private readonly dur = new LogHistogram(); // in whole µs: durations below 0.5 µs count as 0
  /** distinct addresses; none on a side whose top table is kept anyway (its size is the exact count) */
  private readonly srcIps: DistinctCounter | undefined;
  private readonly dstIps: DistinctCounter | undefined;
  /** source ports: a bitmap over the 16-bit domain is exact and cheaper than any set (destination ports have their table) */
  private readonly srcPorts = new Uint8Array(65536);

  /** `extraTops`: top-N keys to keep beside the summary's own (`top(key, …)` answers for all of them) */
  constructor(extraTops: ReadonlyArray<TopKey> = []) {
    const keys = [...new Set<TopKey>(['proto', 'pattern', 'dstport', ...extraTops])];
    this.tops = keys.map((k) => new TopKeys(k));
    this.srcIps = keys.includes('srcip') ? undefined : new DistinctCounter();
    this.dstIps = keys.includes('dstip') ? undefined : new DistinctCounter();
  }

  private table(key: TopKey): TopKeys {
    return this.tops.find((t) => t.key === key)!;
  }

  update(b: FlowBatch): void {
    const n = b.length;
    for (const t of this.tops) t.update(b);
    this.srcIps?.addAll(b.srcIp, n);
    this.dstIps?.addAll(b.dstIp, n);
    const sp = this.srcPorts, srcPort = b.srcPort;
    for (let i = 0; i < n; i++) sp[srcPort[i]!] = 1;
    const pkH = this.pk, byH = this.by, durH = this.dur;
    const ss = b.startSec, sn = b.startNsec, es = b.endSec, en = b.endNsec, pk = b.packets, by = b.bytes;
    for (let i = 0; i < n; i++) {
      pkH.add(pk[i]!);
      byH.add(by[i]!);
      // whole µs: integer sums stay exact, so results do not depend on how work was split across threads
      durH.add(Math.floor(((es[i]! - ss[i]!) * 1e9 + (en[i]! - sn[i]!)) / 1e3 + 0.5));
    }
    // time bounds: a scan for the extremes in plain numbers, then one compare with the running ones
    const t = this.times;
    let fS = t[0]!, fN = t[1]!, lS = t[2]!, lN = t[3]!, eS = t[4]!, eN = t[5]!;
    for (let i = 0; i < n; i++) {
      const s = ss[i]!, e = es[i]!;
      if (s <= fS && (s < fS || sn[i]! < fN)) (fS = s), (fN = sn[i]!);
      if (s >= lS && (s > lS || sn[i]! > lN)) (lS = s), (lN = sn[i]!);
      if (e >= eS && (e > eS || en[i]! > eN)) (eS = e), (eN = en[i]!);
    }
    t.set([fS, fN, lS, lN, eS, eN]);
    this.flows += n;
  }

  merge(o: FlowSummary): void {
    this.flows += o.flows;
    const t = this.times, u = o.times;
    if (before(u[0]!, u[1]!, t[0]!, t[1]!)) (t[0] = u[0]!), (t[1] = u[1]!);
    if (before(t[2]!, t[3]!, u[2]!, u[3]!)) (t[2] = u[2]!), (t[3] = u[3]!);
    if (before(t[4]!, t[5]!, u[4]!, u[5]!)) (t[4] = u[4]!), (t[5] = u[5]!);
    this.tops.forEach((top, i) => top.merge(o.tops[i]!));
    this.pk.merge(o.pk);
    this.by.merge(o.by);
    this.dur.merge(o.dur);
    this.srcIps?.merge(o.srcIps!);
    this.dstIps?.merge(o.dstIps!);
    for (let p = 0; p < 65536; p++) this.srcPorts[p]! |= o.srcPorts[p]!;
  }

  /** the n largest keys by `order` for the summary's own keys or one passed to the constructor */
  top(key: TopKey, order: TopOrder, n: number): TopRow[] {
    return this.table(key).top(order, n);
  }

  finish(topPorts = 10): SummaryResult {
    const any = this.flows > 0;
    // totals are the histograms' sums (exact: integers below 2^53)
    const packets = this.pk.total, bytes = this.by.total;
    const [fS, fN, lS, lN, eS, eN] = this.times as unknown as [number, number, number, number, number, number];
    const spanNs = any ? (lS - fS) * 1e9 + (lN - fN) : 0;
    const q = (h: LogHistogram, scale = 1) => ({
      p50: h.quantile(0.5) * scale, p90: h.quantile(0.9) * scale, p99: h.quantile(0.99) * scale,
      p999: h.quantile(0.999) * scale, max: h.max * scale,
    });
    const ips = (d: DistinctCounter | undefined, key: TopKey) => (d ? { count: d.count(), exact: d.exact } : { count: this.table(key).size, exact: true });
    return {
      totals: { flows: this.flows, packets, bytes },
      time: {
        first_start_ns: any ? nsString(fS, fN) : null,
        last_start_ns: any ? nsString(lS, lN) : null,
        last_end_ns: any ? nsString(eS, eN) : null,
        span_s: spanNs / 1e9,
      },
      realised_gbps: spanNs > 0 ? (bytes * 8) / spanNs : 0,
      protocols: this.top('proto', 'flows', 0),
      patterns: this.top('pattern', 'flows', 0),
      top_dst_ports: this.top('dstport', 'flows', topPorts),
      quantiles: { packets: q(this.pk), bytes: q(this.by), duration_ms: q(this.dur, 1e-3) },
      mean: { packets: any ? packets / this.flows : 0, bytes: any ? bytes / this.flows : 0, duration_ms: any ? this.dur.total / this.flows / 1e3 : 0 },
      bytes_in_top: { '1%': this.by.topShare(0.01), '10%': this.by.topShare(0.1) },
      distinct: { src_ip: ips(this.srcIps, 'srcip'), dst_ip: ips(this.dstIps, 'dstip'), src_port: { count: this.srcPorts.reduce((a, x) => a + x, 0), exact: true }, dst_port: { count: this.table('dstport').size, exact: true } },
      distinct_method: 'exact up to 1000000 keys, then HyperLogLog (2^14 registers, standard error 0.81%)',
    };
  }
}

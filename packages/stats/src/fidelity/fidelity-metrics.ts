/**
 * Fidelity of a synthetic flow set to a real one, measured the way the research reports it (NetShare,
 * SIGCOMM 2022): Jensen–Shannon divergence for categorical fields (ports, protocol) and for the rank–frequency
 * curves of addresses (so anonymised or regenerated addresses compare fairly), and, for numeric fields
 * (inter-arrival gaps, duration, packets, bytes), the Earth Mover's Distance normalised by the real data's range
 * plus the Kolmogorov–Smirnov statistic. Numeric fields are compared on shared 1 %-wide log buckets, so every
 * figure is exact to within a bucket's width whatever the flow counts.
 */
import { LogHistogram } from '../log-histogram';
import type { FlowProfile } from './flow-profile';

export type Verdict = 'good' | 'fair' | 'poor';

/** thresholds (inclusive) for good and fair; above fair is poor */
export const THRESHOLDS = { jsd: [0.05, 0.15], ks: [0.05, 0.15], emd: [0.01, 0.05] } as const;

const grade = (kind: keyof typeof THRESHOLDS, v: number): Verdict => (v <= THRESHOLDS[kind][0] ? 'good' : v <= THRESHOLDS[kind][1] ? 'fair' : 'poor');
const worst = (...vs: Verdict[]): Verdict => (vs.includes('poor') ? 'poor' : vs.includes('fair') ? 'fair' : 'good');

/** JSD in bits (0 … 1) between two count vectors over the same categories; the shorter is padded with zeros */
export const jsd = (p: ArrayLike<number>, q: ArrayLike<number>): number => {
  let sp = 0, sq = 0;
  for (let i = 0; i < p.length; i++) sp += p[i]!;
  for (let i = 0; i < q.length; i++) sq += q[i]!;
  if (sp === 0 || sq === 0) return sp === sq ? 0 : 1;
  let d = 0;
  for (let i = 0, n = Math.max(p.length, q.length); i < n; i++) {
    const a = (p[i] ?? 0) / sp, b = (q[i] ?? 0) / sq, m = (a + b) / 2;
    if (a > 0) d += a * Math.log2(a / m);
    if (b > 0) d += b * Math.log2(b / m);
  }
  return Math.min(1, Math.max(0, d / 2));
};

export interface NumericDistance {
  /** largest gap between the two CDFs */
  readonly ks: number;
  /** Earth Mover's Distance in the field's unit */
  readonly emd: number;
  /** EMD divided by the real data's range (max − min) */
  readonly emdNormalized: number;
}

/** KS and EMD between two log histograms (same bucket layout): CDFs compared at every bucket edge */
export const numericDistance = (real: LogHistogram, synth: LogHistogram): NumericDistance => {
  if (real.n === 0 || synth.n === 0) return { ks: real.n === synth.n ? 0 : 1, emd: NaN, emdNormalized: NaN };
  const { counts: rc } = real, { counts: sc } = synth;
  let lo = rc.length, hi = -1;
  for (let i = 0; i < rc.length; i++) if (rc[i]! > 0 || sc[i]! > 0) { lo = Math.min(lo, i); hi = i; }
  // the zero bucket holds [0, 1); bucket i holds [1.01^i, 1.01^(i+1))
  let fr = real.zeros / real.n, fs = synth.zeros / synth.n;
  let ks = Math.abs(fr - fs);
  let emd = Math.abs(fr - fs) * 1; // from 0 to the first edge at 1
  let edge = 1;
  if (hi >= 0) {
    edge = Math.pow(1.01, lo);
    emd += Math.abs(fr - fs) * (edge - 1);
    for (let i = lo; i <= hi; i++) {
      fr += rc[i]! / real.n;
      fs += sc[i]! / synth.n;
      const next = edge * 1.01;
      ks = Math.max(ks, Math.abs(fr - fs));
      if (i < hi) emd += Math.abs(fr - fs) * (next - edge);
      edge = next;
    }
  }
  const range = real.max - real.min;
  return { ks, emd, emdNormalized: emd / (range > 0 ? range : 1) };
};

export interface FieldFidelity {
  readonly field: string;
  readonly jsd?: number;
  readonly ks?: number;
  readonly emd?: number;
  readonly emdNormalized?: number;
  /** medians and 99th percentiles for numeric fields, in the field's unit */
  readonly real?: { readonly median: number; readonly p99: number };
  readonly synth?: { readonly median: number; readonly p99: number };
  readonly verdict: Verdict;
}

export interface HostConcentration {
  /** share of flows sent (src) or received (dst) by the busiest 1 % and 10 % of addresses */
  readonly top1: { readonly real: number; readonly synth: number };
  readonly top10: { readonly real: number; readonly synth: number };
  readonly distinct: { readonly real: number; readonly synth: number };
}

export interface FidelityReport {
  readonly flows: { readonly real: number; readonly synth: number };
  readonly fields: ReadonlyArray<FieldFidelity>;
  readonly hosts: { readonly src: HostConcentration; readonly dst: HostConcentration };
  /** share of flows per UTC hour of day */
  readonly hours: { readonly real: ReadonlyArray<number>; readonly synth: ReadonlyArray<number> };
  readonly verdict: Verdict;
}

/** share of the curve's total carried by its first (largest) `fraction` of entries, at least one */
export const topShare = (rankCurve: Float64Array, fraction: number): number => {
  let total = 0, top = 0;
  const k = Math.max(1, Math.ceil(rankCurve.length * fraction));
  for (let i = 0; i < rankCurve.length; i++) {
    total += rankCurve[i]!;
    if (i < k) top += rankCurve[i]!;
  }
  return total > 0 ? top / total : 0;
};

const shares = (v: Float64Array): number[] => {
  const t = v.reduce((a, b) => a + b, 0);
  return Array.from(v, (x) => (t > 0 ? x / t : 0));
};

export const compareProfiles = (real: FlowProfile, synth: FlowProfile): FidelityReport => {
  const categorical = (field: string, a: ArrayLike<number>, b: ArrayLike<number>): FieldFidelity => {
    const d = jsd(a, b);
    return { field, jsd: d, verdict: grade('jsd', d) };
  };
  const numeric = (field: string, a: LogHistogram, b: LogHistogram): FieldFidelity => {
    const d = numericDistance(a, b);
    const summary = (h: LogHistogram) => ({ median: h.quantile(0.5), p99: h.quantile(0.99) });
    return { field, ...d, real: summary(a), synth: summary(b), verdict: worst(grade('ks', d.ks), Number.isNaN(d.emdNormalized) ? 'poor' : grade('emd', d.emdNormalized)) };
  };
  const curves = { src: [real.rankCurve('src'), synth.rankCurve('src')], dst: [real.rankCurve('dst'), synth.rankCurve('dst')] } as const;
  const hosts = (side: 'src' | 'dst'): HostConcentration => {
    const [r, s] = curves[side];
    return {
      top1: { real: topShare(r, 0.01), synth: topShare(s, 0.01) },
      top10: { real: topShare(r, 0.1), synth: topShare(s, 0.1) },
      distinct: { real: r.length, synth: s.length },
    };
  };
  const hours = { real: shares(real.hours), synth: shares(synth.hours) };
  const fields: FieldFidelity[] = [
    categorical('src_port', real.srcPort, synth.srcPort),
    categorical('dst_port', real.dstPort, synth.dstPort),
    categorical('protocol', real.protocol, synth.protocol),
    categorical('src_ip (rank–frequency)', curves.src[0], curves.src[1]),
    categorical('dst_ip (rank–frequency)', curves.dst[0], curves.dst[1]),
    numeric('start gap (ns)', real.gaps(), synth.gaps()),
    numeric('duration (ns)', real.duration, synth.duration),
    numeric('packets', real.packets, synth.packets),
    numeric('bytes', real.bytes, synth.bytes),
    categorical('hour of day', real.hours, synth.hours),
  ];
  return {
    flows: { real: real.flows, synth: synth.flows },
    fields,
    hosts: { src: hosts('src'), dst: hosts('dst') },
    hours,
    verdict: worst(...fields.map((f) => f.verdict)),
  };
};

/**
 * `flowstats compare`: one pass over each side (any format analyze reads, filters included) into a FlowProfile,
 * then the fidelity figures. The text form is a table with a verdict per field; --json carries every figure.
 */
import { compareProfiles, FlowProfile, THRESHOLDS, type FidelityReport, type FlowFilter } from '@flowgen/stats';
import { readFlows } from '../analyze/read-flows';

export const profileOf = async (files: ReadonlyArray<string>, filter: FlowFilter | undefined, lenient: boolean): Promise<FlowProfile> => {
  const p = new FlowProfile();
  await readFlows(files, filter, lenient, (b) => p.add(b));
  return p;
};

export const runCompare = async (real: string, synth: string, filter: FlowFilter | undefined, lenient: boolean) => {
  const profiles = { real: await profileOf([real], filter, lenient), synth: await profileOf([synth], filter, lenient) };
  return { profiles, report: compareProfiles(profiles.real, profiles.synth) };
};

const fmt = (v: number | undefined, digits = 4): string => (v === undefined ? '' : Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const num = (v: number): string => (Math.abs(v) >= 1e4 ? v.toExponential(2) : String(Math.round(v * 100) / 100));
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export const formatCompare = (r: FidelityReport, names: { real: string; synth: string }): string => {
  const rows = r.fields.map((f) => [
    f.field,
    fmt(f.jsd),
    fmt(f.ks),
    fmt(f.emdNormalized),
    f.real ? `${num(f.real.median)} / ${num(f.real.p99)}` : '',
    f.synth ? `${num(f.synth.median)} / ${num(f.synth.p99)}` : '',
    f.verdict,
  ]);
  const head = ['field', 'JSD', 'KS', 'EMD/range', 'real p50 / p99', 'synth p50 / p99', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const host = (side: 'src' | 'dst') => {
    const h = r.hosts[side];
    return `  ${side} addresses: ${h.distinct.real.toLocaleString('en-US')} real, ${h.distinct.synth.toLocaleString('en-US')} synthetic; top 1 % carry ${pct(h.top1.real)} vs ${pct(h.top1.synth)}, top 10 % ${pct(h.top10.real)} vs ${pct(h.top10.synth)} of flows`;
  };
  return [
    `real:      ${names.real} (${r.flows.real.toLocaleString('en-US')} flows)`,
    `synthetic: ${names.synth} (${r.flows.synth.toLocaleString('en-US')} flows)`,
    '',
    line(head),
    ...rows.map(line),
    '',
    host('src'),
    host('dst'),
    '',
    `verdict: ${r.verdict} (good: JSD and KS ≤ ${THRESHOLDS.jsd[0]}, EMD/range ≤ ${THRESHOLDS.emd[0]}; fair: ≤ ${THRESHOLDS.jsd[1]}, ≤ ${THRESHOLDS.emd[1]})`,
    '',
  ].join('\n');
};

/** The people-facing report of `flowstats analyze`: aligned tables, grouped thousands, percentages. */
import type { TopRow } from '@flowgen/stats';
import type { AnalyzeResult } from './run-analyze';

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const num = (v: number, d = 1) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (part: number, whole: number) => (whole > 0 ? `${num((100 * part) / whole)}%` : '-');
const PROTO: Record<string, string> = { '1': 'ICMP', '6': 'TCP', '17': 'UDP', '47': 'GRE', '50': 'ESP', '58': 'ICMPv6' };
const iso = (ns: string | null) => (ns === null ? '-' : new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().replace('Z', `${ns.slice(-6)}Z`));

const table = (head: string[], rows: string[][]): string => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]!) : v.padStart(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
};

const topTable = (rows: TopRow[], r: AnalyzeResult, label = (k: string) => k) =>
  table(['key', 'flows', '%', 'packets', '%', 'bytes', '%'], rows.map((x) => [
    label(x.key), int(x.flows), pct(x.flows, r.totals.flows), int(x.packets), pct(x.packets, r.totals.packets), int(x.bytes), pct(x.bytes, r.totals.bytes),
  ]));

export const formatAnalysis = (r: AnalyzeResult): string => {
  const out: string[] = [];
  out.push(`files      ${r.files.map((f) => `${f.file} (${f.format}, ${int(f.flows)} flows)`).join(', ')}`);
  out.push(`flows      ${int(r.totals.flows)}    packets ${int(r.totals.packets)}    bytes ${int(r.totals.bytes)}`);
  out.push(`time       ${iso(r.time.first_start_ns)} … ${iso(r.time.last_start_ns)} (${num(r.time.span_s, 3)} s of starts)`);
  out.push(`bandwidth  ${num(r.realised_gbps, 3)} Gbit/s realised (bytes·8 / span of starts)`);
  out.push('', 'protocols', topTable(r.protocols, r, (k) => PROTO[k] ?? k));
  out.push('', 'patterns', topTable(r.patterns, r));
  out.push('', 'top destination ports (by flows)', topTable(r.top_dst_ports, r));
  const q = r.quantiles;
  out.push('', 'per flow (quantiles ±0.5 %)', table(['', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'], [
    ['packets', num(r.mean.packets), ...Object.values(q.packets).map((v) => num(v, 0))],
    ['bytes', num(r.mean.bytes), ...Object.values(q.bytes).map((v) => num(v, 0))],
    ['duration ms', num(r.mean.duration_ms, 3), ...Object.values(q.duration_ms).map((v) => num(v, 3))],
  ]));
  out.push('', `size tail  the largest 1% of flows carry ${pct(r.bytes_in_top['1%'], 1)} of bytes, the largest 10% carry ${pct(r.bytes_in_top['10%'], 1)}`);
  const d = r.distinct;
  const dc = (x: { count: number; exact: boolean }) => `${int(x.count)}${x.exact ? '' : ' (≈)'}`;
  out.push(`distinct   src ip ${dc(d.src_ip)}, dst ip ${dc(d.dst_ip)}, src port ${dc(d.src_port)}, dst port ${dc(d.dst_port)}  [${r.distinct_method}]`);
  for (const t of r.tops) out.push('', `top ${t.key} by ${t.order}`, topTable(t.rows, r));
  return `${out.join('\n')}\n`;
};

/**
 * `compare --html`: the fidelity report as one self-contained HTML file — the verdict table, then pictures:
 * CDFs of gaps, duration, packets and bytes (log scale), address rank–frequency curves (log–log), the hourly
 * profile and the top destination ports, real against synthetic. Inline SVG and CSS only: no script, no
 * network access, so it opens anywhere (and renders the same in a headless browser).
 */
import type { FidelityReport, FlowProfile, LogHistogram } from '@flowgen/stats';

const REAL = '#1f77b4';
const SYNTH = '#ff7f0e';
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

interface Series { readonly name: string; readonly color: string; readonly points: ReadonlyArray<readonly [number, number]> }

/** a line chart, 360×220, optional log axes; points with non-positive coordinates on a log axis are dropped */
const lineChart = (title: string, series: ReadonlyArray<Series>, o: { logX?: boolean; logY?: boolean; xLabel: string; yLabel: string }): string => {
  const W = 360, H = 220, L = 50, R = 10, T = 24, B = 36;
  const tx = (v: number) => (o.logX ? Math.log10(v) : v);
  const ty = (v: number) => (o.logY ? Math.log10(v) : v);
  const pts = series.map((s) => s.points.filter(([x, y]) => (!o.logX || x > 0) && (!o.logY || y > 0)).map(([x, y]) => [tx(x), ty(y)] as const));
  const all = pts.flat();
  if (all.length === 0) return `<figure><figcaption>${esc(title)}</figcaption><p>no data</p></figure>`;
  const x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
  const y0 = Math.min(...all.map((p) => p[1])), y1 = Math.max(...all.map((p) => p[1]));
  const sx = (v: number) => L + ((v - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (v: number) => H - B - ((v - y0) / (y1 - y0 || 1)) * (H - T - B);
  const tick = (v: number, log?: boolean) => (log ? `1e${Math.round(v)}` : Math.abs(v) >= 1000 ? v.toExponential(0) : String(Math.round(v * 100) / 100));
  const lines = pts.map((p, i) => `<polyline fill="none" stroke="${series[i]!.color}" stroke-width="1.5" points="${p.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`).join('');
  const legend = series.map((s, i) => `<text x="${L + 8 + i * 110}" y="${T - 8}" fill="${s.color}" font-size="11">■ ${esc(s.name)}</text>`).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="#fafafa" stroke="#ccc"/>${lines}${legend}
<text x="${L}" y="${H - B + 14}" font-size="10">${tick(x0, o.logX)}</text><text x="${W - R}" y="${H - B + 14}" font-size="10" text-anchor="end">${tick(x1, o.logX)}</text>
<text x="${L - 4}" y="${H - B}" font-size="10" text-anchor="end">${tick(y0, o.logY)}</text><text x="${L - 4}" y="${T + 8}" font-size="10" text-anchor="end">${tick(y1, o.logY)}</text>
<text x="${(L + W - R) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${esc(o.xLabel)}</text>
<text x="12" y="${(T + H - B) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(T + H - B) / 2})">${esc(o.yLabel)}</text></svg></figure>`;
};

/** grouped bars, real and synthetic side by side per category */
const barChart = (title: string, labels: ReadonlyArray<string>, real: ReadonlyArray<number>, synth: ReadonlyArray<number>, yLabel: string): string => {
  const W = 360, H = 220, L = 50, R = 10, T = 24, B = 36;
  const max = Math.max(...real, ...synth, 1e-12);
  const slot = (W - L - R) / labels.length, bw = Math.max(1, slot / 2 - 1);
  const bar = (v: number, i: number, k: number, color: string) => {
    const h = (v / max) * (H - T - B);
    return `<rect x="${(L + i * slot + k * bw).toFixed(1)}" y="${(H - B - h).toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`;
  };
  const bars = labels.map((_, i) => bar(real[i]!, i, 0, REAL) + bar(synth[i]!, i, 1, SYNTH)).join('');
  const every = Math.ceil(labels.length / 12);
  const names = labels.map((l, i) => (i % every === 0 ? `<text x="${(L + (i + 0.5) * slot).toFixed(1)}" y="${H - B + 14}" font-size="9" text-anchor="middle">${esc(l)}</text>` : '')).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="#fafafa" stroke="#ccc"/>${bars}${names}
<text x="${L + 8}" y="${T - 8}" fill="${REAL}" font-size="11">■ real</text><text x="${L + 118}" y="${T - 8}" fill="${SYNTH}" font-size="11">■ synthetic</text>
<text x="${L - 4}" y="${T + 8}" font-size="10" text-anchor="end">${(max * 100).toFixed(1)}%</text>
<text x="12" y="${(T + H - B) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(T + H - B) / 2})">${esc(yLabel)}</text></svg></figure>`;
};

/** the CDF of a log histogram at its bucket edges */
const cdf = (h: LogHistogram): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  if (h.n === 0) return out;
  let c = h.zeros;
  for (let i = 0; i < h.counts.length; i++) {
    if (h.counts[i] === 0) continue;
    c += h.counts[i]!;
    out.push([Math.pow(1.01, i + 1), c / h.n]);
  }
  return out;
};

const rankPoints = (curve: Float64Array): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  // at most ~200 points, log-spaced ranks
  for (let r = 1; r <= curve.length; r = Math.max(r + 1, Math.floor(r * 1.05))) out.push([r, curve[r - 1]!]);
  return out;
};

export const fidelityHtml = (r: FidelityReport, p: { real: FlowProfile; synth: FlowProfile }, names: { real: string; synth: string }): string => {
  const cls = (v: string) => `v-${v}`;
  const f4 = (v: number | undefined) => (v === undefined ? '' : Number.isNaN(v) ? 'n/a' : v.toFixed(4));
  const rows = r.fields.map((f) => `<tr><td>${esc(f.field)}</td><td>${f4(f.jsd)}</td><td>${f4(f.ks)}</td><td>${f4(f.emdNormalized)}</td><td class="${cls(f.verdict)}">${f.verdict}</td></tr>`).join('\n');
  const pair = (a: Array<[number, number]>, b: Array<[number, number]>): Series[] => [{ name: 'real', color: REAL, points: a }, { name: 'synthetic', color: SYNTH, points: b }];
  const numeric = ([title, a, b, unit]: [string, LogHistogram, LogHistogram, string]) => lineChart(`${title}: CDF`, pair(cdf(a), cdf(b)), { logX: true, xLabel: unit, yLabel: 'share of flows ≤ x' });
  const topPorts = Array.from(p.real.dstPort.keys()).sort((a, b) => p.real.dstPort[b]! - p.real.dstPort[a]!).slice(0, 10);
  const share = (v: Float64Array, i: number) => v[i]! / Math.max(1, v.reduce((s, x) => s + x, 0));
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flowstats compare: ${esc(names.synth)} against ${esc(names.real)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}.v-good{color:#2a7d2a;font-weight:600}.v-fair{color:#b07800;font-weight:600}.v-poor{color:#c0392b;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}</style></head>
<body>
<h1>Fidelity: <span class="${cls(r.verdict)}">${r.verdict}</span></h1>
<p>real: <code>${esc(names.real)}</code> (${r.flows.real.toLocaleString('en-US')} flows) — synthetic: <code>${esc(names.synth)}</code> (${r.flows.synth.toLocaleString('en-US')} flows)</p>
<table id="fields"><thead><tr><th>field</th><th>JSD</th><th>KS</th><th>EMD / range</th><th>verdict</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Distributions</h2><div class="charts">
${([['start gap', p.real.gaps(), p.synth.gaps(), 'ns'], ['duration', p.real.duration, p.synth.duration, 'ns'], ['packets', p.real.packets, p.synth.packets, 'packets'], ['bytes', p.real.bytes, p.synth.bytes, 'bytes']] as Array<[string, LogHistogram, LogHistogram, string]>).map(numeric).join('\n')}
</div><h2>Hosts, ports and time</h2><div class="charts">
${lineChart('source addresses: rank–frequency', pair(rankPoints(p.real.rankCurve('src')), rankPoints(p.synth.rankCurve('src'))), { logX: true, logY: true, xLabel: 'rank', yLabel: 'flows' })}
${lineChart('destination addresses: rank–frequency', pair(rankPoints(p.real.rankCurve('dst')), rankPoints(p.synth.rankCurve('dst'))), { logX: true, logY: true, xLabel: 'rank', yLabel: 'flows' })}
${barChart('flows per hour of day (UTC)', hours, r.hours.real, r.hours.synth, 'share of flows')}
${barChart('top destination ports (real)', topPorts.map(String), topPorts.map((i) => share(p.real.dstPort, i)), topPorts.map((i) => share(p.synth.dstPort, i)), 'share of flows')}
</div>
<p>JSD: Jensen–Shannon divergence in bits (0 identical, 1 disjoint). KS: largest gap between the CDFs. EMD / range: Earth Mover's Distance divided by the real data's range. Addresses are compared by their rank–frequency curves, so anonymised addresses compare fairly.</p>
</body></html>
`;
};

/**
 * compare through the built CLI: two runs of one config are judged alike, a different traffic mix is caught in
 * the fields it changes, --json carries the figures, --html is a page a real browser renders with its charts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requiresTools } from '../test-support/requires-tool';
import { runCli } from '../test-support/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-compare-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => path.join(dir, f);

interface Report { verdict: string; flows: { real: number; synth: number }; fields: Array<{ field: string; jsd?: number; ks?: number; emdNormalized?: number; verdict: string }> }

beforeAll(() => {
  for (const [name, args] of [
    ['a.msgpack', ['--seed', '1']],
    ['b.csv', ['--seed', '2', '-o', 'csv']],
    ['mix.msgpack', ['--seed', '2', '--patterns', 'web:80,dns:20']],
  ] as const) {
    const r = runCli(['collect', '-t', '100000', '--no-progress', ...args, '--out', at(name)]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
});

const compare = (...args: string[]): Report => {
  const r = runCli(['compare', ...args, '--json']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout.toString()) as Report;
};
const field = (r: Report, name: string) => r.fields.find((f) => f.field.startsWith(name))!;

test('two seeds of one config: every field good, across formats', () => {
  const r = compare(at('a.msgpack'), at('b.csv'));
  expect(r.flows).toEqual({ real: 100000, synth: 100000 });
  expect(r.fields.map((f) => [f.field, f.verdict]).filter(([, v]) => v !== 'good')).toEqual([]);
  expect(r.verdict).toBe('good');
  for (const f of r.fields) for (const v of [f.jsd, f.ks, f.emdNormalized]) if (v !== undefined) expect(v).toBeLessThan(0.05);
});

test('a different traffic mix is caught where it differs', () => {
  const r = compare(at('a.msgpack'), at('mix.msgpack'));
  expect(field(r, 'dst_port').verdict).toBe('poor');
  expect(field(r, 'dst_port').jsd!).toBeGreaterThan(0.15);
  expect(field(r, 'protocol').jsd!).toBeGreaterThan(0);
  expect(r.verdict).toBe('poor');
  // the text form: a row per field with its verdict, and the overall verdict
  const text = runCli(['compare', at('a.msgpack'), at('mix.msgpack')]).stdout.toString();
  expect(text).toMatch(/^dst_port\s+0\.\d{4}\s+poor$/m);
  expect(text).toMatch(/^verdict: poor /m);
});

test('bad input: one line, exit 2', () => {
  const missing = runCli(['compare', at('a.msgpack'), at('nope.csv')]);
  expect([missing.code, missing.stderr.trim().split('\n').length]).toEqual([2, 1]);
  expect(missing.stderr).toMatch(/nope\.csv/);
  const none = runCli(['compare', at('a.msgpack'), at('b.csv'), '--filter', 'port 1']);
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/: no flows to compare \(after --filter\)\n$/);
  expect(runCli(['compare', at('a.msgpack')]).stderr).toMatch(/^flowstats: compare: missing argument SYNTH/);
});

requiresTools('chromium').test('--html: a self-contained page that headless Chromium renders with every chart', () => {
  const html = at('report.html');
  const r = runCli(['compare', at('a.msgpack'), at('mix.msgpack'), '--html', html]);
  expect(r.code).toBe(0);
  const page = fs.readFileSync(html, 'utf8');
  expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // nothing to run or fetch
  const chromium = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${at('profile')}`];
  const dom = spawnSync('chromium', [...chromium, '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 60_000 });
  expect(dom.stdout).toMatch(/<h1>Fidelity: <span class="v-poor">poor<\/span><\/h1>/);
  expect((dom.stdout.match(/<svg/g) ?? []).length).toBe(8);
  expect((dom.stdout.match(/<polyline/g) ?? []).length).toBe(12);
  const png = at('report.png');
  spawnSync('chromium', [...chromium, `--screenshot=${png}`, '--window-size=1200,1400', `file://${html}`], { timeout: 60_000 });
  expect(fs.statSync(png).size).toBeGreaterThan(20_000);
});

/**
 * `flowstats analyze` end to end: every statistic against an independent computation over the same flows
 * (parsed from CSV here with BigInt timestamps), the same answer from every format, and bad input with byte
 * offsets.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../test-support/run-cli';

let dir: string;
const N = 60_000;
const ARGS = ['--seed', '17', '-t', String(N), '--no-progress'];
const file = (ext: string) => path.join(dir, `flows.${ext}`);

interface Flow { start: bigint; end: bigint; src: string; dst: string; sport: number; dport: number; proto: number; packets: number; bytes: number; pattern: string }
let flows: Flow[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-analyze-'));
  for (const [format, ext] of [['csv', 'csv'], ['msgpack', 'msgpack'], ['jsonl', 'jsonl'], ['json-pretty', 'json'], ['ipfix', 'ipfix']]) {
    const r = runCli(['collect', ...ARGS, '-o', format!, '--out', file(ext!)]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  flows = fs.readFileSync(file('csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const f = l.split(',');
    return { start: BigInt(f[0]!), end: BigInt(f[1]!), src: f[2]!, dst: f[3]!, sport: +f[4]!, dport: +f[5]!, proto: +f[6]!, packets: +f[7]!, bytes: +f[8]!, pattern: f[10]! };
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const analyze = (args: string[]) => {
  const r = runCli(['analyze', ...args]);
  if (r.code !== 0) throw new Error(`analyze exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout.toString());
};

/** independent group-by: key → {flows, packets, bytes}, sorted like analyze (value desc, then key asc) */
const groupBy = (keysOf: (f: Flow) => Array<string | number>, order: 'flows' | 'packets' | 'bytes') => {
  const m = new Map<string | number, { flows: number; packets: number; bytes: number }>();
  for (const f of flows) for (const k of keysOf(f)) {
    const g = m.get(k) ?? { flows: 0, packets: 0, bytes: 0 };
    g.flows++, (g.packets += f.packets), (g.bytes += f.bytes);
    m.set(k, g);
  }
  const num = (k: string | number) => (typeof k === 'number' ? k : k.split('.').reduce((a, o) => a * 256 + +o, 0));
  return [...m.entries()].sort((a, b) => b[1][order] - a[1][order] || num(a[0]) - num(b[0])).map(([key, g]) => ({ key: String(key), ...g }));
};

test('totals, time span, realised bandwidth, mixes, distinct counts and top-N equal an independent computation', () => {
  // --time-format string: the ns digits exactly (JSON.parse would round integers above 2^53)
  const r = analyze([file('msgpack'), '--json', '--time-format', 'string', '--top', 'srcip/bytes', '--top', 'port/flows', '--top', 'pattern/packets', '-N', '0']);
  const packets = flows.reduce((a, f) => a + f.packets, 0);
  const bytes = flows.reduce((a, f) => a + f.bytes, 0);
  expect(r.totals).toEqual({ flows: N, packets, bytes });
  const first = flows.reduce((a, f) => (f.start < a ? f.start : a), flows[0]!.start);
  const last = flows.reduce((a, f) => (f.start > a ? f.start : a), flows[0]!.start);
  const lastEnd = flows.reduce((a, f) => (f.end > a ? f.end : a), flows[0]!.end);
  expect(r.time).toMatchObject({ first_start_ns: String(first), last_start_ns: String(last), last_end_ns: String(lastEnd) });
  expect(r.realised_gbps).toBeCloseTo((bytes * 8) / Number(last - first), 9);
  expect(r.protocols).toEqual(groupBy((f) => [f.proto], 'flows'));
  expect(r.patterns).toEqual(groupBy((f) => [f.pattern], 'flows'));
  expect(r.top_dst_ports).toEqual(groupBy((f) => [f.dport], 'flows').slice(0, 10));
  expect(r.tops[0].rows).toEqual(groupBy((f) => [f.src], 'bytes'));
  expect(r.tops[1].rows).toEqual(groupBy((f) => [f.sport, f.dport], 'flows'));
  expect(r.tops[2].rows).toEqual(groupBy((f) => [f.pattern], 'packets'));
  // `top` is the first table's rows: [{key, flows, packets, bytes}]
  expect(r.top).toEqual(r.tops[0].rows);
  expect(Object.keys(r.top[0])).toEqual(['key', 'flows', 'packets', 'bytes']);
  expect(r.tops.map((t: { key: string; order: string }) => `${t.key}/${t.order}`)).toEqual(['srcip/bytes', 'port/flows', 'pattern/packets']);
  expect(r.distinct.src_ip).toEqual({ count: new Set(flows.map((f) => f.src)).size, exact: true });
  expect(r.distinct.dst_port).toEqual({ count: new Set(flows.map((f) => f.dport)).size, exact: true });
});

test('quantiles within ±1 % of the exact order statistics; the size tail within 1 point', () => {
  const r = analyze([file('csv'), '--json']);
  const exact = (values: number[], q: number) => values.sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
  for (const [name, values] of [['packets', flows.map((f) => f.packets)], ['bytes', flows.map((f) => f.bytes)]] as const) {
    for (const [label, q] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const) {
      const want = exact([...values], q);
      expect(Math.abs(r.quantiles[name][label] / want - 1)).toBeLessThan(0.01);
    }
    expect(r.quantiles[name].max).toBe(Math.max(...values));
  }
  const sorted = flows.map((f) => f.bytes).sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  const share = (fr: number) => sorted.slice(0, fr * sorted.length).reduce((a, b) => a + b, 0) / total;
  expect(Math.abs(r.bytes_in_top['1%'] - share(0.01))).toBeLessThan(0.01);
  expect(Math.abs(r.bytes_in_top['10%'] - share(0.1))).toBeLessThan(0.01);
});

test('every format gives the same analysis (IPFIX has no pattern names)', () => {
  const strip = (r: any) => ({ ...r, files: undefined });
  const base = strip(analyze([file('msgpack'), '--json', '--top', 'ip/bytes']));
  for (const ext of ['csv', 'jsonl', 'json']) expect(strip(analyze([file(ext), '--json', '--top', 'ip/bytes']))).toEqual(base);
  const ipfix = strip(analyze([file('ipfix'), '--json', '--top', 'ip/bytes']));
  expect({ ...ipfix, patterns: undefined }).toEqual({ ...base, patterns: undefined });
  expect(ipfix.patterns).toEqual([{ key: 'ipfix', flows: N, packets: base.totals.packets, bytes: base.totals.bytes }]);
});

test('msgpack from other writers: any integer width and str8 names (the general decoder behind the fast one)', () => {
  // header, then three records: as collect writes one; timestamps as uint32 (0xce) and ports as uint16 (0xcd);
  // a 40-byte pattern name as str8 (0xd9)
  const u64 = (v: bigint) => { const b = Buffer.alloc(9); b[0] = 0xcf; b.writeBigUInt64BE(v, 1); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(5); b[0] = 0xce; b.writeUInt32BE(v, 1); return b; };
  const u16 = (v: number) => Buffer.from([0xcd, v >> 8, v & 255]);
  const str = (s: string) => (s.length < 32 ? Buffer.concat([Buffer.from([0xa0 | s.length]), Buffer.from(s)]) : Buffer.concat([Buffer.from([0xd9, s.length]), Buffer.from(s)]));
  const fix = (v: number) => Buffer.from([v]);
  const long = 'a-pattern-name-longer-than-thirty-one-b';
  const records = [
    [u64(1704067200000000123n), u64(1704067201000000000n), u32(167772161), u32(167772162), u16(40000), fix(80), fix(6), fix(10), u16(1500), fix(24), str('web')],
    [u32(5), u32(7), u32(167772161), u32(167772163), u16(1), u16(53), fix(17), fix(1), fix(90), fix(0), str(long)],
    [u64(1704067202000000000n), u64(1704067203000000000n), u32(167772164), u32(167772162), u16(50000), u16(443), fix(6), fix(3), u16(300), fix(2), str('web')],
  ].map((r) => Buffer.concat([Buffer.from([0x9b]), ...r]));
  // header map {format: "flowgen-flows", fields: [11 names]}
  const fields = Buffer.from('82a6666f726d6174ad666c6f7767656e2d666c6f7773a66669656c64739b', 'hex');
  const names = ['start_ns', 'end_ns', 'src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'packets', 'bytes', 'tcp_flags', 'pattern'].map(str);
  fs.writeFileSync(file('other.msgpack'), Buffer.concat([fields, ...names, ...records]));
  const r = analyze([file('other.msgpack'), '--json']);
  expect(r.totals).toEqual({ flows: 3, packets: 14, bytes: 1890 });
  expect(r.patterns.map((p: { key: string; flows: number }) => [p.key, p.flows])).toEqual([['web', 2], [long, 1]]);
  expect(r.time.first_start_ns).toBe(5); // an integer by default, like start_ns in collect's JSON
});

test('several files add up', () => {
  const one = analyze([file('msgpack'), '--json']);
  const two = analyze([file('msgpack'), file('csv'), '--json']);
  expect(two.totals).toEqual({ flows: 2 * N, packets: 2 * one.totals.packets, bytes: 2 * one.totals.bytes });
});

test('the table for people names the sections', () => {
  const r = runCli(['analyze', file('msgpack'), '--top', 'dstip/bytes']);
  const text = r.stdout.toString();
  for (const s of ['flows', 'bandwidth', 'protocols', 'patterns', 'per flow', 'size tail', 'distinct', 'top dstip by bytes']) expect(text).toContain(s);
});

describe('bad input', () => {
  test('a truncated file fails with the byte offset; --lenient analyses the valid prefix and warns', () => {
    const full = fs.readFileSync(file('msgpack'));
    const cut = path.join(dir, 'cut.msgpack');
    fs.writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    const r = runCli(['analyze', cut]);
    expect(r.stderr).toMatch(/^flowstats: .*cut\.msgpack: byte \d+: truncated record\n$/);
    expect(r.code).toBe(2);
    const lenient = runCli(['analyze', cut, '--lenient', '--json']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/warning: .*cut\.msgpack: byte \d+: truncated record \(--lenient: used the \d+ flows before it\)/);
    const flowsRead = JSON.parse(lenient.stdout.toString()).totals.flows;
    expect(flowsRead).toBeGreaterThan(N / 3);
    expect(flowsRead).toBeLessThan(N);
  });

  test('corrupt bytes are reported where they are', () => {
    const text = fs.readFileSync(file('csv'), 'utf8').split('\n');
    text[1000] = text[1000]!.replace(/,\d+\.\d+\.\d+\.\d+,/, ',10.0.0.999,');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, text.join('\n'));
    const offset = text.slice(0, 1000).join('\n').length + 1;
    const r = runCli(['analyze', bad]);
    const m = /^flowstats: .*bad\.csv: byte (\d+): bad (src|dst)_ip/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(offset);
    expect(Number(m![1])).toBeLessThan(offset + text[1000]!.length);
  });

  test.each([
    [['--top', 'srcaddr/bytes'], /^flowstats: --top: srcaddr\/bytes: unknown key "srcaddr" \(valid: srcip, dstip, ip, srcport, dstport, port, proto, pattern/],
    [['--top', 'srcip/octets'], /^flowstats: --top: srcip\/octets: unknown order "octets" \(valid: flows, packets, bytes\)/],
  ])('%j', (args, message) => {
    const r = runCli(['analyze', file('csv'), ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  test('missing and non-flow files', () => {
    expect(runCli(['analyze', path.join(dir, 'nope.msgpack')]).stderr).toMatch(/nope\.msgpack: byte 0: no such file/);
    const junk = path.join(dir, 'junk.bin');
    fs.writeFileSync(junk, Buffer.from([0xff, 0xfe, 1, 2]));
    expect(runCli(['analyze', junk]).stderr).toMatch(/junk\.bin: byte 0: not a flow file/);
  });
});

test('threads: large files split into byte ranges give the same analysis and groups as one thread', () => {
  // > 32 MB each, so splitFlowFile makes several ranges
  const big = (format: string, ext: string) => {
    const f = path.join(dir, `big.${ext}`);
    const r = runCli(['collect', '--seed', '31', '-t', format === 'csv' ? '450000' : '800000', '-o', format, '--out', f, '--no-progress']);
    if (r.code !== 0) throw new Error(r.stderr);
    expect(fs.statSync(f).size).toBeGreaterThan(32 << 20);
    return f;
  };
  const files = [big('msgpack', 'msgpack'), big('csv', 'csv'), big('jsonl', 'jsonl')];
  const analyses: unknown[] = [];
  for (const f of files) {
    const one = analyze([f, '--json', '--threads', '1', '--top', 'srcip/bytes', '--top', 'pattern/flows', '--filter', 'not port 53']);
    const three = analyze([f, '--json', '--threads', '3', '--top', 'srcip/bytes', '--top', 'pattern/flows', '--filter', 'not port 53']);
    expect(three).toEqual(one);
    analyses.push({ ...(one as object), files: undefined });
    const agg = (n: string) => runCli(['aggregate', f, '--by', 'srcip/24,pattern', '--bin', '1s', '--threads', n, '-o', 'csv']).stdout.toString();
    expect(agg('3')).toBe(agg('1'));
  }
  // the msgpack fast path across buffer refills and ranges agrees with the JSON lines reader (same flows)
  expect(analyses[0]).toEqual(analyses[2]);
  // a two-word key, all rows (several sorted runs merged on output)
  const pairs = (n: string) => runCli(['aggregate', files[0]!, '--by', 'srcip,dstip', '--threads', n, '-o', 'csv', '--order', 'bytes']).stdout.toString();
  const all = pairs('2');
  expect(all.split('\n').length).toBeGreaterThan(65536 + 2);
  expect(all).toBe(pairs('1'));

  // progress on stderr, on request, ends at the whole input; stdout is the same document
  // (-q: no summary line after the progress)
  for (const [command, extra] of [['analyze', ['--json']], ['aggregate', ['--by', 'proto', '-q']], ['filter', ['proto udp', '-o', 'csv', '-q']]] as const) {
    const r = runCli([command, files[0]!, ...extra, '--progress', '--progress-style', 'simple']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^100\.0% \| 800,000 flows \| ETA: 0s \| [\d,]+ flows\/s \| (\d+) of \1 MiB$/);
    expect(r.stdout).toEqual(runCli([command, files[0]!, ...extra]).stdout);
  }
});

/**
 * `flowstats filter` and `flowstats aggregate` (and analyze --filter) end to end, against independent
 * computations over the same flows parsed from CSV, from every input format including IPFIX.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unpackMultiple } from 'msgpackr';
import { runCli } from '../test-support/run-cli';

let dir: string;
const N = 40_000;
const file = (ext: string) => path.join(dir, `flows.${ext}`);
interface Flow { line: string; start: bigint; src: number; dst: number; sport: number; dport: number; proto: number; packets: number; bytes: number; flags: number; pattern: string; durMs: number }
let flows: Flow[];
const ip = (s: string) => s.split('.').reduce((a, o) => a * 256 + +o, 0);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-filter-'));
  for (const [format, ext] of [['csv', 'csv'], ['msgpack', 'msgpack'], ['jsonl', 'jsonl'], ['ipfix', 'ipfix']]) {
    const r = runCli(['collect', '--seed', '23', '-t', String(N), '--bidirectional', '0.3', '--no-progress', '-o', format!, '--out', file(ext!)]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  flows = fs.readFileSync(file('csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const f = line.split(',');
    return {
      line, start: BigInt(f[0]!), src: ip(f[2]!), dst: ip(f[3]!), sport: +f[4]!, dport: +f[5]!, proto: +f[6]!,
      packets: +f[7]!, bytes: +f[8]!, flags: +f[9]!, pattern: f[10]!, durMs: Number(BigInt(f[1]!) - BigInt(f[0]!)) / 1e6,
    };
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inNet = (v: number, cidr: string) => {
  const [a, len] = cidr.split('/');
  const size = 2 ** (32 - +len!);
  return v >= ip(a!) && v < ip(a!) + size;
};
const cases: Array<[string, (f: Flow) => boolean]> = [
  ['proto udp and dst port 53', (f) => f.proto === 17 && f.dport === 53],
  ['port 443', (f) => f.sport === 443 || f.dport === 443],
  ['src net 10.10.0.0/16 and (bytes > 10k or packets >= 20)', (f) => inNet(f.src, '10.10.0.0/16') && (f.bytes > 10e3 || f.packets >= 20)],
  ['not pattern dns and not proto tcp', (f) => f.pattern !== 'dns' && f.proto !== 6],
  ['dst net 203.0.113.0/24 or src net 203.0.113.0/24', (f) => inNet(f.dst, '203.0.113.0/24') || inNet(f.src, '203.0.113.0/24')],
  ['flags RS', (f) => (f.flags & 6) === 6],
  ['duration > 1000 and packets lt 100', (f) => f.durMs > 1000 && f.packets < 100],
  ['src port != 53 dst port <= 1024', (f) => f.sport !== 53 && f.dport <= 1024],
  ['any', () => true],
];

test.each(cases)('filter %j selects exactly the matching flows, in order', (expr, want) => {
  const r = runCli(['filter', file('msgpack'), expr, '-o', 'csv', '--no-header', '-q']);
  expect(r.stderr).toBe('');
  const got = r.stdout.toString().trim().split('\n').filter(Boolean);
  const expected = flows.filter(want).map((f) => f.line);
  expect(expected.length).toBeGreaterThan(0);
  expect(got).toEqual(expected);
});

test('the same filter over CSV, JSONL and IPFIX input; output in msgpack; analyze --filter agrees', () => {
  const expr = 'proto tcp and bytes > 5000';
  const want = flows.filter((f) => f.proto === 6 && f.bytes > 5000);
  for (const ext of ['csv', 'jsonl']) {
    const got = runCli(['filter', file(ext), expr, '--no-header']).stdout.toString().trim().split('\n');
    expect(got).toEqual(want.map((f) => f.line));
  }
  const ipfix = runCli(['filter', file('ipfix'), expr, '-o', 'msgpack']).stdout;
  const [, ...records] = unpackMultiple(ipfix) as unknown[][];
  expect(records.map((r) => Number(r[8]))).toEqual(want.map((f) => f.bytes));
  const analyzed = JSON.parse(runCli(['analyze', file('ipfix'), '--filter', expr, '--json']).stdout.toString());
  expect(analyzed.totals).toEqual({ flows: want.length, packets: want.reduce((a, f) => a + f.packets, 0), bytes: want.reduce((a, f) => a + f.bytes, 0) });
});

test.each([
  ['proto tcp and', 1 + 'proto tcp and'.length, /expected a filter term, got the end of the filter/],
  ['proto tcpp', 7, /unknown protocol "tcpp"/],
  ['(port 80', 9, /expected "\)" to close the "\(" at column 1/],
  ['port 80)', 8, /unbalanced "\)"/],
  ['src prot 80', 5, /expected ip, host, net or port after "src", got "prot"/],
  ['net 10.0.0.0/33', 5, /prefix length must be 0–32/],
  ['bytes > lots', 9, /expected a number after "bytes", got "lots"/],
  ['frobnicate', 1, /unknown term "frobnicate"/],
])('syntax error in %j points at column %i', (expr, column, message) => {
  const r = runCli(['filter', file('csv'), expr]);
  expect(r.stderr).toMatch(new RegExp(`^flowstats: expression: column ${column}: `));
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
});

/** independent group-by over the CSV flows */
const groupBy = (key: (f: Flow) => string, order: 'flows' | 'packets' | 'bytes') => {
  const m = new Map<string, { flows: number; packets: number; bytes: number }>();
  for (const f of flows) {
    const g = m.get(key(f)) ?? { flows: 0, packets: 0, bytes: 0 };
    g.flows++, (g.packets += f.packets), (g.bytes += f.bytes);
    m.set(key(f), g);
  }
  return m;
};
const ipStr = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

test('aggregate --by srcip/24,dstport equals an independent group-by, ordered by bytes', () => {
  const r = runCli(['aggregate', file('msgpack'), '--by', 'srcip/24,dstport', '--order', 'bytes', '-o', 'jsonl']);
  const rows = r.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const want = groupBy((f) => `${ipStr(f.src - (f.src % 256))}/24|${f.dport}`, 'bytes');
  expect(rows).toHaveLength(want.size);
  for (const row of rows) expect(want.get(`${row['srcip/24']}|${row.dstport}`)).toEqual({ flows: row.flows, packets: row.packets, bytes: row.bytes });
  for (let i = 1; i < rows.length; i++) expect(rows[i - 1].bytes >= rows[i].bytes).toBe(true);
});

test('aggregate --by srcip,dstip (a two-word key) over two files merges them; a 5-tuple with a time bin too', () => {
  // the same flows from two files: every group counts twice
  const pairs = runCli(['aggregate', file('msgpack'), file('csv'), '--by', 'srcip,dstip', '-o', 'jsonl', '--threads', '2', '-q']);
  expect(pairs.stderr).toBe('');
  const rows = pairs.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const want = groupBy((f) => `${ipStr(f.src)}|${ipStr(f.dst)}`, 'flows');
  expect(rows).toHaveLength(want.size);
  for (const row of rows) {
    const g = want.get(`${row.srcip}|${row.dstip}`)!;
    expect({ flows: row.flows, packets: row.packets, bytes: row.bytes }).toEqual({ flows: 2 * g.flows, packets: 2 * g.packets, bytes: 2 * g.bytes });
  }
  // 32 + 32 + 16 + 16 + 8 bits and a 41-bit bin index: four words
  const wide = runCli(['aggregate', file('jsonl'), '--by', 'srcip,dstip,srcport,dstport,proto', '--bin', '1s', '-o', 'jsonl', '--order', 'bytes', '--time-format', 'string']);
  const five = wide.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const key = (f: Flow) => `${ipStr(f.src)}|${ipStr(f.dst)}|${f.sport}|${f.dport}|${f.proto}|${(f.start / 1_000_000_000n) * 1_000_000_000n}`;
  const want5 = groupBy(key, 'bytes');
  expect(five).toHaveLength(want5.size);
  for (const row of five) {
    const k = `${row.srcip}|${row.dstip}|${row.srcport}|${row.dstport}|${row.proto}|${row.bin_start_ns}`;
    expect(want5.get(k)).toEqual({ flows: row.flows, packets: row.packets, bytes: row.bytes });
  }
  for (let i = 1; i < five.length; i++) expect(five[i - 1].bytes >= five[i].bytes).toBe(true);
});

test('aggregate --bin: per-100ms groups of proto in time order with ISO bin starts, in CSV, from IPFIX input; --top-n; --filter', () => {
  const r = runCli(['aggregate', file('ipfix'), '--by', 'proto', '--bin', '100ms', '-o', 'csv']);
  const [head, ...lines] = r.stdout.toString().trim().split('\n');
  expect(head).toBe('proto,bin_start_ns,bin_start,flows,packets,bytes');
  const want = groupBy((f) => `${f.proto},${(f.start / 100_000_000n) * 100_000_000n}`, 'flows');
  expect(lines).toHaveLength(want.size);
  let previous = -1n;
  for (const l of lines) {
    const [proto, bin, iso, fl, pk, by] = l.split(',');
    expect(want.get(`${proto},${bin}`)).toEqual({ flows: +fl!, packets: +pk!, bytes: +by! });
    expect(BigInt(Date.parse(iso!)) * 1_000_000n).toBe(BigInt(bin!)); // 100 ms bins: ms are exact
    expect(BigInt(bin!) >= previous).toBe(true); // time order by default with --bin
    previous = BigInt(bin!);
  }
  const top = runCli(['aggregate', file('csv'), '--by', 'pattern', '--top-n', '2', '--filter', 'not pattern web', '-o', 'jsonl']).stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const byPattern = [...groupBy((f) => f.pattern, 'flows').entries()].filter(([k]) => k !== 'web').sort((a, b) => b[1].flows - a[1].flows);
  expect(top.map((t) => t.pattern)).toEqual(byPattern.slice(0, 2).map(([k]) => k));
});

test('aggregate text and msgpack outputs; bad keys and bins', () => {
  const text = runCli(['aggregate', file('csv'), '--by', 'proto']).stdout.toString().split('\n');
  expect(text[0]).toMatch(/^proto\s+flows\s+packets\s+bytes$/);
  const [header, ...rows] = unpackMultiple(runCli(['aggregate', file('csv'), '--by', 'proto', '-o', 'msgpack']).stdout) as [any, ...unknown[][]];
  expect(header).toMatchObject({ format: 'flowgen-aggregate', fields: ['proto', 'flows', 'packets', 'bytes'] });
  expect(rows.reduce((a, r) => a + Number(r[1]), 0)).toBe(N);
  expect(runCli(['aggregate', file('csv'), '--by', 'srcip,bogus']).stderr).toMatch(/^flowstats: --by: unknown key "bogus" \(valid: srcip, dstip, srcport, dstport, proto, pattern/);
  expect(runCli(['aggregate', file('csv'), '--by', 'dstport/24']).stderr).toMatch(/only srcip and dstip take a mask/);
  expect(runCli(['aggregate', file('csv'), '--by', 'proto', '--bin', '7ms']).stderr).toMatch(/^flowstats: --bin: a bin must divide one second or be whole seconds/);
});

test('filter on worker threads: files of several byte ranges give the same bytes as one thread, in file order', () => {
  // 200 000 flows: ~9 MB of msgpack and ~15 MB of CSV, each cut into two ranges or more
  const big = path.join(dir, 'big');
  for (const format of ['msgpack', 'csv']) {
    const r = runCli(['collect', '--seed', '31', '-t', '200000', '--bidirectional', '0.3', '--no-progress', '-o', format, '--out', `${big}.${format}`]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  expect(fs.statSync(`${big}.msgpack`).size).toBeGreaterThan(8 << 20);
  const runs: Array<[string, string, string, string[]]> = [
    ['proto udp or bytes > 20k', 'msgpack', 'csv', ['2', '3']],
    ['proto udp or bytes > 20k', 'csv', 'jsonl', ['2']],
    ['any', 'msgpack', 'msgpack', ['2']],
  ];
  for (const [expr, input, output, threads] of runs) {
    // two files: the ranges of the big one, then a small one, in this order
    const files = [`${big}.${input}`, file('csv')];
    const one = runCli(['filter', ...files, expr, '-o', output, '--threads', '1', '--no-progress', '--quiet']);
    expect(one.stderr).toBe('');
    expect(one.stdout.length).toBeGreaterThan(1 << 20);
    for (const n of threads) {
      const many = runCli(['filter', ...files, expr, '-o', output, '--threads', n, '--no-progress', '--quiet']);
      expect(many.stderr).toBe('');
      expect(many.stdout.equals(one.stdout)).toBe(true);
    }
  }
  // a corrupt range is still reported with its byte offset, and --out leaves no file behind
  const broken = `${big}-broken.msgpack`;
  const bytes = fs.readFileSync(`${big}.msgpack`);
  bytes.fill(0xc1, 6 << 20, (6 << 20) + 64); // 0xc1 is never used in msgpack
  fs.writeFileSync(broken, bytes);
  const bad = runCli(['filter', broken, 'any', '-o', 'csv', '--threads', '2', '--out', path.join(dir, 'never.csv')]);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/^flowstats: .*big-broken\.msgpack: byte \d+: /);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(fs.existsSync(path.join(dir, 'never.csv'))).toBe(false);
});

test("another exporter's IPFIX with ICMP type/code in icmpTypeCodeIPv4 (32) or icmpTypeIPv4/icmpCodeIPv4 (176/177) reads as type·256 + code in the destination port", () => {
  // one message: a template per layout, then one ICMP record each (port unreachable 3.3; echo reply 0.0 via 176/177)
  const tpl = (id: number, ies: Array<[number, number]>) => {
    const b = Buffer.alloc(4 + ies.length * 4);
    b.writeUInt16BE(id, 0);
    b.writeUInt16BE(ies.length, 2);
    ies.forEach(([ie, len], i) => (b.writeUInt16BE(ie, 4 + i * 4), b.writeUInt16BE(len, 6 + i * 4)));
    return b;
  };
  const set = (id: number, body: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(id, 0);
    h.writeUInt16BE(4 + body.length, 2);
    return Buffer.concat([h, body]);
  };
  const common: Array<[number, number]> = [[8, 4], [12, 4], [4, 1], [2, 4], [1, 4], [152, 8], [153, 8]];
  const record = (tail: Buffer) => {
    const b = Buffer.alloc(33);
    b.writeUInt32BE(0x0a000001, 0), b.writeUInt32BE(0x0a000002, 4), b.writeUInt8(1, 8), b.writeUInt32BE(1, 9), b.writeUInt32BE(84, 13);
    b.writeBigUInt64BE(1704067200000n, 17), b.writeBigUInt64BE(1704067200001n, 25);
    return Buffer.concat([b, tail]);
  };
  const sets = Buffer.concat([
    set(2, Buffer.concat([tpl(256, [...common, [32, 2]]), tpl(257, [...common, [176, 1], [177, 1], [7, 2], [11, 2]])])),
    set(256, record(Buffer.from([3, 3]))),
    set(257, record(Buffer.from([0, 0, 0x12, 0x34, 0, 0]))), // type 0 code 0; ports 4660 → 0 (ICMP has none)
  ]);
  const head = Buffer.alloc(16);
  head.writeUInt16BE(10, 0), head.writeUInt16BE(16 + sets.length, 2), head.writeUInt32BE(1704067200, 4);
  const msg = path.join(dir, 'icmp.ipfix');
  fs.writeFileSync(msg, Buffer.concat([head, sets]));
  const r = runCli(['filter', msg, 'proto icmp', '-o', 'csv', '--no-header', '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.stdout.toString().trim().split('\n').map((l) => l.split(',').slice(4, 7).join(','))).toEqual(['0,771,1', '0,0,1']);
  expect(runCli(['filter', msg, 'icmp-type 3 and icmp-code 3', '-o', 'csv', '--no-header']).stdout.toString().trim().split('\n')).toHaveLength(1);
});

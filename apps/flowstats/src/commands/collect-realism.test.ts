/**
 * `flowstats collect` with the realism features on (configs/realistic.yaml: host model, time profile, request/response pairs, and what later steps
 * add), through the built binary: byte identity for 1, 2 and 3 threads and across shards, prefix stability,
 * and one-line errors with field paths for bad realism config.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli } from '../test-support/run-cli';

const REALISTIC = path.join(ROOT, 'configs', 'realistic.yaml');
let scratch: string;
beforeAll(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-realism-'))));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const collect = (args: ReadonlyArray<string>): Buffer => {
  const r = runCli(['collect', '--no-progress', ...args]);
  if (r.code !== 0) throw new Error(`collect ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};

describe('the shipped configs/realistic.yaml meets the realism targets (200 000 flows, seed 42)', () => {
  let rows: string[][];
  beforeAll(() => {
    rows = collect(['-c', REALISTIC, '-t', '200000', '-o', 'csv', '-n', '2']).toString().trim().split('\n').slice(1).map((l) => l.split(','));
  });
  // csv columns: start_ns,end_ns,src_ip,dst_ip,src_port,dst_port,protocol,packets,bytes,tcp_flags,pattern
  const count = <K>(xs: Iterable<K>): number[] => {
    const m = new Map<K, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return [...m.values()].sort((a, b) => b - a);
  };

  test('the top 1 % of source addresses send ≥ 20 % of all flows (replies included)', () => {
    const c = count(rows.map((r) => r[2]));
    const top = c.slice(0, Math.ceil(c.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / rows.length).toBeGreaterThanOrEqual(0.2);
  });

  test('≥ 90 % of dns queries (dst port 53) go to at most 10 resolver addresses', () => {
    const q = rows.filter((r) => r[10] === 'dns' && r[5] === '53');
    expect(q.length).toBeGreaterThan(10_000);
    expect(count(q.map((r) => r[3])).slice(0, 10).reduce((a, b) => a + b, 0) / q.length).toBeGreaterThanOrEqual(0.9);
  });

  test('≥ 50 % of web requests go to a server their client talks to more than once', () => {
    const w = rows.filter((r) => r[10] === 'web' && (r[5] === '443' || r[5] === '80'));
    const c = count(w.map((r) => `${r[2]}>${r[3]}`));
    expect(c.filter((x) => x > 1).reduce((a, b) => a + b, 0) / w.length).toBeGreaterThanOrEqual(0.5);
  });
});

describe('determinism with everything on', () => {
  // 70 000 flows = 5 chunks of 16 384
  const base = ['-c', REALISTIC, '--seed', '9', '-t', '70000'];
  test.each(['csv', 'msgpack'])('%s: byte-identical for 1, 2 and 3 threads', (format) => {
    const one = collect([...base, '-o', format, '-n', '1']);
    expect(collect([...base, '-o', format, '-n', '2']).equals(one)).toBe(true);
    expect(collect([...base, '-o', format, '-n', '3']).equals(one)).toBe(true);
  });

  test('csv: shards 0/3, 1/3, 2/3 concatenate to the unsharded output', () => {
    const whole = collect([...base, '-o', 'csv', '-n', '2']);
    const pieces = [0, 1, 2].map((i) => collect([...base, '-o', 'csv', '-n', '2', '--shard', `${i}/3`]));
    expect(Buffer.concat(pieces).equals(whole)).toBe(true);
  });

  test('an end timestamp with the profile: same flows for 1 and 3 threads, every start before the end', () => {
    const end = '1704110400100000000'; // 0.1 s after the config's start: ~30 000 flows, under the file's 100 000
    const args = ['-c', REALISTIC, '--seed', '4', '--end-timestamp', end];
    const one = collect([...args, '-n', '1', '--no-header']);
    expect(collect([...args, '-n', '3', '--no-header']).equals(one)).toBe(true);
    const lines = one.toString().trim().split('\n');
    expect(lines.length).toBeGreaterThan(16384);
    expect(lines.length).toBeLessThan(100000);
    for (const l of lines) expect(BigInt(l.split(',')[0]!) < BigInt(end)).toBe(true);
  });

  test('a shorter run is a prefix of a longer one', () => {
    const long = collect(['-c', REALISTIC, '--seed', '9', '-t', '40000', '-o', 'csv']);
    const short = collect(['-c', REALISTIC, '--seed', '9', '-t', '20000', '-o', 'csv']);
    expect(long.subarray(0, short.length).equals(short)).toBe(true);
  });
});

describe('bad realism config: one line with the field path, exit 2, no output file', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown pattern served', 'hosts:\n  servers:\n    - {name: a, patterns: [gopher], subnets: [10.0.0.0/24]}\n', /^flowstats: \S+bad\.yaml: hosts\.servers\[0\]\.patterns\[0\]: unknown pattern "gopher"/],
    ['too many clients', 'hosts:\n  clients: {subnets: [10.0.0.0/30], count: 5}\n', /^flowstats: \S+bad\.yaml: hosts\.clients\.count: 5 hosts do not fit in 2 usable addresses/],
    ['negative exponent', 'hosts:\n  clients: {activity: {distribution: zipf, exponent: -2}}\n', /^flowstats: \S+bad\.yaml: hosts\.clients\.activity\.exponent: zipf exponent must be within 0…10/],
    ['hourly weights of the wrong length', 'time_profile:\n  hourly: [1, 2]\n', /^flowstats: \S+bad\.yaml: time_profile\.hourly: needs 24 weights \(a day\) or 168/],
    ['negative hourly weight', `time_profile:\n  hourly: [${[...Array(23).fill(1), -3].join(', ')}]\n`, /^flowstats: \S+bad\.yaml: time_profile\.hourly\[23\]: weights are relative rates and must be ≥ 0/],
  ];
  test.each(cases)('%s', (_name, yaml, message) => {
    const cfg = path.join(scratch, 'bad.yaml');
    fs.writeFileSync(cfg, yaml);
    const out = path.join(scratch, 'out.csv');
    const r = runCli(['collect', '--no-progress', '-c', cfg, '-t', '10', '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});

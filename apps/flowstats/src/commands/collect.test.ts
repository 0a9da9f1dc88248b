/**
 * `flowstats collect` end to end through the built binary: golden samples in every format, byte identity
 * across thread counts and shards, one-line errors with no file left behind, end timestamps, pipes closed
 * early, progress and SIGINT. Regenerate goldens after an intended change with UPDATE_GOLDEN=1 npm test.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unpackMultiple } from 'msgpackr';
import { BIN, runCli } from '../test-support/run-cli';

const GOLDEN = path.join(__dirname, '__golden__');
const FORMATS = {
  csv: 'csv', jsonl: 'jsonl', json: 'json', 'json-pretty': 'pretty.json', text: 'txt', msgpack: 'msgpack',
  'netflow-v5': 'v5.pcap', 'netflow-v9': 'v9.pcap', ipfix: 'ipfix',
} as const;
const FIELDS = ['start_ns', 'end_ns', 'src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'packets', 'bytes', 'tcp_flags', 'pattern'];

let scratch: string;
beforeAll(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-collect-'))));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const collect = (args: ReadonlyArray<string>): Buffer => {
  const r = runCli(['collect', '--no-progress', ...args]);
  if (r.code !== 0) throw new Error(`collect ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};

describe('golden samples (--seed 42, 200 flows, bidirectional 0.5)', () => {
  const args = ['--seed', '42', '-t', '200', '-n', '1', '--bidirectional', '0.5'];
  test.each(Object.entries(FORMATS))('%s', (format, ext) => {
    const out = collect([...args, '-o', format]);
    const file = path.join(GOLDEN, `collect-seed42.${ext}`);
    if (process.env.UPDATE_GOLDEN === '1') fs.mkdirSync(GOLDEN, { recursive: true }), fs.writeFileSync(file, out);
    expect(out.equals(fs.readFileSync(file))).toBe(true);
  });

  test('every format carries the same records under the same field names', () => {
    const csv = collect([...args, '-o', 'csv']).toString().trim().split('\n');
    expect(csv[0]).toBe(FIELDS.join(','));
    const rows = csv.slice(1).map((l) => l.split(','));
    // ns timestamps exceed 2^53: read them as strings, as a BigInt-aware JSON reader would
    const parse = (text: string) => JSON.parse(text.replace(/("(?:start|end)_ns":\s*)(\d+)/g, '$1"$2"'));
    const jsonl = collect([...args, '-o', 'jsonl']).toString().trim().split('\n').map(parse);
    const json = parse(collect([...args, '-o', 'json']).toString());
    const pretty = parse(collect([...args, '-o', 'json-pretty']).toString());
    const [header, ...records] = unpackMultiple(collect([...args, '-o', 'msgpack'])) as [any, ...unknown[][]];
    const text = collect([...args, '-o', 'text']).toString().trim().split('\n');
    expect(header).toMatchObject({ format: 'flowgen-flows', version: 1, fields: FIELDS, seed: '42' });
    expect(text[0]!.trim().split(/\s+/)).toEqual(FIELDS);
    expect(rows).toHaveLength(200);
    for (const list of [jsonl, json, pretty, records]) expect(list).toHaveLength(200);
    rows.forEach((row, i) => {
      expect(Object.keys(jsonl[i])).toEqual(FIELDS);
      expect(json[i]).toEqual(jsonl[i]);
      expect(pretty[i]).toEqual(jsonl[i]);
      expect(text[i + 1]!.trim().split(/\s+/)).toEqual(row);
      FIELDS.forEach((f, k) => expect(String(jsonl[i][f])).toBe(row[k]));
      // msgpack: IPs as uint32, timestamps as uint64 (BigInt-exact)
      const m = records[i]!;
      expect(String(m[0])).toBe(row[0]);
      expect(String(m[1])).toBe(row[1]);
      expect(m[2]).toBe(row[2]!.split('.').reduce((a, o) => a * 256 + Number(o), 0));
      expect(m.slice(4).map(String)).toEqual(row.slice(4));
    });
  });
});

describe('determinism', () => {
  // 70 000 flows = 5 chunks of 16 384, so 2 and 3 threads really interleave chunks
  const base = ['--seed', '9', '-t', '70000'];
  test.each(['csv', 'msgpack', 'json'])('%s: byte-identical for 1, 2 and 3 threads and across runs', (format) => {
    const one = collect([...base, '-o', format, '-n', '1']);
    expect(collect([...base, '-o', format, '-n', '2']).equals(one)).toBe(true);
    expect(collect([...base, '-o', format, '-n', '3']).equals(one)).toBe(true);
    expect(collect([...base, '-o', format, '-n', '2']).equals(one)).toBe(true);
  });

  test.each(['csv', 'json', 'jsonl', 'msgpack'])('%s: shards 0/3, 1/3, 2/3 concatenate to the unsharded output', (format) => {
    const whole = collect([...base, '-o', format, '-n', '2']);
    const pieces = [0, 1, 2].map((i) => collect([...base, '-o', format, '-n', '2', '--shard', `${i}/3`]));
    expect(pieces.every((p) => p.length > 0)).toBe(true);
    expect(Buffer.concat(pieces).equals(whole)).toBe(true);
  });

  test('a different seed gives different flows', () => {
    expect(collect(['--seed', '1', '-t', '100']).equals(collect(['--seed', '2', '-t', '100']))).toBe(false);
  });

  test('flags override the config file', () => {
    const cfg = path.join(scratch, 'override.yaml');
    fs.writeFileSync(cfg, 'generation:\n  total_flows: 50\n  seed: 3\ntraffic_patterns:\n  - {type: dns, percentage: 100}\n');
    const fromFile = collect(['-c', cfg]).toString().trim().split('\n');
    expect(fromFile).toHaveLength(51);
    expect(fromFile.slice(1).every((l) => l.endsWith(',dns'))).toBe(true);
    const overridden = collect(['-c', cfg, '-t', '20', '--patterns', 'ssh:100']).toString().trim().split('\n');
    expect(overridden).toHaveLength(21);
    expect(overridden.slice(1).every((l) => l.endsWith(',ssh'))).toBe(true);
  });
});

test('--end-timestamp stops before the end time; --no-header drops the header row', () => {
  const start = 1704067200000000000n;
  const end = start + 2_000_000n; // 2 ms at 10 Gbps: a few hundred flows
  const lines = collect(['--seed', '4', '--start-timestamp', String(start), '--end-timestamp', String(end), '--no-header'])
    .toString().trim().split('\n');
  expect(lines.length).toBeGreaterThan(200);
  expect(lines[0]!.startsWith(String(start))).toBe(true);
  for (const l of lines) expect(BigInt(l.split(',')[0]!) < end).toBe(true);
});

describe('bad input: one line naming the source and field, exit 2, no output file', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown pattern', ['--patterns', 'gopher:100'], /^flowstats: --patterns: gopher: unknown pattern "gopher" \(known: web, /],
    ['percentages not summing to 100', ['--patterns', 'web:50,dns:40'], /^flowstats: --patterns: percentages must sum to 100, got 90/],
    ['malformed --patterns', ['--patterns', 'web'], /^flowstats: --patterns: \[0\]: expected NAME:PERCENT/],
    ['bad CIDR', ['--src-subnets', '10.0.0.0/33'], /^flowstats: --src-subnets: \[0\]: prefix length must be 0–32/],
    ['bad address', ['--dst-subnets', '10.0.0.0/8,300.1.1.1/8'], /^flowstats: --dst-subnets: \[1\]: not a dotted-quad IPv4 address/],
    ['probability outside [0,1]', ['--bidirectional', '1.5'], /^flowstats: --bidirectional: probability must be within \[0, 1\], got 1\.5/],
    ['unknown format', ['-o', 'xml'], /^flowstats: --output-format: unknown exporter "xml" \(known: csv, /],
    ['malformed --shard', ['--shard', 'x'], /^flowstats: --shard: expected INDEX\/COUNT/],
    ['--shard out of range', ['--shard', '3/2'], /^flowstats: --shard: index must be in 0…COUNT-1/],
    ['negative count', ['-t', '-5'], /^flowstats: --count: must be a whole number ≥ 0 \(.*\), got "-5"/],
    ['flows per thread and total together', ['-f', '10'], /^flowstats: --count: --count=1000 cannot also be provided when using --flows-per-thread/],
    ['negative per-thread count', ['-f', '-1'], /^flowstats: --flows-per-thread: must be a whole number ≥ 0/],
    ['zero threads', ['-n', '0'], /^flowstats: --threads: must be at least 1/],
    ['unknown timing', ['--timing', 'sometimes'], /^flowstats: --timing: unknown value "sometimes"/],
    ['non-integer seed', ['--seed', 'abc'], /^flowstats: --seed: must be an integer/],
    ['end before start', ['--end-timestamp', '5'], /^flowstats: --end: end timestamp 5 ns must be after the start/],
    ['unknown flag', ['--bogus'], /^flowstats: --bogus: Nonexistent flag/],
    ['missing config', ['-c', '/nonexistent/flows.yaml'], /^flowstats: \/nonexistent\/flows\.yaml: no such file/],
  ];
  const fileCases: Array<[string, string, string, RegExp]> = [
    ['malformed YAML', 'bad.yaml', 'generation:\n  bandwidth_gbps: [1\n', /^flowstats: .*bad\.yaml: malformed YAML at line 3, column 1/],
    ['YAML alias bomb', 'bomb.yaml', `a: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n')}\n`, /^flowstats: .*bomb\.yaml: YAML aliases expand too far/],
    ['malformed JSON', 'bad.json', '{"generation": {', /^flowstats: .*bad\.json: malformed JSON/],
    ['wrong type', 'type.yaml', 'generation:\n  bandwidth_gbps: fast\n', /^flowstats: .*type\.yaml: generation\.bandwidth_gbps: /],
    ['negative total in a file', 'neg.json', '{"generation":{"total_flows":-5}}', /^flowstats: .*neg\.json: generation\.total_flows: /],
    ['probability in a file', 'p.yaml', 'generation:\n  bidirectional_mode: random\n  bidirectional_probability: 2\n', /^flowstats: .*p\.yaml: generation\.bidirectional_probability: probability must be within \[0, 1\]/],
    ['unknown pattern in a file', 'pat.yaml', 'traffic_patterns:\n  - {type: web, percentage: 60}\n  - {type: telnet, percentage: 40}\n', /^flowstats: .*pat\.yaml: traffic_patterns\[1\]\.type: unknown pattern "telnet"/],
    ['bad CIDR in a file', 'net.yaml', 'network:\n  destination_subnets: [10.0.0.0/8, 10.1.0/16]\n', /^flowstats: .*net\.yaml: network\.destination_subnets\[1\]: /],
    ['percentages in a file', 'sum.yaml', 'traffic_patterns:\n  - {type: web, percentage: 60}\n', /^flowstats: .*sum\.yaml: traffic_patterns: percentages must sum to 100, got 60/],
  ];

  const expectCleanFailure = (args: string[], message: RegExp) => {
    const dir = fs.mkdtempSync(path.join(scratch, 'bad-'));
    const total = args.includes('-t') || args.includes('-f') && args.includes('-1') ? [] : ['-t', '1000'];
    const r = runCli(['collect', ...total, ...args, '--out', path.join(dir, 'flows.csv')]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  };

  test.each(cases)('%s', (_name, args, message) => expectCleanFailure(args, message));
  test.each(fileCases)('%s', (_name, file, text, message) => {
    const p = path.join(scratch, file);
    fs.writeFileSync(p, text);
    expectCleanFailure(['-c', p], message);
  });

  test('an unwritable --out names the flag', () => {
    const r = runCli(['collect', '-t', '5', '--out', '/nonexistent/dir/x.csv']);
    expect(r.stderr).toBe('flowstats: --out /nonexistent/dir/x.csv: cannot create: no such directory (ENOENT)\n');
    expect(r.code).toBe(2);
  });
});

test('--out writes atomically: the file appears complete, with no temporary left', () => {
  const dir = fs.mkdtempSync(path.join(scratch, 'out-'));
  const out = path.join(dir, 'flows.msgpack');
  expect(runCli(['collect', '--seed', '1', '-t', '40000', '-o', 'msgpack', '--out', out]).code).toBe(0);
  expect(fs.readdirSync(dir)).toEqual(['flows.msgpack']);
  expect(unpackMultiple(fs.readFileSync(out))).toHaveLength(40001);
});

test('collect … | head ends quietly with exit 0', () => {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" collect -t 50000000 -o csv | head -3`], { encoding: 'utf8' });
  expect(r.stdout.split('\n')).toHaveLength(4);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('--progress --progress-style simple reports percent, simulated time, ETA, flows/s and Gbps on stderr', () => {
  const r = runCli(['collect', '-t', '300000', '--progress', '--progress-style', 'simple', '-o', 'msgpack', '--out', path.join(scratch, 'p.mp')]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/100(\.0)?%/);
  expect(r.stderr).toMatch(/flows\/s/);
  expect(r.stderr).toMatch(/Gbps/);
  expect(r.stderr).toMatch(/2024-01-01/);
  expect(r.stderr).toMatch(/ETA/);
});

test('SIGINT: exit 130, only complete records, kept as NAME.partial (never under the final name)', async () => {
  const out = path.join(scratch, 'interrupted.csv');
  const child = spawn(process.execPath, [BIN, 'collect', '-t', '1000000000', '-n', '2', '-o', 'csv', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // wait until the file has real content, then interrupt
  const tmpDir = path.dirname(out);
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      const grown = fs.readdirSync(tmpDir).some((f) => f.includes('interrupted') && fs.statSync(path.join(tmpDir, f)).size > 1 << 20);
      if (grown) clearInterval(poll), resolve();
    }, 50);
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(130);
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(tmpDir).filter((f) => f.includes('interrupted'))).toEqual(['interrupted.csv.partial']);
  const text = fs.readFileSync(`${out}.partial`, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe(FIELDS.join(','));
  expect(lines.length).toBeGreaterThan(10_000);
  for (const l of lines.slice(1)) if (l.split(',').length !== 11) throw new Error(`incomplete record: ${l}`);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(/^flowstats: interrupted by SIGINT: wrote [\d,]+ flows to \S+interrupted\.csv\.partial in [\d.]+ s \(seed \d+\)$/m);
});

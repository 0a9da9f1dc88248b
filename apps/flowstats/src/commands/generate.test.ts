/**
 * `flowstats generate` end to end: goldens for both dialects and for every preset template, exact -n and -r,
 * byte-identical reruns, every reference config for 100 000 records, validation (the 6fca005 hacker-path
 * bug), other formats, real time and backfill, analyze reading the TCP lifecycle preset, bad input.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unpackMultiple } from 'msgpackr';
import { BIN, ROOT, runCli } from '../test-support/run-cli';

const IEG = path.join(ROOT, 'configs', 'ieg-reference');
const GOLDEN = path.join(__dirname, '__golden__');
const S = ['-s', '2024-01-01T00:00:00Z'];
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-generate-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const gen = (args: string[]) => {
  const r = runCli(['generate', ...args]);
  if (r.code !== 0) throw new Error(`generate ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r;
};
const golden = (name: string, out: Buffer | string) => {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, out);
  expect(out.toString()).toBe(fs.readFileSync(file, 'utf8'));
};

describe('generate', () => {
  it.each([
    ['6fca005', 'generate-6fca005-vpc.jsonl', path.join(IEG, '6fca005', 'configs', 'vpc_flow_logs.json')],
    ['HEAD', 'generate-head-vpc.jsonl', path.join(IEG, 'd6b2c5b', 'configs', 'vpc_flow_logs.json')],
  ])('matches the golden sample (%s dialect)', (_d, name, config) => {
    golden(name, gen(['-c', config, ...S, '-n', '50', '--seed', '7']).stdout);
  });

  it('renders every template of the presets (golden lines)', () => {
    const out: string[] = [];
    for (const preset of ['ecommerce', 'vpc_flow_logs', 'tcp_flow_lifecycle']) {
      const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'configs', 'presets', `${preset}.json`), 'utf8')) as { templates: Record<string, unknown> };
      for (const t of Object.keys(config.templates)) out.push(`== ${preset} ${t}`, gen(['-c', preset, ...S, '-n', '4', '--seed', '3', '-t', t]).stdout.toString().trimEnd());
    }
    golden('generate-templates.txt', `${out.join('\n')}\n`);
    expect(out.filter((l) => l.startsWith('== '))).toHaveLength(10);
  });

  it('runs every reference config and preset for exactly 100 000 records; the 6fca005 ecommerce ones fail validation', () => {
    const configs = [...['6fca005', 'd6b2c5b'].flatMap((c) => fs.readdirSync(path.join(IEG, c, 'configs')).map((f) => path.join(IEG, c, 'configs', f))), ...fs.readdirSync(path.join(ROOT, 'configs', 'presets')).map((f) => path.join(ROOT, 'configs', 'presets', f))];
    expect(configs.length).toBeGreaterThanOrEqual(13);
    for (const config of configs) {
      const out = path.join(dir, 'run.jsonl');
      const r = runCli(['generate', '-c', config, ...S, '-n', '100000', '--seed', '42', '--out', out, '-q']);
      if (/6fca005.*ecommerce/.test(config)) {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('reads variable "var_user", which no state sets on the path global_init → hacker_start → hacker');
        expect(fs.existsSync(out)).toBe(false);
        continue;
      }
      expect([config, r.code, r.stderr.split('\n').filter((l) => !l.includes('warning:')).join('')]).toEqual([config, 0, '']);
      const lines = fs.readFileSync(out, 'utf8').split('\n');
      expect(lines).toHaveLength(100_001);
      expect(JSON.parse(lines[99_999]!)).toBeInstanceOf(Object);
    }
  });

  it('is byte-identical across runs; -n N is a prefix of -n M', () => {
    const a = gen(['-c', 'ecommerce', ...S, '-n', '20000', '--seed', '5']).stdout;
    expect(gen(['-c', 'ecommerce', ...S, '-n', '20000', '--seed', '5']).stdout.equals(a)).toBe(true);
    const short = gen(['-c', 'ecommerce', ...S, '-n', '777', '--seed', '5']).stdout.toString();
    expect(short.split('\n')).toHaveLength(778);
    expect(a.toString().startsWith(short)).toBe(true);
  });

  it('-r: nothing stamped after start + R; -n 0 writes only the template header', () => {
    const lines = gen(['-c', 'ecommerce', ...S, '-r', 'PT10M', '--seed', '1']).stdout.toString().trim().split('\n');
    const times = lines.map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    expect(lines.length).toBeGreaterThan(100);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2024-01-01T00:10:00Z'));
    expect(gen(['-c', 'ecommerce', ...S, '-n', '0', '-t', 'csv']).stdout.toString()).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'configs', 'presets', 'ecommerce.json'), 'utf8')).templates.csv.header}\n`);
    expect(gen(['-c', 'ecommerce', ...S, '-n', '0']).stdout.length).toBe(0);
  });

  it('writes CSV and msgpack with the same records as JSON lines', () => {
    const args = ['-c', 'vpc_flow_logs', ...S, '-n', '300', '--seed', '2'];
    const json = gen(args).stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = gen([...args, '-o', 'csv']).stdout.toString().trim().split('\n');
    expect(csv[0]).toBe(Object.keys(json[0]!).join(','));
    expect(csv.slice(1)).toEqual(json.map((r) => Object.values(r).join(',')));
    const [header, ...records] = unpackMultiple(gen([...args, '-o', 'msgpack']).stdout) as unknown[];
    expect(header).toMatchObject({ format: 'flowgen-events', version: 1, seed: '2' });
    expect(records).toEqual(json);
  });

  it('the TCP lifecycle preset is read by flowstats analyze, as JSON lines and as CSV (its extra event column skipped)', () => {
    const out = path.join(dir, 'tcp.jsonl');
    gen(['-c', 'tcp_flow_lifecycle', ...S, '-n', '5000', '--seed', '4', '--out', out]);
    const a = runCli(['analyze', out, '--json']);
    expect(a.code).toBe(0);
    const r = JSON.parse(a.stdout.toString()) as { totals: { flows: number; bytes: number } };
    const recs = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { bytes: number; event: string; tcp_flags: number });
    expect(r.totals.flows).toBe(5000);
    expect(r.totals.bytes).toBe(recs.reduce((s, x) => s + x.bytes, 0));
    expect(new Set(recs.map((x) => `${x.event}:${x.tcp_flags}`))).toEqual(new Set(['SYN:2', 'DATA:24', 'FIN:17', 'RST:20']));
    const csv = path.join(dir, 'tcp.csv');
    gen(['-c', 'tcp_flow_lifecycle', ...S, '-n', '5000', '--seed', '4', '-o', 'csv', '--out', csv]);
    const c = runCli(['analyze', csv, '--json']);
    expect(c.stderr).toBe('');
    const { files: _f, ...fromCsv } = JSON.parse(c.stdout.toString()) as { files: unknown };
    const { files: _j, ...fromJsonl } = r as unknown as { files: unknown };
    expect(fromCsv).toEqual(fromJsonl);
  });

  it('runs in real time without -s, and backfills from -s up to now before going live', () => {
    const t0 = Date.now();
    const live = gen(['-c', 'tcp_flow_lifecycle', '-r', 'PT1S', '--seed', '1']).stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { end_ns: number });
    const wall = Date.now() - t0;
    expect(live.length).toBeGreaterThan(10);
    // stamped within the run's own second of wall time, and it took at least that second
    for (const r of live) expect(r.end_ns / 1e6).toBeGreaterThanOrEqual(t0 - 5);
    expect(wall).toBeGreaterThanOrEqual(900);

    const start = new Date(Date.now() - 30_000).toISOString();
    const t1 = Date.now();
    const back = gen(['-c', 'tcp_flow_lifecycle', '-s', start, '--backfill', '-r', 'PT31S', '--seed', '1']).stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { end_ns: number });
    const took = Date.now() - t1;
    const first = back[0]!.end_ns / 1e6;
    expect(first).toBeLessThan(t1 - 25_000); // 30 s of backfilled records …
    expect(Math.max(...back.map((r) => r.end_ns / 1e6))).toBeLessThanOrEqual(Date.parse(start) + 31_000);
    expect(took).toBeGreaterThanOrEqual(500); // … then live until start + 31 s
  });

  it('an endless simulated run stops on SIGINT with exit 130 and only complete records', async () => {
    const out = path.join(dir, 'endless.jsonl');
    const child = spawn(process.execPath, [BIN, 'generate', '-c', 'tcp_flow_lifecycle', ...S, '--seed', '1', '--out', out], { stdio: ['ignore', 'ignore', 'ignore'] });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (fs.readdirSync(dir).some((f) => f.includes('endless') && fs.statSync(path.join(dir, f)).size > 1 << 20)) clearInterval(poll), resolve();
      }, 50);
    });
    child.kill('SIGINT');
    expect(await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))).toBe(130);
    expect(fs.existsSync(out)).toBe(false); // the completed records are in NAME.partial
    const lines = fs.readFileSync(`${out}.partial`, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(1000);
    for (const l of lines) JSON.parse(l);
  });

  it.each([
    [['-c', 'ecommerce', '-n', '5', '-r', 'PT1H'], /^flowstats: --duration: --duration=PT1H cannot also be provided when using --count$/],
    [['-c', 'ecommerce', '-r', 'P1M'], /^flowstats: --duration: years and months have no fixed length; use days or weeks \(got "P1M"\)$/],
    [['-c', 'ecommerce', '-s', 'yesterday', '-n', '1'], /^flowstats: --start: expected an ISO-8601 date-time/],
    [['-c', 'ecommerce', '-n', '1', '-t', 'nope'], /^flowstats: \S+ecommerce\.json: templates: no template "nope" \(available: apache:access:json, /],
    [['-c', 'nope.json', '-n', '1'], /^flowstats: nope\.json: no such file \(--config\)$/],
    [['-c', 'ecommerce', '-n', '1', '-m', '0'], /^flowstats: --max-active: must be within 1…1000000, got 0$/],
    [['-c', 'ecommerce', '-n', '1', '-t', 'csv', '-o', 'csv'], /^flowstats: --template: a template is its own format; drop -o csv$/],
  ])('rejects %j in one line with exit 2', (args, message) => {
    const r = runCli(['generate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--validate: 0 and "valid" for a sound config, 2 and every problem otherwise', () => {
    expect(gen(['-c', 'vpc_flow_logs', '--validate']).stdout.toString()).toBe('vpc_flow_logs: valid\n');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ interarrival: { type: 'exponential', mean: -1 }, emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'int', cardinality: 0 }] }], states: [{ name: 'a', emitter: 'f', delay: { type: 'constant', value: 1 }, transitions: [{ next: 'b', probability: 1 }] }] }));
    const r = runCli(['generate', '-c', bad, '--validate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `flowstats: ${bad}: emitters[0].dimensions[0].distribution: is required`,
      `flowstats: ${bad}: interarrival.mean: must be > 0, got -1`,
      `flowstats: ${bad}: states[0].emitter: unknown emitter "f" (known: e)`,
      `flowstats: ${bad}: states[0].transitions[0].next: unknown state "b" (known: a, or stop)`,
    ]);
  });
});

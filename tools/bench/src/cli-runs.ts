/**
 * Whole-command measurements: `flowstats collect` spawned as a user runs it, output to /dev/null, timed from
 * spawn to exit (so startup, worker start and the writer are included) with peak RSS from rss-probe.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CliRun {
  readonly name: string;
  readonly args: ReadonlyArray<string>;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSec: number;
  readonly maxRssBytes: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'apps', 'flowstats', 'bin', 'run.js');
const PROBE = path.join(__dirname, 'rss-probe.js');

/** `records` is a count, or read from the run's stderr (commands whose record count is only known after the run) */
export const runCli = (name: string, args: ReadonlyArray<string>, records: number | ((stderr: string) => number), input?: Buffer): CliRun => {
  const rssFile = path.join(os.tmpdir(), `flowgen-bench-rss-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PROBE, BIN, ...args], {
    // `input` arrives through a pipe (the command reads `-`)
    stdio: [input ? 'pipe' : 'ignore', fs.openSync('/dev/null', 'w'), 'pipe'],
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`flowstats ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const maxRssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssFile, { force: true });
  const n = typeof records === 'number' ? records : records(r.stderr);
  const run = { name, args, records: n, seconds, recordsPerSec: n / seconds, maxRssBytes };
  process.stderr.write(`  ${name.padEnd(44)} ${(run.recordsPerSec / 1e6).toFixed(2).padStart(7)} M records/s  ${seconds.toFixed(1)} s  RSS ${(maxRssBytes / 2 ** 20).toFixed(0)} MiB\n`);
  return run;
};

/** collect → /dev/null for each format and thread count */
export const collectRuns = (flows: number, only: (name: string) => boolean): CliRun[] => {
  const runs: CliRun[] = [];
  for (const format of ['csv', 'msgpack', 'ipfix']) {
    for (const threads of format === 'ipfix' ? [2] : [1, 2]) {
      const name = `collect: ${format}, ${threads} thread${threads > 1 ? 's' : ''}, ${flows / 1e6} M flows`;
      if (!only(name)) continue;
      runs.push(runCli(name, ['collect', '--seed', '1', '-t', String(flows), '-o', format, '-n', String(threads), '--no-progress'], flows));
    }
  }
  return runs;
};

/**
 * The realism cost: collect with configs/realistic.yaml (host model, time profile, request/response pairs)
 * next to the uniform engine (built-in defaults), same flow count, CSV and msgpack, 2 threads; the ratio of
 * the two rates is printed after each pair.
 */
export const realismRuns = (flows: number, only: (name: string) => boolean): CliRun[] => {
  const runs: CliRun[] = [];
  const realistic = path.join(ROOT, 'configs', 'realistic.yaml');
  for (const format of ['csv', 'msgpack']) {
    const base = `${format}, 2 threads, ${flows / 1e6} M flows`;
    const names = [`collect uniform: ${base}`, `collect realistic: ${base}`];
    if (!names.some(only)) continue;
    const common = ['--seed', '1', '-t', String(flows), '-o', format, '-n', '2', '--no-progress'];
    const uniform = runCli(names[0]!, ['collect', ...common], flows);
    const real = runCli(names[1]!, ['collect', '-c', realistic, ...common], flows);
    process.stderr.write(`  ${`realistic / uniform (${format})`.padEnd(44)} ${(real.recordsPerSec / uniform.recordsPerSec).toFixed(2).padStart(7)}×\n`);
    runs.push(uniform, real);
  }
  return runs;
};

/** analyze --top srcip/bytes and aggregate --by srcip,dstport over a msgpack file of `flows` flows (written once, untimed) */
export const analyzeRuns = (flows: number, only: (name: string) => boolean): CliRun[] => {
  const runs: Array<[string, string[]]> = [
    [`analyze: msgpack --top srcip/bytes, 1 thread, ${flows / 1e6} M flows`, ['analyze', '--top', 'srcip/bytes', '--threads', '1']],
    [`analyze: msgpack --top srcip/bytes, 2 threads, ${flows / 1e6} M flows`, ['analyze', '--top', 'srcip/bytes', '--threads', '2']],
    [`aggregate: msgpack --by srcip,dstport, 1 thread, ${flows / 1e6} M flows`, ['aggregate', '--by', 'srcip,dstport', '--top', '10', '--threads', '1']],
    [`aggregate: msgpack --by srcip,dstport, 2 threads, ${flows / 1e6} M flows`, ['aggregate', '--by', 'srcip,dstport', '--top', '10', '--threads', '2']],
  ];
  // the input paths: a pipe (read once, in order, on the main thread) and gzip decompressed by a worker
  const inputs: Array<[string, string, string[]]> = [
    [`analyze: msgpack from a pipe (-), ${flows / 1e6} M flows`, 'pipe', ['analyze', '-', '--top', 'srcip/bytes']],
    [`analyze: msgpack file, 1 thread (same run, for the pipe), ${flows / 1e6} M flows`, 'file', ['analyze', 'FILE', '--top', 'srcip/bytes', '--threads', '1']],
    [`analyze: csv.gz (gzip by magic bytes), ${flows / 1e6} M flows`, 'gz', ['analyze', 'GZ', '--top', 'srcip/bytes']],
    [`analyze: csv file, 1 thread (same run, for the .gz), ${flows / 1e6} M flows`, 'csv', ['analyze', 'CSV', '--top', 'srcip/bytes', '--threads', '1']],
  ];
  const wanted = runs.filter(([name]) => only(name));
  const wantedInputs = inputs.filter(([name]) => only(name));
  if (wanted.length === 0 && wantedInputs.length === 0) return [];
  const file = path.join(os.tmpdir(), `flowgen-bench-${process.pid}.msgpack`);
  const csv = path.join(os.tmpdir(), `flowgen-bench-${process.pid}.csv`);
  const write = (out: string, format: string): void => {
    const w = spawnSync(process.execPath, [BIN, 'collect', '--seed', '1', '-t', String(flows), '-o', format, '--out', out, '--no-progress', '-q'], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`collect for the analyze bench failed: ${w.stderr}`);
  };
  write(file, 'msgpack');
  if (wantedInputs.length > 0) {
    write(csv, 'csv');
    write(`${csv}.gz`, 'csv');
  }
  try {
    return [
      ...wanted.map(([name, [command, ...args]]) => runCli(name, [command!, file, ...args], flows)),
      ...wantedInputs.map(([name, kind, args]) =>
        runCli(name, args.map((a) => (a === 'FILE' ? file : a === 'GZ' ? `${csv}.gz` : a === 'CSV' ? csv : a)), flows, kind === 'pipe' ? fs.readFileSync(file) : undefined)),
    ];
  } finally {
    for (const f of [file, csv, `${csv}.gz`]) fs.rmSync(f, { force: true });
  }
};

/** sessions generate → /dev/null: the call count comes from the final progress line */
export const sessionsRuns = (users: number, only: (name: string) => boolean): CliRun[] => {
  const calls = (stderr: string): number => {
    const m = /\| ([\d,]+) calls \|[^\n]*\n?$/.exec(stderr);
    if (!m) throw new Error(`no call count in: ${stderr.slice(-300)}`);
    return Number(m[1]!.replace(/,/g, ''));
  };
  const runs: CliRun[] = [];
  for (const [format, threads, n] of [['msgpack', 1, users], ['msgpack', 2, users], ['jsonl', 2, users], ['parquet', 2, users / 10]] as const) {
    const name = `sessions: ecommerce ${format}, ${threads} thread${threads > 1 ? 's' : ''}, ${n / 1e3} K users`;
    if (!only(name)) continue;
    runs.push(runCli(name, ['sessions', 'generate', '-w', 'ecommerce', '-u', String(n), '--seed', '1', '--failure-rate', '0.05', '-o', format, '-n', String(threads), '--progress', '--progress-style', 'simple', '-q'], calls));
  }
  return runs;
};

/** generate → /dev/null: the vpc_flow_logs preset with a simulated clock (the Python generator: 3.3 K records/s) */
export const generateRuns = (records: number, only: (name: string) => boolean): CliRun[] => {
  const runs: Array<[string, string[]]> = [
    [`generate: vpc_flow_logs -s → jsonl, ${records / 1e6} M records`, []],
    [`generate: ecommerce -s → template access_combined, ${records / 1e6} M records`, ['-t', 'access_combined']],
  ];
  return runs.filter(([name]) => only(name)).map(([name, extra]) =>
    runCli(name, ['generate', '-c', name.includes('vpc') ? 'vpc_flow_logs' : 'ecommerce', '-s', '2024-01-01T00:00:00Z', '-n', String(records), '--seed', '42', '--no-progress', ...extra], records));
};

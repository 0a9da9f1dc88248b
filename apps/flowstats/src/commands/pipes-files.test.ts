/**
 * Pipes and files through the built binary: reading `-`, /dev/stdin and FIFOs in every format collect writes
 * (text and the NetFlow/IPFIX framings included) and compressed inputs; `--out` compression by extension;
 * write errors and a closed stdout as one line with exit 2; signals keeping NAME.partial with 128 + signal;
 * the summary line and --quiet.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { BIN, runCli } from '../test-support/run-cli';

let dir: string;
const N = 3000;
/** the summary every reader must reproduce: totals of the same flows */
let want: { flows: number; packets: number; bytes: number };

const totals = (stdout: Buffer) => (JSON.parse(stdout.toString()) as { totals: typeof want }).totals;
/** runs a bash script in which F is the built flowstats */
const sh = (script: string) =>
  spawnSync('bash', ['-c', `F() { "$FS_NODE" "$FS_BIN" "$@"; }; ${script}`], { encoding: 'utf8', env: { ...process.env, FS_NODE: process.execPath, FS_BIN: BIN } });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-pipes-'));
  const r = runCli(['collect', '--seed', '5', '-t', String(N), '-o', 'csv', '--out', path.join(dir, 'flows.csv'), '-q']);
  expect(r.code).toBe(0);
  want = totals(runCli(['analyze', path.join(dir, 'flows.csv'), '--json']).stdout);
  expect(want.flows).toBe(N);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const formats: Array<[string, string[]]> = [
  ['csv', []], ['text', []], ['jsonl', []], ['json', []], ['msgpack', []],
  ['netflow-v5', []], ['netflow-v5', ['--framing', 'raw']], ['netflow-v5', ['--framing', 'length']],
  ['netflow-v9', []], ['netflow-v9', ['--framing', 'raw']], ['netflow-v9', ['--framing', 'length']],
  ['ipfix', []], ['ipfix', ['--framing', 'pcap']], ['ipfix', ['--framing', 'length']],
];

describe('input: every format collect writes, from a pipe', () => {
  test.each(formats)('collect -o %s %j | analyze -: the same totals as the file', (format, extra) => {
    const r = sh(`F collect --seed 5 -t ${N} -o ${format} ${extra.join(' ')} -q | F analyze - --json`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(totals(Buffer.from(r.stdout))).toEqual(want);
  });

  test('/dev/stdin, a FIFO and gzip on stdin read the same flows; filter and aggregate read - too', () => {
    const csv = path.join(dir, 'flows.csv');
    expect(totals(Buffer.from(sh(`cat ${csv} | F analyze /dev/stdin --json`).stdout))).toEqual(want);
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    expect(totals(Buffer.from(sh(`(cat ${csv} > ${fifo} &); F analyze ${fifo} --json`).stdout))).toEqual(want);
    expect(totals(Buffer.from(sh(`gzip -c ${csv} | F analyze - --json`).stdout))).toEqual(want);
    const filtered = sh(`cat ${csv} | F filter - any -o csv -q`);
    expect(filtered.stdout).toBe(fs.readFileSync(csv, 'utf8'));
    const agg = sh(`cat ${csv} | F aggregate - --by proto -o jsonl -q`);
    const rows = agg.stdout.trim().split('\n').map((l) => JSON.parse(l) as { flows: number });
    expect(rows.reduce((a, r) => a + r.flows, 0)).toBe(N);
  });

  test('compressed files by magic bytes (gzip) and by .br; - twice is refused', () => {
    const csv = fs.readFileSync(path.join(dir, 'flows.csv'));
    fs.writeFileSync(path.join(dir, 'f.gz-without-extension'), zlib.gzipSync(csv));
    fs.writeFileSync(path.join(dir, 'f.csv.br'), zlib.brotliCompressSync(csv));
    for (const f of ['f.gz-without-extension', 'f.csv.br']) expect(totals(runCli(['analyze', path.join(dir, f), '--json']).stdout)).toEqual(want);
    const twice = runCli(['analyze', '-', '-'], { input: csv });
    expect(twice.stderr).toBe('flowstats: -: standard input can be read only once (name - once)\n');
    expect(twice.code).toBe(2);
  });

  test('corrupt gzip is one line naming the input', () => {
    const bad = Buffer.concat([zlib.gzipSync(fs.readFileSync(path.join(dir, 'flows.csv'))).subarray(0, 200), Buffer.alloc(100, 7)]);
    const r = runCli(['analyze', '-'], { input: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flowstats: stdin: byte 0: gzip data: [^\n]+\n$/);
  });

  test('sessions learn reads - (jsonl, csv, msgpack, gzip)', () => {
    for (const o of ['jsonl', 'csv', 'msgpack']) {
      const r = sh(`F sessions generate --seed 2 -u 40 -o ${o} -q | gzip | F sessions learn -`);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^[\d,]+ calls in [\d,]+ sessions/);
    }
  });
});

describe('output', () => {
  test('--out picks compression by extension (.gz, .br) for flows, aggregates and sessions', () => {
    const plain = runCli(['collect', '--seed', '5', '-t', String(N), '-o', 'jsonl', '-q']).stdout;
    const gz = path.join(dir, 'o.jsonl.gz');
    const br = path.join(dir, 'o.jsonl.br');
    runCli(['collect', '--seed', '5', '-t', String(N), '-o', 'jsonl', '--out', gz, '-q']);
    runCli(['collect', '--seed', '5', '-t', String(N), '-o', 'jsonl', '--out', br, '-q']);
    expect(zlib.gunzipSync(fs.readFileSync(gz)).equals(plain)).toBe(true);
    expect(zlib.brotliDecompressSync(fs.readFileSync(br)).equals(plain)).toBe(true);
    const agg = path.join(dir, 'agg.csv.gz');
    expect(runCli(['aggregate', gz, '--by', 'proto', '-o', 'csv', '--out', agg, '-q']).code).toBe(0);
    expect(zlib.gunzipSync(fs.readFileSync(agg)).toString()).toMatch(/^proto,flows,packets,bytes\n/);
    const s = path.join(dir, 's.csv.gz');
    expect(runCli(['sessions', 'generate', '--seed', '1', '-u', '20', '-o', 'csv', '--out', s, '-q']).code).toBe(0);
    expect(zlib.gunzipSync(fs.readFileSync(s)).toString()).toMatch(/^session_id,/);
  });

  const writers: string[][] = [
    ['collect', '--seed', '1', '-t', '100', '-q'],
    ['sessions', 'generate', '--seed', '1', '-u', '5', '-q'],
    ['filter', 'FLOWS', 'any', '-q'],
    ['aggregate', 'FLOWS', '-q'],
    ['analyze', 'FLOWS'],
  ];
  const withFlows = (args: string[]) => args.map((a) => (a === 'FLOWS' ? path.join(dir, 'flows.csv') : a));

  test.each(writers)('%s …: stdout to /dev/full is one line naming stdout, exit 2', (...args) => {
    const r = sh(`F ${withFlows(args).join(' ')} > /dev/full`);
    expect(r.stderr).toBe('flowstats: stdout: cannot write: no space left on device (ENOSPC)\n');
    expect(r.status).toBe(2);
  });

  test.each(writers)('%s …: a closed stdout (>&-) is refused, exit 2', (...args) => {
    const r = sh(`F ${withFlows(args).join(' ')} >&-`);
    expect(r.stderr).toBe('flowstats: stdout: is closed (>&-): redirect it to a file, or write with --out FILE\n');
    expect(r.status).toBe(2);
  });

  test('--out that cannot be written names --out FILE, never the temporary name, and leaves nothing', () => {
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const r = runCli(['collect', '-t', '10', '--out', path.join(blocker, 'x.csv')]);
    expect(r.stderr).toBe(`flowstats: --out ${blocker}/x.csv: cannot create: a part of the path is not a directory (ENOTDIR)\n`);
    expect(r.code).toBe(2);
    const full = runCli(['collect', '-t', '10', '--out', '/dev/full']);
    expect(full.stderr).toBe('flowstats: --out /dev/full: cannot write: no space left on device (ENOSPC)\n');
    expect(full.code).toBe(2);
  });

  test('the summary line names the count, the file and the seed; -q drops it but still reports a chosen seed', () => {
    const out = path.join(dir, 'sum.csv');
    expect(runCli(['collect', '--seed', '42', '-t', '1000', '--out', out]).stderr).toMatch(/^flowstats: wrote 1,000 flows to \S+sum\.csv in [\d.]+ s \(seed 42\)\n$/);
    expect(runCli(['collect', '--seed', '42', '-t', '1000', '--out', out, '-q']).stderr).toBe('');
    const chosen = runCli(['collect', '-t', '10', '--out', out, '-q']).stderr;
    const seed = /^flowstats: seed (\d+) \(chosen: --seed \1 repeats this run\)\n$/.exec(chosen)?.[1];
    expect(seed).toBeDefined();
    const again = path.join(dir, 'again.csv');
    runCli(['collect', '-t', '10', '--seed', seed!, '--out', again, '-q']);
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
  });
});

describe('signals keep the completed records in NAME.partial', () => {
  const interrupt = async (args: string[], out: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> => {
    const child = spawn(process.execPath, [BIN, ...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const folder = path.dirname(out);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (fs.readdirSync(folder).some((f) => f.includes(path.basename(out)) && fs.statSync(path.join(folder, f)).size > 1 << 18)) clearInterval(poll), resolve();
      }, 50);
    });
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    return { code, stderr };
  };

  test.each([['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const)('collect, %s: exit %d, NAME.partial of whole records, no temporary', async (signal, code) => {
    const sub = fs.mkdtempSync(path.join(dir, 'sig-'));
    const out = path.join(sub, 'run.jsonl');
    const r = await interrupt(['collect', '-t', '1000000000', '-n', '1', '-o', 'jsonl'], out, signal);
    expect(r.code).toBe(code);
    expect(fs.readdirSync(sub)).toEqual(['run.jsonl.partial']);
    const lines = fs.readFileSync(`${out}.partial`, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    for (const l of lines) JSON.parse(l);
    expect(r.stderr).toMatch(new RegExp(`^flowstats: interrupted by ${signal}: wrote [\\d,]+ flows to \\S+run\\.jsonl\\.partial`, 'm'));
  });

  test('filter, SIGTERM: exit 143, NAME.partial, no temporary', async () => {
    const src = path.join(dir, 'big.msgpack');
    runCli(['collect', '--seed', '1', '-t', '2000000', '-o', 'msgpack', '--out', src, '-q']);
    const sub = fs.mkdtempSync(path.join(dir, 'sigf-'));
    const out = path.join(sub, 'f.csv');
    const r = await interrupt(['filter', src, 'any', '-o', 'csv'], out, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(fs.readdirSync(sub)).toEqual(['f.csv.partial']);
    const lines = fs.readFileSync(`${out}.partial`, 'utf8').trim().split('\n');
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(11);
  });
});

describe('collect --rotate', () => {
  test('5m of simulated time: nfcapd-like names with the period start, each file complete, together the whole run', () => {
    const sub = fs.mkdtempSync(path.join(dir, 'rot-'));
    const args = ['--seed', '3', '-t', '120000', '--bandwidth', '0.02', '-o', 'csv'];
    const r = runCli(['collect', ...args, '--out', path.join(sub, 'flows.csv'), '--rotate', '5m']);
    expect(r.code).toBe(0);
    const names = fs.readdirSync(sub).sort();
    expect(names.length).toBeGreaterThan(1);
    for (const n of names) expect(n).toMatch(/^flows\.2024010100[0-5][05]\.csv$/);
    // periods are whole 5-minute steps from the first
    const minutes = names.map((n) => Number(n.slice(16, 18)));
    minutes.forEach((m, i) => i > 0 && expect(m - minutes[i - 1]!).toBe(5));
    const whole = runCli(['collect', ...args, '-q']).stdout.toString().split('\n');
    const header = whole[0]!;
    const parts = names.map((n) => fs.readFileSync(path.join(sub, n), 'utf8').split('\n'));
    for (const p of parts) expect(p[0]).toBe(header); // each file has its own header
    expect(parts.flatMap((p) => p.slice(1, -1))).toEqual(whole.slice(1, -1));
    expect(r.stderr).toMatch(new RegExp(`^flowstats: wrote 120,000 flows to ${names.length} files \\(`));
  });

  test('1MB per file, gzip by extension: every file decompresses and reads alone; json and stdout are refused', () => {
    const sub = fs.mkdtempSync(path.join(dir, 'rots-'));
    expect(runCli(['collect', '--seed', '3', '-t', '60000', '-o', 'jsonl', '--out', path.join(sub, 'f.jsonl.gz'), '--rotate', '1MB', '-q']).code).toBe(0);
    const names = fs.readdirSync(sub).sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const n of names) expect(n).toMatch(/^f\.\d{17}(_\d+)?\.jsonl\.gz$/);
    let flows = 0;
    for (const n of names) flows += totals(runCli(['analyze', path.join(sub, n), '--json']).stdout).flows;
    expect(flows).toBe(60000);
    const json = runCli(['collect', '-t', '10', '-o', 'json', '--out', path.join(sub, 'x.json'), '--rotate', '5m']);
    expect(json.stderr).toMatch(/^flowstats: --rotate: the json format is one document and cannot be split; rotate one of csv, jsonl/);
    expect(json.code).toBe(2);
    expect(runCli(['collect', '-t', '10', '--rotate', '5m']).code).toBe(2);
  });
});

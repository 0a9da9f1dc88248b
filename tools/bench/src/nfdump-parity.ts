/**
 * flowstats next to nfdump on the same flows: one run written as msgpack for flowstats and sent as IPFIX to a
 * real nfcapd on loopback (started and stopped by PID) for nfdump; then `filter` against `nfdump -r FILE EXPR`
 * and `analyze -s srcip/bytes` against `nfdump -s srcip/bytes`, each timed from spawn to exit (start-up
 * included, output to /dev/null), best of `repeats`, with the ratio flowstats / nfdump. Without nfcapd or
 * nfdump only the flowstats side runs (and the ratios are absent).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'apps', 'flowstats', 'bin', 'run.js');

export interface ParityCase {
  readonly name: string;
  readonly flowstats: { readonly args: ReadonlyArray<string>; readonly seconds: number };
  readonly nfdump?: { readonly args: ReadonlyArray<string>; readonly seconds: number };
  /** flowstats seconds / nfdump seconds: below 1, flowstats is faster */
  readonly ratio?: number;
}

export interface ParityResult {
  readonly flows: number;
  readonly threads: number;
  /** flows nfcapd stored (equal to flows unless datagrams were lost) */
  readonly nfdumpFlows?: number;
  readonly skipped?: string;
  readonly cases: ReadonlyArray<ParityCase>;
}

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** best wall time of `repeats` runs of cmd, output to /dev/null */
const timed = (cmd: string, args: ReadonlyArray<string>, repeats: number): number => {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', fs.openSync('/dev/null', 'w'), 'pipe'], encoding: 'utf8' });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    best = Math.min(best, s);
  }
  return best;
};

const freeishPort = () => 20000 + (process.pid % 20000);

/** nfcapd receives the run as IPFIX; returns its file and the flow count it logged */
const intoNfcapd = async (args: ReadonlyArray<string>, dir: string): Promise<{ file: string; flows: number }> => {
  let log = '';
  const port = freeishPort();
  const nfcapd = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600', '-B', '8000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nfcapd.stdout.on('data', (d) => (log += d));
  nfcapd.stderr.on('data', (d) => (log += d));
  await new Promise((r) => setTimeout(r, 700));
  const r = spawnSync(process.execPath, [BIN, 'collect', ...args, '-o', 'ipfix', '--send', `udp://127.0.0.1:${port}`, '--rate', '250000', '--no-progress'], { encoding: 'utf8' });
  await new Promise((res) => setTimeout(res, 500));
  nfcapd.kill('SIGTERM');
  await new Promise((res) => nfcapd.once('exit', res));
  if (r.status !== 0) throw new Error(`collect --send exited ${r.status}: ${r.stderr}`);
  const m = /Flows: (\d+)/.exec(log);
  const file = fs.readdirSync(dir).find((f) => f.startsWith('nfcapd.2'));
  if (!m || !file) throw new Error(`nfcapd stored nothing: ${log}`);
  return { file: path.join(dir, file), flows: Number(m[1]) };
};

export const nfdumpParity = async (flows: number, threads = 2, repeats = 3): Promise<ParityResult> => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgen-parity-'));
  try {
    const run = ['--seed', '1', '-t', String(flows)];
    const ours = path.join(work, 'flows.msgpack');
    const w = spawnSync(process.execPath, [BIN, 'collect', ...run, '-o', 'msgpack', '--out', ours, '--no-progress'], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`collect for the parity bench failed: ${w.stderr}`);
    const tools = has('nfcapd') && has('nfdump');
    const theirs = tools ? await intoNfcapd(run, work) : undefined;
    const expr = 'proto tcp and dst port 443 and bytes > 100k';
    // [name, flowstats args, nfdump args, repeats]: nfdump's CSV writer takes minutes on 5 M flows, so that case runs once
    const specs: Array<[string, string[], string[], number]> = [
      [`filter '${expr}' (${threads} threads) vs nfdump -r FILE '${expr}'`, ['filter', ours, expr, '-o', 'csv', '--threads', String(threads), '--no-progress'], ['-r', theirs?.file ?? '', expr], repeats],
      [`filter 'any' (${threads} threads, CSV out) vs nfdump -r FILE -o csv 'any'`, ['filter', ours, 'any', '-o', 'csv', '--threads', String(threads), '--no-progress'], ['-r', theirs?.file ?? '', '-o', 'csv', 'any'], 1],
      [`analyze -s srcip/bytes -n 10 (${threads} threads) vs nfdump -s srcip/bytes -n 10`, ['analyze', ours, '-s', 'srcip/bytes', '-n', '10', '--threads', String(threads), '--no-progress'], ['-r', theirs?.file ?? '', '-s', 'srcip/bytes', '-n', '10'], repeats],
    ];
    const cases = specs.map(([name, fsArgs, nfArgs, times]): ParityCase => {
      const flowstats = { args: fsArgs, seconds: timed(process.execPath, [BIN, ...fsArgs], times) };
      const nfdump = theirs ? { args: nfArgs, seconds: timed('nfdump', nfArgs, times) } : undefined;
      const c = nfdump ? { name, flowstats, nfdump, ratio: flowstats.seconds / nfdump.seconds } : { name, flowstats };
      process.stderr.write(`  ${name}\n    flowstats ${flowstats.seconds.toFixed(2)} s${nfdump ? `   nfdump ${nfdump.seconds.toFixed(2)} s   ratio ${c.ratio!.toFixed(2)}` : ''}\n`);
      return c;
    });
    return { flows, threads, ...(theirs ? { nfdumpFlows: theirs.flows } : { skipped: 'nfcapd/nfdump not installed: flowstats side only' }), cases };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
};

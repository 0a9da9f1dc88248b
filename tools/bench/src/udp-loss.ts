/**
 * The highest `--rate` at which nfcapd on loopback receives every flow we send: a search over rates, each
 * step a real run of `collect --send` into a fresh nfcapd (started and stopped by PID), judged by nfcapd's own
 * count and its sequence-error counter. Needs nfcapd (Debian's nfdump package).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface UdpStep {
  readonly format: string;
  readonly rate: number;
  readonly flows: number;
  readonly received: number;
  readonly sequenceErrors: number;
  /** flows / wall time of the sending run */
  readonly achievedRate: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'apps', 'flowstats', 'bin', 'run.js');

const step = async (format: string, rate: number, flows: number, port: number): Promise<UdpStep> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgen-nfcapd-'));
  let log = '';
  const nfcapd = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nfcapd.stdout.on('data', (d) => (log += d));
  nfcapd.stderr.on('data', (d) => (log += d));
  await new Promise((r) => setTimeout(r, 700));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'collect', '--seed', '1', '-t', String(flows), '-o', format, '--send', `udp://127.0.0.1:${port}`, '--rate', String(rate), '--no-progress'], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((res) => setTimeout(res, 300));
  nfcapd.kill('SIGTERM');
  await new Promise((res) => nfcapd.once('exit', res));
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`collect --send exited ${r.status}: ${r.stderr}`);
  const m = /Flows: (\d+), Packets: \d+, Bytes: \d+, Sequence Errors: (\d+)/.exec(log);
  const s: UdpStep = { format, rate, flows, received: m ? Number(m[1]) : 0, sequenceErrors: m ? Number(m[2]) : -1, achievedRate: flows / seconds };
  process.stderr.write(`  udp ${format} --rate ${rate}: ${s.received}/${flows} received, ${s.sequenceErrors} sequence errors, sent at ${Math.round(s.achievedRate)} flows/s (incl. startup)\n`);
  return s;
};

/** Doubling, then bisection between the last lossless and the first lossy rate (to 10 %). */
export const udpLossless = async (format: string, flows: number): Promise<{ lossless: number; steps: UdpStep[] }> => {
  if (spawnSync('nfcapd', ['-V']).error) throw new Error('udp: nfcapd not found (apt-get install nfdump)');
  const steps: UdpStep[] = [];
  const port = 39000 + Math.floor(Math.random() * 1000);
  const clean = async (rate: number) => {
    const s = await step(format, rate, flows, port);
    steps.push(s);
    return s.received === flows && s.sequenceErrors === 0;
  };
  let good = 0;
  let bad = 0;
  for (let rate = 50_000; rate <= 3_200_000; rate *= 2) {
    if (await clean(rate)) good = rate;
    else {
      bad = rate;
      break;
    }
  }
  while (bad && bad - good > good * 0.1) {
    const mid = Math.round((good + bad) / 2 / 1000) * 1000;
    if (await clean(mid)) good = mid;
    else bad = mid;
  }
  return { lossless: good, steps };
};

/**
 * How well --rate holds: two runs of N and 2N flows at the same rate; the extra N flows took t2 − t1, which
 * cancels startup. Returns the achieved rate and its error against the target.
 */
export const rateAccuracy = async (format: string, rate: number): Promise<{ rate: number; achieved: number; error: number }> => {
  const port = 38000 + Math.floor(Math.random() * 1000);
  const n = rate * 4;
  const a = await step(format, rate, n, port);
  const b = await step(format, rate, 2 * n, port);
  const achieved = n / (2 * n / b.achievedRate - n / a.achievedRate);
  process.stderr.write(`  udp ${format} --rate ${rate}: achieved ${Math.round(achieved)} flows/s (${((achieved / rate - 1) * 100).toFixed(2)} %)\n`);
  return { rate, achieved, error: achieved / rate - 1 };
};

/**
 * `npm run bench`: the performance figures the issues ask for, as JSON in bench-results/latest.json (and a
 * table on stderr). Benchmarks, never tests: nothing here asserts a speed.
 *
 *   npm run bench                      in-process cases + collect runs over 20 M flows
 *   npm run bench -- --quick           shorter samples, 2 M flows
 *   npm run bench -- --flows 100000000 collect runs over 100 M flows (the RSS figure of issue 2)
 *   npm run bench -- --only msgpack    only cases whose name contains "msgpack"
 *   npm run bench -- --only 'collect realistic'  realistic vs uniform collect, side by side (CSV, msgpack, 2 threads)
 *   npm run bench -- --udp             also: the highest --rate nfcapd on loopback takes without loss
 *   npm run bench -- --nfdump          also: filter and analyze next to nfdump on the same 5 M flows (--flows N)
 */
import * as v8 from 'node:v8';
// the same inlining budget the worker threads use (see packages/core/src/worker-entry.ts)
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=20000');
v8.setFlagsFromString('--max-inlined-bytecode-size=2000');

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRuns, collectRuns, generateRuns, realismRuns, sessionsRuns } from './cli-runs';
import { CASE_NAMES, inProcessCases, type CaseResult } from './in-process';
import { rateAccuracy, udpLossless } from './udp-loss';
import { nfdumpParity } from './nfdump-parity';

const USAGE = 'usage: npm run bench -- [--quick] [--flows N] [--only TEXT] [--udp] [--nfdump] [--out FILE]';

const parseArgs = (argv: string[]) => {
  const o = { quick: false, udp: false, nfdump: false, flowsGiven: false, child: '', flows: 0, only: '', out: path.resolve(__dirname, '..', '..', '..', 'bench-results', 'latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.quick = true;
    else if (a === '--udp') o.udp = true;
    else if (a === '--nfdump') o.nfdump = true;
    else if (a === '--child' && argv[i + 1]) o.child = argv[++i]!;
    else if (a === '--flows' && /^\d+$/.test(argv[i + 1] ?? '')) (o.flows = Number(argv[++i])), (o.flowsGiven = true);
    else if (a === '--only' && argv[i + 1]) o.only = argv[++i]!;
    else if (a === '--out' && argv[i + 1]) o.out = path.resolve(argv[++i]!);
    else throw new Error(`bench: unknown argument ${a}\n${USAGE}`);
  }
  if (!o.flows) o.flows = o.quick ? 2_000_000 : 20_000_000;
  return o;
};

const main = async (): Promise<void> => {
  const o = parseArgs(process.argv.slice(2));
  const only = (name: string) => name.includes(o.only);
  if (!o.child) process.stderr.write(`flowgen bench on ${os.cpus().length} cores, node ${process.version}\n`);
  if (o.child) {
    // one case in this fresh process; the parent reads the JSON line
    process.stdout.write(`${JSON.stringify(await inProcessCases((name) => name === o.child, o.quick))}\n`);
    return;
  }
  const inProcess: CaseResult[] = [];
  for (const name of CASE_NAMES.filter(only)) {
    const r = spawnSync(process.execPath, [__filename, '--child', name, ...(o.quick ? ['--quick'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench case "${name}" failed`);
    for (const c of JSON.parse(r.stdout) as CaseResult[]) {
      inProcess.push(c);
      process.stderr.write(`  ${c.name.padEnd(44)} ${(c.recordsPerSec / 1e6).toFixed(2).padStart(7)} M records/s ±${c.rme.toFixed(1)}%\n`);
    }
  }
  // sessions: ~26 calls per user, so flows / 25 users make about as many records as the collect runs
  const cli = [...collectRuns(o.flows, only), ...realismRuns(o.flows, only), ...analyzeRuns(o.flows, only), ...sessionsRuns(Math.round(o.flows / 25), only), ...generateRuns(Math.round(o.flows / 10), only)];
  const udp = o.udp
    ? {
        lossless: { ipfix: await udpLossless('ipfix', 1_000_000), 'netflow-v5': await udpLossless('netflow-v5', 1_000_000) },
        rate: [await rateAccuracy('ipfix', 50_000), await rateAccuracy('ipfix', 200_000)],
      }
    : undefined;
  // the figure is on 5 M flows; --flows changes it
  const nfdump = o.nfdump ? (process.stderr.write('nfdump parity\n'), await nfdumpParity(o.flowsGiven ? o.flows : 5_000_000)) : undefined;
  const result = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryBytes: os.totalmem(), node: process.version },
    inProcess,
    cli,
    udp,
    nfdump,
  };
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`results: ${path.relative(process.cwd(), o.out)}\n`);
};

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});

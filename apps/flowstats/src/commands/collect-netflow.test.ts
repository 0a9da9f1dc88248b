/**
 * NetFlow v5/v9 and IPFIX checked by real tools (installed by .ci/run): nfcapd receives what `collect --send`
 * sends and nfdump's totals and top talkers equal ours; tshark decodes the IPFIX nanosecond timestamps to the
 * ns and our v5/v9 pcaps record for record; ipfixDump reads our RFC 5655 file. nfcapd runs on loopback on a
 * free port, is bounded by the test and stopped by PID. Without a tool its tests are skipped (named in the
 * output); CI sets FLOWGEN_REQUIRE_TOOLS=1, which turns a missing tool into a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requiresTools } from '../test-support/requires-tool';
import { runCli } from '../test-support/run-cli';

const nfdump = requiresTools('nfcapd', 'nfdump');
const tshark = requiresTools('tshark');
const ipfixDump = requiresTools('ipfixDump');

let scratch: string;
beforeAll(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-netflow-'))));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const ok = (args: string[]) => {
  const r = runCli(['collect', '--no-progress', ...args]);
  if (r.code !== 0) throw new Error(`collect ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};

const tool = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`${cmd} is needed for this test (.ci/run installs it): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
};

interface Row { start: bigint; end: bigint; src: string; dst: string; packets: number; bytes: number }
/** our ground truth for a seed: the same run as CSV */
const truth = (args: string[]): Row[] =>
  ok([...args, '-o', 'csv', '--no-header']).toString().trim().split('\n').map((l) => {
    const f = l.split(',');
    return { start: BigInt(f[0]!), end: BigInt(f[1]!), src: f[2]!, dst: f[3]!, packets: Number(f[7]), bytes: Number(f[8]) };
  });

const freePort = async (): Promise<number> => {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
};

/** nfcapd on 127.0.0.1:port writing into dir; stop() sends SIGTERM (it flushes) and returns its log */
const startNfcapd = async (dir: string, port: number): Promise<{ proc: ChildProcess; stop: () => Promise<string> }> => {
  fs.mkdirSync(dir, { recursive: true });
  let log = '';
  const proc = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const bounded = setTimeout(() => proc.kill('SIGKILL'), 120_000);
  await new Promise((r) => setTimeout(r, 700)); // bound and listening
  return {
    proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      clearTimeout(bounded);
      return log;
    },
  };
};

const nfdumpFile = (dir: string) => path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('nfcapd.2'))!);

nfdump.test('nfdump -r FILE -o csv | flowstats analyze -: the flows nfcapd received, read from the pipe', async () => {
  const dir = path.join(scratch, 'nfdump-pipe');
  const port = await freePort();
  const nf = await startNfcapd(dir, port);
  const args = ['--seed', '8', '-t', '2000'];
  ok([...args, '-o', 'netflow-v9', '--send', `udp://127.0.0.1:${port}`, '--rate', '100000', '-q']);
  await new Promise((r) => setTimeout(r, 300));
  await nf.stop();
  const csv = spawnSync('nfdump', ['-r', nfdumpFile(dir), '-o', 'csv'], { encoding: 'buffer', maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } });
  const r = runCli(['analyze', '-', '--json'], { input: csv.stdout });
  expect(r.stderr).toBe('');
  const got = (JSON.parse(r.stdout.toString()) as { totals: { flows: number; packets: number; bytes: number } }).totals;
  const want = truth(args);
  expect(got.flows).toBe(want.length);
  expect(got.packets).toBe(want.reduce((a, x) => a + x.packets, 0));
  expect(got.bytes).toBe(want.reduce((a, x) => a + x.bytes, 0));
});

nfdump.describe.each(['netflow-v5', 'netflow-v9', 'ipfix'])('%s to nfcapd', (format) => {
  const N = format === 'netflow-v9' ? 200_000 : 1_000_000;
  test(`${N} flows at --rate 100000 arrive complete; nfdump totals and top talkers equal ours`, async () => {
    const dir = path.join(scratch, format);
    const port = await freePort();
    const nf = await startNfcapd(dir, port);
    const args = ['--seed', '21', '-t', String(N), '-n', '2'];
    const sent = runCli(['collect', ...args, '-o', format, '--send', `udp://127.0.0.1:${port}`, '--rate', '100000', '--no-progress', '-q']);
    await new Promise((r) => setTimeout(r, 300));
    const log = await nf.stop();
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);

    const rows = truth(args);
    const packets = rows.reduce((a, r) => a + r.packets, 0);
    const bytes = rows.reduce((a, r) => a + r.bytes, 0);
    expect(log).toMatch(new RegExp(`Flows: ${N}, Packets: ${packets}, Bytes: ${bytes}, Sequence Errors: 0, Bad Packets: 0`));

    const file = nfdumpFile(dir);
    const info = tool('nfdump', ['-r', file, '-I']);
    expect(info).toMatch(new RegExp(`^Flows: ${N}$`, 'm'));
    expect(info).toMatch(new RegExp(`^Packets: ${packets}$`, 'm'));
    expect(info).toMatch(new RegExp(`^Bytes: ${bytes}$`, 'm'));
    // first/last (ms): the earliest start and the latest end, as nfdump reconstructs them from SysUptime or 152/153
    const firstMs = rows[0]!.start / 1_000_000n;
    expect(info).toMatch(new RegExp(`^First: ${firstMs / 1000n}$`, 'm'));
    expect(info).toMatch(new RegExp(`^msec_first: ${firstMs % 1000n}$`, 'm'));

    // top 5 sources by bytes
    const bySrc = new Map<string, { flows: number; packets: number; bytes: number }>();
    for (const r of rows) {
      const e = bySrc.get(r.src) ?? { flows: 0, packets: 0, bytes: 0 };
      e.flows++, (e.packets += r.packets), (e.bytes += r.bytes);
      bySrc.set(r.src, e);
    }
    const ours = [...bySrc.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 5);
    // rows: date time duration proto srcip flows(%) packets(%) bytes(%) pps bps bpp
    const row = /^\S+ \S+\s+\S+\s+\S+\s+(\S+)\s+(\d+)\(\s*[\d.]+\)\s+(\d+)\(\s*[\d.]+\)\s+(\d+)\(/;
    const theirs = tool('nfdump', ['-r', file, '-q', '-N', '-s', 'srcip/bytes', '-n', '5']).trim().split('\n').map((l) => row.exec(l.trim())!);
    expect(theirs.map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])])).toEqual(ours.map(([ip, e]) => [ip, e.flows, e.packets, e.bytes]));
  });
});

tshark.test('tshark decodes the IPFIX nanosecond timestamps (156/157) exactly', () => {
  const args = ['--seed', '5', '-t', '300'];
  const pcap = path.join(scratch, 'ipfix.pcap');
  ok([...args, '-o', 'ipfix', '--framing', 'pcap', '--out', pcap]);
  const json = JSON.parse(tool('tshark', ['-r', pcap, '-d', 'udp.port==4739,cflow', '-T', 'json', '-e', 'cflow.abstimestart', '-e', 'cflow.abstimeend']));
  // per record tshark lists the ms pair (152/153) then the ns pair (156/157)
  const toNs = (text: string): bigint => {
    const m = /^(\w+ +\d+, \d+ \d+:\d+:\d+)\.(\d{9}) UTC$/.exec(text)!;
    return BigInt(Date.parse(`${m[1]} UTC`)) * 1_000_000n + BigInt(m[2]!);
  };
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  for (const p of json) {
    const l = p._source.layers;
    l['cflow.abstimestart'].forEach((t: string, i: number) => i % 2 === 1 && starts.push(toNs(t)));
    l['cflow.abstimeend'].forEach((t: string, i: number) => i % 2 === 1 && ends.push(toNs(t)));
  }
  const rows = truth(args);
  expect(starts).toEqual(rows.map((r) => r.start));
  expect(ends).toEqual(rows.map((r) => r.end));
  expect(rows.some((r) => r.start % 1_000_000n !== 0n)).toBe(true); // there are sub-ms digits to get right
});

tshark.test.each(['netflow-v5', 'netflow-v9'])('%s --out writes a pcap that tshark reads record for record', (format) => {
  const args = ['--seed', '8', '-t', '20000'];
  const pcap = path.join(scratch, `${format}.pcap`);
  ok([...args, '-o', format, '--out', pcap]);
  const out = tool('tshark', ['-r', pcap, '-d', 'udp.port==2055,cflow', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-e', 'cflow.srcaddr', '-e', 'cflow.octets']);
  const src: string[] = [];
  const octets: number[] = [];
  for (const line of out.trim().split('\n')) {
    const [s, o] = line.split('\t');
    src.push(...s!.split(','));
    octets.push(...o!.split(',').map(Number));
  }
  const rows = truth(args);
  expect(src).toEqual(rows.map((r) => r.src));
  expect(octets).toEqual(rows.map((r) => r.bytes));
});

ipfixDump.test('ipfixDump reads our RFC 5655 file: every record, one template per chunk', () => {
  const file = path.join(scratch, 'flows.ipfix');
  ok(['--seed', '2', '-t', '100000', '-o', 'ipfix', '--out', file]);
  const stats = tool('ipfixDump', ['-s', '--in', file]);
  expect(stats).toMatch(/100000 Data Records, 7 Template Records/);
  const dump = tool('ipfixDump', ['--in', file]);
  expect(dump).toMatch(/flowStartNanoseconds/);
  expect(dump).toMatch(/octetDeltaCount/);
});

describe('determinism of packet formats', () => {
  const base = ['--seed', '13', '-t', '60000'];
  test.each(['netflow-v5', 'netflow-v9', 'ipfix'])('%s: 1 and 3 threads byte-identical; shards concatenate', (format) => {
    const one = ok([...base, '-o', format, '-n', '1']);
    expect(ok([...base, '-o', format, '-n', '3']).equals(one)).toBe(true);
    const pieces = [0, 1].map((i) => ok([...base, '-o', format, '--shard', `${i}/2`]));
    expect(Buffer.concat(pieces).equals(one)).toBe(true);
  });
});

describe('faults', () => {
  test('a collector that is down is reported in one line, exit 1', async () => {
    const port = await freePort();
    const r = runCli(['collect', '-t', '100000', '-o', 'ipfix', '--send', `udp://127.0.0.1:${port}`]);
    expect(r.stderr).toMatch(new RegExp(`^flowstats: --send: udp://127\\.0\\.0\\.1:${port}: collector not listening \\(ICMP port unreachable\\)`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(1);
  });

  test.each([
    [['-o', 'csv', '--send', 'udp://127.0.0.1:9'], /^flowstats: --send: the csv format is not a packet format/],
    [['-o', 'ipfix', '--send', 'tcp://127.0.0.1:9'], /^flowstats: --send: expected udp:\/\/HOST:PORT/],
    [['-o', 'ipfix', '--send', 'udp://no-such-host.invalid:9'], /^flowstats: --send: udp:\/\/no-such-host\.invalid:9: unknown host/],
    [['-o', 'netflow-v5', '--engine-id', '300'], /^flowstats: --engine-id: must be ≤ 255, got 300/],
    [['-o', 'csv', '--observation-domain', '1'], /^flowstats: --observation-domain: the csv format has no such setting/],
    [['-o', 'ipfix', '--rate', '10'], /^flowstats: --rate: .*--send/],
  ])('%j', (args, message) => {
    const r = runCli(['collect', '-t', '10', ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.code).not.toBe(0);
  });

  nfdump.test('Ctrl-C while sending ends after a complete datagram, exit 130', async () => {
    const dir = path.join(scratch, 'sigint');
    const port = await freePort();
    const nf = await startNfcapd(dir, port);
    const { BIN } = await import('../test-support/run-cli');
    const child = spawn(process.execPath, [BIN, 'collect', '-t', '10000000', '-o', 'netflow-v5', '--send', `udp://127.0.0.1:${port}`, '--rate', '50000', '--progress', '--progress-style', 'simple'], { stdio: ['ignore', 'ignore', 'pipe'] });
    // interrupt once progress shows 20 000 flows sent (however long start-up takes on a busy machine)
    await new Promise<void>((resolve) => {
      let seen = '';
      const timer = setTimeout(resolve, 60_000);
      child.stderr!.on('data', (d: Buffer) => {
        seen += d.toString();
        const sent = [...seen.matchAll(/\| ([\d,]+) flows \|/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
        if (sent.some((n) => n >= 20_000)) clearTimeout(timer), resolve();
      });
    });
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    const log = await nf.stop();
    expect(code).toBe(130);
    const m = /Flows: (\d+), Packets: \d+, Bytes: \d+, Sequence Errors: 0, Bad Packets: 0/.exec(log);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(10_000);
  });
});

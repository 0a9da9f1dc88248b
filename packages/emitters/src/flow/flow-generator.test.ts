/**
 * Statistical and structural properties of the flow engine through its library face, at fixed seeds.
 * Tolerances are stated per test; they are several standard errors wide so the tests are stable yet can fail.
 */
import { cidrContains, parseCidr, uint32ToIp, type FlowBatch } from '@flowgen/core';
import { FlowGenerator } from './flow-generator';

const SEED = 20240101n;

/** every batch of a run, folded by `visit` (batches are reused, so visit must copy what it keeps) */
const eachBatch = (gen: FlowGenerator, visit: (b: FlowBatch) => void): void => {
  for (let b = gen.nextBatch(); b; b = gen.nextBatch()) visit(b);
};

const startNs = (b: FlowBatch, i: number): number => b.startSec[i]! * 1e9 + b.startNsec[i]!;

describe('default config, 1 M flows', () => {
  const N = 1_000_000;
  let counts: Map<string, number>;
  let bytes = 0;
  let first = 0;
  let last = 0;
  let swapped = 0;

  beforeAll(() => {
    const gen = new FlowGenerator({ overrides: { seed: SEED, totalFlows: N } });
    counts = new Map();
    const dst = ['10.100.0.0/16', '203.0.113.0/24'].map(parseCidr);
    let seen = 0;
    eachBatch(gen, (b) => {
      for (let i = 0; i < b.length; i++) {
        const name = b.patternNames[b.pattern[i]!]!;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        bytes += b.bytes[i]!;
        if (seen === 0) first = startNs(b, i);
        last = startNs(b, i);
        if (dst.some((c) => cidrContains(c, b.srcIp[i]!))) swapped++;
        seen++;
      }
    });
    expect(seen).toBe(N);
  });

  test('pattern mix within ±0.003 of web40/database20/dns20/ssh10/random10', () => {
    const want: Record<string, number> = { web: 0.4, database: 0.2, dns: 0.2, ssh: 0.1, random: 0.1 };
    for (const [name, share] of Object.entries(want)) expect(Math.abs(counts.get(name)! / N - share)).toBeLessThan(0.003);
    expect([...counts.keys()].sort()).toEqual(Object.keys(want).sort());
  });

  test('realised bandwidth (bytes·8 / span) within 2% of the 10 Gbps target', () => {
    // the span is measured in ns, so bits/ns = Gbit/s
    const gbps = (bytes * 8) / (last - first);
    expect(Math.abs(gbps / 10 - 1)).toBeLessThan(0.02);
  });

  test('the first flow starts exactly at the configured start (2024-01-01T00:00:00Z)', () => {
    expect(first).toBe(1704067200e9);
  });

  test('bidirectional mode is off by default: no flow starts in the destination subnets', () => {
    expect(swapped).toBe(0);
  });
});

test('timing constant: 40 Gbps and 800-byte packets put consecutive flows exactly 160 ns apart', () => {
  const gen = new FlowGenerator({
    config: { generation: { bandwidth_gbps: 40, average_packet_size: 800, timing: 'constant', total_flows: 50_000 } },
    overrides: { seed: SEED },
  });
  let prev = -1n;
  let n = 0;
  eachBatch(gen, (b) => {
    for (let i = 0; i < b.length; i++) {
      // bigint: ns since the epoch exceed 2^53
      const t = BigInt(b.startSec[i]!) * 1_000_000_000n + BigInt(b.startNsec[i]!);
      if (prev >= 0n && t - prev !== 160n) throw new Error(`flow ${n}: gap ${t - prev} ns`);
      prev = t;
      n++;
    }
  });
  expect(n).toBe(50_000);
});

test('bidirectional_probability 0.3: share of swapped flows within ±0.01, ports swapped with addresses', () => {
  const N = 200_000;
  const src = ['192.168.0.0/16'].map(parseCidr);
  const dst = ['10.100.0.0/16'].map(parseCidr);
  const gen = new FlowGenerator({
    config: {
      generation: { total_flows: N, bidirectional_mode: 'random', bidirectional_probability: 0.3 },
      network: { source_subnets: ['192.168.0.0/16'], destination_subnets: ['10.100.0.0/16'] },
      traffic_patterns: [{ type: 'web', percentage: 100 }],
    },
    overrides: { seed: SEED },
  });
  // plain checks in the loop: expect() per flow costs ~30 µs
  let swapped = 0;
  let bad = 0;
  eachBatch(gen, (b) => {
    for (let i = 0; i < b.length; i++) {
      const s = b.srcIp[i]!;
      const d = b.dstIp[i]!;
      if (cidrContains(dst[0]!, s)) {
        swapped++; // the server address and port moved to the source side
        if (!cidrContains(src[0]!, d) || (b.srcPort[i] !== 80 && b.srcPort[i] !== 443)) bad++;
      } else if (!cidrContains(src[0]!, s) || !cidrContains(dst[0]!, d) || (b.dstPort[i] !== 80 && b.dstPort[i] !== 443)) bad++;
    }
  });
  expect(bad).toBe(0);
  expect(Math.abs(swapped / N - 0.3)).toBeLessThan(0.01);
});

test('ICMP follows NetFlow/IPFIX in both directions: type·256 + code in the destination port, source port 0', () => {
  const N = 40_000;
  const icmp = (protocol: number, dst_ports: Array<{ port: number; weight: number }>) => ({
    weight: 1, protocol, dst_ports, src_port_range: [1024, 65535],
    bytes: { median: 84, sigma: 0.3, min: 40, max: 1500 }, small_packet_share: [0.5, 1],
    rate_bps: { median: 1e6, sigma: 0.5 }, rtt_ms: [1, 50], rst_probability: 0,
  });
  const gen = new FlowGenerator({
    config: {
      generation: { total_flows: N, bidirectional_mode: 'random', bidirectional_probability: 0.5 },
      network: { source_subnets: ['192.168.0.0/16'], destination_subnets: ['10.100.0.0/16'] },
      traffic_patterns: [
        { type: 'web', percentage: 50 },
        // echo request (8.0), port unreachable (3.3); ICMPv6 echo request (128.0)
        { type: 'random', percentage: 50, options: { variants: [icmp(1, [{ port: 8 * 256, weight: 1 }, { port: 3 * 256 + 3, weight: 1 }]), icmp(58, [{ port: 128 * 256, weight: 1 }])] } },
      ],
    },
    overrides: { seed: SEED },
  });
  const server = parseCidr('10.100.0.0/16');
  const seen = new Map<string, number>();
  let tcp = 0;
  eachBatch(gen, (b) => {
    for (let i = 0; i < b.length; i++) {
      const response = cidrContains(server, b.srcIp[i]!);
      if (b.protocol[i] === 6) {
        // TCP responses still swap ports with addresses
        if ((response ? b.srcPort[i] : b.dstPort[i]) !== 80 && (response ? b.srcPort[i] : b.dstPort[i]) !== 443) throw new Error(`web port ${b.srcPort[i]}→${b.dstPort[i]}`);
        tcp++;
        continue;
      }
      const key = `${b.protocol[i]} ${response ? 'response' : 'request'} ${b.srcPort[i]} ${b.dstPort[i]! >> 8}.${b.dstPort[i]! & 255}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  });
  // requests keep their type; a request's response is its reply (echo 8 → 0, ICMPv6 128 → 129), an
  // unreachable stays what it is; the source port is 0 either way
  expect([...seen.keys()].sort()).toEqual([
    '1 request 0 3.3', '1 request 0 8.0', '1 response 0 0.0', '1 response 0 3.3', '58 request 0 128.0', '58 response 0 129.0',
  ]);
  // half of each kind are responses (±0.03: several standard errors at ~3 000–6 600 flows per kind)
  const share = (a: string, b: string) => seen.get(b)! / (seen.get(a)! + seen.get(b)!);
  expect(Math.abs(share('1 request 0 8.0', '1 response 0 0.0') - 0.5)).toBeLessThan(0.03);
  expect(Math.abs(share('58 request 0 128.0', '58 response 0 129.0') - 0.5)).toBeLessThan(0.03);
  expect(Math.abs(tcp / N - 0.5)).toBeLessThan(0.01);
});

test('subnet membership and weights: every address lies in its subnets, weights within ±0.01', () => {
  const N = 100_000;
  const gen = new FlowGenerator({
    config: {
      generation: { total_flows: N },
      network: {
        source_subnets: ['10.1.0.0/24', '172.16.0.0/12'],
        source_weights: [75, 25],
        destination_subnets: ['198.51.100.0/24'],
      },
    },
    overrides: { seed: SEED },
  });
  const [a, b12] = ['10.1.0.0/24', '172.16.0.0/12'].map(parseCidr);
  const d = parseCidr('198.51.100.0/24');
  let inA = 0;
  eachBatch(gen, (b) => {
    for (let i = 0; i < b.length; i++) {
      const s = b.srcIp[i]!;
      if (cidrContains(a!, s)) inA++;
      else expect(cidrContains(b12!, s)).toBe(true);
      if (!cidrContains(d, b.dstIp[i]!)) throw new Error(`dst ${uint32ToIp(b.dstIp[i]!)} outside 198.51.100.0/24`);
    }
  });
  expect(Math.abs(inA / N - 0.75)).toBeLessThan(0.01);
});

test('a shorter run is a prefix of a longer one with the same seed', () => {
  const take = (n: number) => [...new FlowGenerator({ overrides: { seed: 7n, totalFlows: n } })];
  const short = take(20_000);
  const long = take(40_000);
  expect(long.slice(0, short.length)).toEqual(short);
});

test('flows are ordered by start, end ≥ start, counts are positive integers, TCP/UDP ports per pattern', () => {
  const flows = [...new FlowGenerator({ overrides: { seed: 3n, totalFlows: 30_000 } })];
  const ports: Record<string, number[]> = { web: [80, 443], dns: [53], ssh: [22], database: [3306, 5432, 1433, 1521, 27017, 6379] };
  const problems: string[] = [];
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i]!;
    const fail = (what: string) => problems.push(`flow ${i} (${f.pattern}): ${what}`);
    if (i > 0 && f.startNs < flows[i - 1]!.startNs) fail('starts before its predecessor');
    if (f.endNs < f.startNs) fail('ends before it starts');
    if (!Number.isInteger(f.packets) || f.packets < 1) fail(`packets ${f.packets}`);
    if (!Number.isInteger(f.bytes) || f.bytes < f.packets * 20) fail(`bytes ${f.bytes} for ${f.packets} packets`);
    const want = ports[f.pattern];
    if (want && !want.includes(f.dstPort)) fail(`dst port ${f.dstPort}`);
    if (f.pattern === 'dns' && f.protocol !== 17) fail(`protocol ${f.protocol}`);
    if ((f.pattern === 'web' || f.pattern === 'ssh') && f.protocol !== 6) fail(`protocol ${f.protocol}`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
});

test('end timestamp: generation stops before it, with no total given', () => {
  const start = 1704067200n * 1_000_000_000n;
  const end = start + 1_000_000n; // 1 ms
  const flows = [...new FlowGenerator({ config: { generation: {} }, overrides: { seed: 5n, startTimestampNs: start, endTimestampNs: end, totalFlows: undefined } })];
  expect(flows.length).toBeGreaterThan(100);
  for (const f of flows) expect(f.startNs < end).toBe(true);
});

test('config errors name the source and field path', () => {
  expect(() => new FlowGenerator({ source: 'my.yaml', config: { generation: { bandwidth_gbps: 'fast' } } })).toThrow(/my\.yaml.*generation\.bandwidth_gbps/);
  expect(() => new FlowGenerator({ source: 'my.yaml', config: { traffic_patterns: [{ type: 'web', percentage: 50 }] } })).toThrow(/my\.yaml.*traffic_patterns.*100/);
  expect(() => new FlowGenerator({ source: 'my.yaml', config: { traffic_patterns: [{ type: 'gopher', percentage: 100 }] } })).toThrow(/my\.yaml.*traffic_patterns\[0\]\.type.*gopher/);
  expect(() => new FlowGenerator({ source: 'my.yaml', config: { network: { source_subnets: ['10.0.0.0/33'] } } })).toThrow(/my\.yaml.*network\.source_subnets\[0\]/);
});

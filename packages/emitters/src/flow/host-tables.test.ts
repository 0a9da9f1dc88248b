/**
 * The host model through the library face, at fixed seeds: the realism claims recomputed from the
 * generated records (heavy-hitter share, Zipf exponent, DNS resolver concentration, conversation reuse), stable
 * identities, and the exact shares the alias tables promise. Tolerances are stated per test and sit several
 * standard errors wide, so the tests are stable and can still fail.
 */
import { cidrContains, parseCidr, type FlowBatch } from '@flowgen/core';
import { FlowGenerator } from './flow-generator';
import { skewWeights } from './host-tables';

const eachRow = (gen: FlowGenerator, visit: (b: FlowBatch, i: number) => void): number => {
  let n = 0;
  for (let b = gen.nextBatch(); b; b = gen.nextBatch()) for (let i = 0; i < b.length; i++, n++) visit(b, i);
  return n;
};
const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
const desc = (m: Map<unknown, number>): number[] => [...m.values()].sort((a, b) => b - a);
const sum = (xs: ArrayLike<number>, from = 0, to = xs.length): number => {
  let s = 0;
  for (let i = from; i < Math.min(to, xs.length); i++) s += xs[i]!;
  return s;
};

describe('hosts: {} (the shipped defaults), 1 M flows', () => {
  const N = 1_000_000;
  const src = new Map<number, number>();
  const dnsDst = new Map<number, number>();
  const webPairs = new Map<number, number>();
  const webPairPorts = new Map<number, Set<number>>();
  let dns = 0, web = 0;
  beforeAll(() => {
    const gen = new FlowGenerator({ config: { generation: { seed: 11, total_flows: N }, hosts: {} } });
    expect(eachRow(gen, (b, i) => {
      bump(src, b.srcIp[i]!);
      const p = b.patternNames[b.pattern[i]!];
      if (p === 'dns') dns++, bump(dnsDst, b.dstIp[i]!);
      if (p === 'web') {
        web++;
        const key = b.srcIp[i]! * 2 ** 32 + b.dstIp[i]!;
        bump(webPairs, key);
        if (webPairs.size < 50 || webPairPorts.has(key)) (webPairPorts.get(key) ?? webPairPorts.set(key, new Set()).get(key)!).add(b.srcPort[i]!);
      }
    })).toBe(N);
  });

  test('the top 1 % of source addresses send ≥ 20 % of all flows (expected 49.5 % for zipf(5000, 1); ±1 %)', () => {
    const c = desc(src);
    expect(c).toHaveLength(5000);
    const share = sum(c, 0, 50) / N;
    expect(share).toBeGreaterThanOrEqual(0.2);
    const w = skewWeights(5000, { distribution: 'zipf', exponent: 1, sigma: 0 });
    expect(Math.abs(share - sum(w, 0, 50) / sum(w))).toBeLessThan(0.01);
  });

  test('≥ 90 % of dns flows go to at most 10 resolver addresses, all inside the resolvers subnet', () => {
    const c = desc(dnsDst);
    expect(c.length).toBeLessThanOrEqual(10);
    expect(sum(c, 0, 10) / dns).toBeGreaterThanOrEqual(0.9);
    const net = parseCidr('10.100.0.0/24');
    for (const a of dnsDst.keys()) expect(cidrContains(net, a)).toBe(true);
  });

  test('≥ 50 % of web flows repeat a (client, server) pair, each repeat with its own ephemeral source port', () => {
    let repeated = 0;
    for (const v of webPairs.values()) if (v > 1) repeated += v;
    expect(repeated / web).toBeGreaterThanOrEqual(0.5);
    // source ports are fresh U[49152, 65535] per flow: m flows of a pair show 16384·(1 − e^(−m/16384)) distinct
    // ports on average (birthday collisions); a pair reusing one port would show 1. Bound: ±3 % of that.
    let checked = 0;
    for (const [key, ports] of webPairPorts) {
      const m = webPairs.get(key)!;
      if (m < 20) continue;
      checked++;
      const expected = 16384 * (1 - Math.exp(-m / 16384));
      expect(Math.abs(ports.size / expected - 1)).toBeLessThan(0.03 + 3 / Math.sqrt(expected));
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('client activity', () => {
  const run = (activity: Record<string, unknown>, count: number, n: number, seed: number) => {
    const src = new Map<number, number>();
    const gen = new FlowGenerator({
      config: { generation: { seed, total_flows: n }, hosts: { clients: { subnets: ['10.1.0.0/16'], count, activity } } },
    });
    eachRow(gen, (b, i) => bump(src, b.srcIp[i]!));
    return desc(src);
  };

  /** least-squares slope of log(count) on log(rank) over ranks 1..k of the sorted counts */
  const zipfFit = (c: number[], k: number): number => {
    let sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let r = 1; r <= k; r++) {
      const x = Math.log(r), y = Math.log(c[r - 1]!);
      sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    return -(k * sxy - sx * sy) / (k * sxx - sx * sx);
  };

  test.each([[1.0], [0.8], [1.3]])('zipf exponent %f recovered within ±0.05 from 1 M flows (ranks 1–100 of 1000 clients)', (s) => {
    const c = run({ distribution: 'zipf', exponent: s }, 1000, 1_000_000, 5);
    expect(Math.abs(zipfFit(c, 100) - s)).toBeLessThan(0.05);
  });

  test('lognormal activity (sigma 1.5): the top 1 % share matches the table within ±1 %', () => {
    const c = run({ distribution: 'lognormal', sigma: 1.5 }, 2000, 500_000, 6);
    const w = skewWeights(2000, { distribution: 'lognormal', exponent: 0, sigma: 1.5 });
    expect(Math.abs(sum(c, 0, 20) / 500_000 - sum(w, 0, 20) / sum(w))).toBeLessThan(0.01);
  });

  test('stable identities: exactly `count` distinct addresses, all inside the subnet, same for any run length', () => {
    const c = run({ distribution: 'uniform' }, 300, 200_000, 8);
    expect(c).toHaveLength(300);
    const addrs = (n: number) => {
      const s = new Set<number>();
      eachRow(new FlowGenerator({ config: { generation: { seed: 8, total_flows: n }, hosts: { clients: { subnets: ['10.1.0.0/16'], count: 300 } } } }), (b, i) =>
        void s.add(b.srcIp[i]!));
      return s;
    };
    const small = addrs(20_000), large = addrs(200_000);
    for (const a of small) expect(large.has(a)).toBe(true);
    const net = parseCidr('10.1.0.0/16');
    for (const a of large) expect(cidrContains(net, a)).toBe(true);
  });
});

test('explicit server addresses: popularity follows list order; unserved patterns keep network.destination_subnets', () => {
  const dst = new Map<number, number>();
  const other = parseCidr('172.16.0.0/12');
  let outside = 0, dnsN = 0;
  const gen = new FlowGenerator({
    config: {
      generation: { seed: 3, total_flows: 200_000 },
      network: { destination_subnets: ['172.16.0.0/12'] },
      traffic_patterns: [{ type: 'dns', percentage: 50 }, { type: 'random', percentage: 50 }],
      hosts: {
        conversation_reuse: 0,
        servers: [{ name: 'r', patterns: ['dns'], addresses: ['10.0.0.1', '10.0.0.2'], popularity: { distribution: 'zipf', exponent: 2 } }],
      },
    },
  });
  eachRow(gen, (b, i) => {
    if (b.patternNames[b.pattern[i]!] === 'dns') dnsN++, bump(dst, b.dstIp[i]!);
    else if (!cidrContains(other, b.dstIp[i]!)) outside++;
  });
  expect(outside).toBe(0);
  // zipf(2, 2): P(first) = 1 / (1 + 1/4) = 0.8; binomial sd at 100 k ≈ 0.0013, bound 0.006
  expect(Math.abs(dst.get(0x0a000001)! / dnsN - 0.8)).toBeLessThan(0.006);
  expect(dst.size).toBe(2);
});

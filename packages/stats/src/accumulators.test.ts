/** The mergeable accumulators on their own: accuracy against exact answers, and merge = one pass. */
import { FlowBatch, Rng } from '@flowgen/core';
import { DistinctCounter } from './distinct-counter';
import { bucketIndex, LogHistogram } from './log-histogram';
import { TopKeys } from './top-keys';

test('DistinctCounter: exact below 1 M keys, HyperLogLog within 3 % (≈ 4 σ) above; merge equals one pass', () => {
  const small = new DistinctCounter();
  for (let i = 0; i < 50_000; i++) small.add((i * 7919) % 30_011);
  expect(small.count()).toBe(30_011);
  expect(small.exact).toBe(true);

  const a = new DistinctCounter(), b = new DistinctCounter(), all = new DistinctCounter();
  const rng = Rng.stream(1n);
  const keys = new Set<number>();
  for (let i = 0; i < 1_500_000; i++) {
    const k = rng.nextU32();
    keys.add(k);
    (i % 2 ? a : b).add(k);
    all.add(k);
  }
  expect(all.exact).toBe(false);
  expect(Math.abs(all.count() / keys.size - 1)).toBeLessThan(0.03);
  a.merge(b);
  expect(a.count()).toBe(all.count());
});

test('DistinctCounter: clustered keys (prefix bitmaps), scattered keys (hash set) and their merges count exactly', () => {
  const rng = Rng.stream(5n);
  const clustered = new DistinctCounter(), scattered = new DistinctCounter(), all = new Set<number>();
  const col = new Uint32Array(1000);
  for (let batch = 0; batch < 300; batch++) {
    for (let i = 0; i < 1000; i++) col[i] = (0x0a0a0000 + (batch % 3) * 65536 + rng.int(0, 65535)) >>> 0;
    clustered.addAll(col, 1000);
    col.forEach((k) => all.add(k));
  }
  expect(clustered.count()).toBe(all.size);
  for (let i = 0; i < 50_000; i++) {
    const k = rng.nextU32();
    scattered.add(k);
    all.add(k);
  }
  // the key 0 and the top address are keys like any other
  for (const k of [0, 0xffffffff]) (scattered.add(k), all.add(k));
  const a = new DistinctCounter(), b = new DistinctCounter();
  a.merge(clustered), a.merge(scattered);
  b.merge(scattered), b.merge(clustered);
  expect([a.count(), a.exact, b.count(), b.exact]).toEqual([all.size, true, all.size, true]);
});

test('LogHistogram: quantiles within 0.5 % relative, exact top shares for distinct buckets, merge', () => {
  const h = new LogHistogram(), h1 = new LogHistogram(), h2 = new LogHistogram();
  const rng = Rng.stream(2n);
  const values: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const v = Math.round(Math.exp(7 + 2 * rng.normal()));
    values.push(v);
    h.add(v);
    (i % 3 ? h1 : h2).add(v);
  }
  values.sort((x, y) => x - y);
  for (const q of [0.1, 0.5, 0.9, 0.99, 0.999]) {
    const want = values[Math.floor(q * (values.length - 1))]!;
    expect(Math.abs(h.quantile(q) / want - 1)).toBeLessThan(0.006);
  }
  h1.merge(h2);
  expect(h1.quantile(0.5)).toBe(h.quantile(0.5));
  expect(h1.topShare(0.01)).toBeCloseTo(h.topShare(0.01), 12);
  const total = values.reduce((x, y) => x + y, 0);
  const top1 = values.slice(-2000).reduce((x, y) => x + y, 0) / total;
  expect(Math.abs(h.topShare(0.01) - top1)).toBeLessThan(0.005);
});

test('LogHistogram buckets from the table equal floor(log(v) / log(1.01)), near every boundary too', () => {
  const formula = (v: number) => Math.floor(Math.log(v) / Math.log(1.01));
  const rng = Rng.stream(3n);
  const values: number[] = [1, 2, 65535, 65536, 65537, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, 1.5, 123456.75];
  for (let i = 0; i < 200_000; i++) values.push(rng.int(1, 2 ** 32 - 1));
  // the bucket boundaries: rounded powers of 1.01 and their neighbours
  for (let x = 1; x < 2 ** 33; x *= 1.01) for (let d = -2; d <= 2; d++) if (Math.round(x) + d >= 1) values.push(Math.round(x) + d);
  const wrong = values.filter((v) => bucketIndex(v) !== formula(v));
  expect(wrong).toEqual([]);
});

test('TopKeys: ip counts both ends; ties break by key; merge by pattern name', () => {
  const batch = (names: string[], rows: Array<[number, number, number, number, number]>) => {
    const b = new FlowBatch(rows.length, names);
    rows.forEach(([src, dst, packets, bytes, pattern], i) => {
      b.srcIp[i] = src, b.dstIp[i] = dst, b.packets[i] = packets, b.bytes[i] = bytes, b.pattern[i] = pattern;
    });
    b.length = rows.length;
    return b;
  };
  const ip = new TopKeys('ip');
  ip.update(batch(['a'], [[1, 2, 10, 100, 0], [2, 3, 5, 50, 0], [0xffffffff, 1, 1, 1, 0]]));
  expect(ip.top('bytes', 0)).toEqual([
    { key: '0.0.0.2', flows: 2, packets: 15, bytes: 150 },
    { key: '0.0.0.1', flows: 2, packets: 11, bytes: 101 },
    { key: '0.0.0.3', flows: 1, packets: 5, bytes: 50 },
    { key: '255.255.255.255', flows: 1, packets: 1, bytes: 1 },
  ]);
  expect(ip.top('flows', 2).map((r) => r.key)).toEqual(['0.0.0.1', '0.0.0.2']);

  const p1 = new TopKeys('pattern'), p2 = new TopKeys('pattern');
  p1.update(batch(['web', 'dns'], [[0, 0, 1, 10, 0], [0, 0, 1, 10, 1]]));
  p2.update(batch(['dns', 'web'], [[0, 0, 1, 10, 0], [0, 0, 1, 10, 0]]));
  p1.merge(p2);
  expect(p1.top('flows', 0)).toEqual([{ key: 'dns', flows: 3, packets: 3, bytes: 30 }, { key: 'web', flows: 1, packets: 1, bytes: 10 }]);
});

test('TopKeys srcip: clustered addresses (dense /16 pages), scattered ones (hash table) and merges of both equal a Map', () => {
  const rng = Rng.stream(11n);
  const make = (n: number, scattered: boolean) => {
    const b = new FlowBatch(n, ['a']);
    for (let i = 0; i < n; i++) {
      b.srcIp[i] = scattered ? rng.nextU32() : (0xc0a80000 + (i % 2) * 0x10000 + rng.int(0, 2047)) >>> 0;
      b.packets[i] = rng.int(1, 50), b.bytes[i] = rng.int(40, 100_000);
    }
    b.length = n;
    return b;
  };
  const clustered = make(20_000, false), scattered = make(3000, true);
  const want = new Map<number, [number, number, number]>();
  for (const b of [clustered, scattered]) {
    for (let i = 0; i < b.length; i++) {
      const g = want.get(b.srcIp[i]!) ?? [0, 0, 0];
      want.set(b.srcIp[i]!, [g[0] + 1, g[1] + b.packets[i]!, g[2] + b.bytes[i]!]);
    }
  }
  const expected = [...want].map(([k, [flows, packets, bytes]]) => ({ k, flows, packets, bytes }))
    .sort((x, y) => y.bytes - x.bytes || x.k - y.k)
    .map(({ k, flows, packets, bytes }) => ({ key: [k >>> 24, (k >>> 16) & 255, (k >>> 8) & 255, k & 255].join('.'), flows, packets, bytes }));
  const one = new TopKeys('srcip'), a = new TopKeys('srcip'), b = new TopKeys('srcip');
  one.update(clustered), one.update(scattered);
  a.update(clustered), b.update(scattered);
  const ab = new TopKeys('srcip'), ba = new TopKeys('srcip');
  ab.merge(a), ab.merge(b), ba.merge(b), ba.merge(a);
  for (const t of [one, ab, ba]) {
    expect(t.size).toBe(want.size);
    expect(t.top('bytes', 0)).toEqual(expected);
  }
  expect(a.top('flows', 3)).toEqual(a.top('flows', 0).slice(0, 3));
});

test('GroupBy: masks, bins, and merge by pattern name equal one pass', () => {
  const { GroupBy } = require('./aggregate/group-by') as typeof import('./aggregate/group-by');
  const make = (names: string[], rows: Array<[number, number, number, number]>) => {
    const b = new FlowBatch(rows.length, names);
    rows.forEach(([src, sec, bytes, pattern], i) => {
      b.srcIp[i] = src, b.startSec[i] = sec, b.packets[i] = 1, b.bytes[i] = bytes, b.pattern[i] = pattern;
    });
    b.length = rows.length;
    return b;
  };
  const keys = [{ field: 'srcip' as const, mask: 24 }, { field: 'pattern' as const, mask: 32 }];
  const one = new GroupBy(keys, 60e9), a = new GroupBy(keys, 60e9), b = new GroupBy(keys, 60e9);
  const b1 = make(['web', 'dns'], [[0x0a000001, 0, 10, 0], [0x0a0000ff, 59, 20, 0], [0x0a000101, 61, 5, 1]]);
  const b2 = make(['dns', 'web'], [[0x0a000002, 30, 1, 1], [0x0a000105, 60, 2, 0]]);
  one.update(b1), one.update(b2), a.update(b1), b.update(b2);
  a.merge(b);
  expect(a.rows('bytes', 0)).toEqual(one.rows('bytes', 0));
  expect(one.columns()).toEqual(['srcip/24', 'pattern', 'bin_start_ns', 'bin_start', 'flows', 'packets', 'bytes']);
  expect(one.rows('bytes', 0)).toEqual([
    ['10.0.0.0/24', 'web', '0', '1970-01-01T00:00:00Z', 3, 3, 31],
    ['10.0.1.0/24', 'dns', '60000000000', '1970-01-01T00:01:00Z', 2, 2, 7],
  ]);
  // time order: bins ascending first, then the counter
  const c = new GroupBy(keys, 60e9);
  c.update(make(['web'], [[0x0a000001, 61, 1000, 0], [0x0a000002, 0, 1, 0], [0x0a000102, 1, 5, 0]]));
  expect(c.rows('bytes', 0, true).map((r) => [r[0], r[2]])).toEqual([['10.0.1.0/24', '0'], ['10.0.0.0/24', '0'], ['10.0.0.0/24', '60000000000']]);
  expect(c.rows('bytes', 0).map((r) => r[2])).toEqual(['60000000000', '0', '0']);
});

test('GroupBy: two-word keys (srcip,dstip,dstport) and their merge equal one pass; order ties by components', () => {
  const { GroupBy } = require('./aggregate/group-by') as typeof import('./aggregate/group-by');
  const rng = Rng.stream(9n);
  const batch = new FlowBatch(5000, ['a']);
  for (let i = 0; i < 5000; i++) {
    batch.srcIp[i] = 0xc0a80000 + rng.int(0, 49), batch.dstIp[i] = 0xfffffff0 + rng.int(0, 15);
    batch.dstPort[i] = rng.int(0, 2), batch.packets[i] = 1 + rng.int(0, 8), batch.bytes[i] = 60 + rng.int(0, 1499);
  }
  batch.length = 5000;
  const keys = [{ field: 'srcip' as const, mask: 32 }, { field: 'dstip' as const, mask: 32 }, { field: 'dstport' as const, mask: 32 }];
  const one = new GroupBy(keys), a = new GroupBy(keys), b = new GroupBy(keys);
  one.update(batch);
  const half = (from: number, to: number) => {
    const h = new FlowBatch(to - from, ['a']);
    for (const col of ['srcIp', 'dstIp', 'dstPort', 'packets', 'bytes'] as const) h[col].set(batch[col].subarray(from, to));
    h.length = to - from;
    return h;
  };
  a.update(half(0, 2000)), b.update(half(2000, 5000));
  a.merge(b);
  expect(a.rows('packets', 0)).toEqual(one.rows('packets', 0));
  const want = new Map<string, number>();
  for (let i = 0; i < 5000; i++) {
    const k = `${batch.srcIp[i]}|${batch.dstIp[i]}|${batch.dstPort[i]}`;
    want.set(k, (want.get(k) ?? 0) + batch.bytes[i]!);
  }
  const rows = one.rows('bytes', 0);
  expect(rows).toHaveLength(want.size);
  const ipv = (s: string) => s.split('.').reduce((x, o) => x * 256 + +o, 0);
  for (const r of rows) expect(r[5]).toBe(want.get(`${ipv(r[0] as string)}|${ipv(r[1] as string)}|${r[2]}`));
});

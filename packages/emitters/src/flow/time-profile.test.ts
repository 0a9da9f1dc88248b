/**
 * time_profile: hourly counts of a simulated day against the profile (each hour within 3 % of its expected
 * share at > 2 M flows, and a chi-square bound), the weekly profile's alignment (Monday 00:00 UTC), zero hours,
 * Gaussian components, the mean rate over the profile, the τ ↔ time map, and bad input with field paths.
 */
import type { FlowBatch } from '@flowgen/core';
import { FlowGenerator } from './flow-generator';
import { resolveTimeProfile, TimeWarp } from './time-profile';

const START = 1704067200; // 2024-01-01T00:00:00Z, a Monday
const DAY = 86_400;
/** a diurnal shape: quiet night, morning ramp, afternoon peak, evening tail */
const HOURLY = [0.3, 0.25, 0.2, 0.2, 0.25, 0.35, 0.6, 0.9, 1.3, 1.6, 1.7, 1.75, 1.7, 1.75, 1.8, 1.75, 1.6, 1.4, 1.2, 1.1, 1.0, 0.8, 0.6, 0.4];

const eachRow = (gen: FlowGenerator, visit: (b: FlowBatch, i: number) => void): number => {
  let n = 0;
  for (let b = gen.nextBatch(); b; b = gen.nextBatch()) for (let i = 0; i < b.length; i++, n++) visit(b, i);
  return n;
};

/** bandwidth (Gbit/s) at which the default mix makes about `flows` flows per `seconds` */
const bandwidthFor = (flows: number, seconds: number): number => {
  const mean = new FlowGenerator({ config: { generation: { seed: 1, total_flows: 1 } } }).plan.meanBytesPerFlow;
  return (flows * mean * 8) / (seconds * 1e9);
};

describe('24 hourly weights over one simulated day (≈ 2.4 M flows)', () => {
  const counts = new Float64Array(24);
  let n = 0, bytes = 0;
  beforeAll(() => {
    const gen = new FlowGenerator({
      config: { generation: { seed: 77, start_timestamp: START, end_timestamp: START + DAY, bandwidth_gbps: bandwidthFor(2.4e6, DAY) }, time_profile: { hourly: HOURLY } },
    });
    n = eachRow(gen, (b, i) => {
      counts[Math.floor((b.startSec[i]! - START) / 3600)]!++;
      bytes += b.bytes[i]!;
    });
  });

  test('more than 2 M flows, all inside the day', () => {
    expect(n).toBeGreaterThan(2_000_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
  });

  test('each hour within 3 % of its expected share', () => {
    const total = HOURLY.reduce((a, b) => a + b, 0);
    HOURLY.forEach((w, h) => expect(Math.abs(counts[h]! / ((n * w) / total) - 1)).toBeLessThan(0.03));
  });

  test('chi-square of the hourly counts against the profile below 49.7 (df 23, 99.9 % quantile)', () => {
    const total = HOURLY.reduce((a, b) => a + b, 0);
    let chi = 0;
    HOURLY.forEach((w, h) => {
      const e = (n * w) / total;
      chi += (counts[h]! - e) ** 2 / e;
    });
    expect(chi).toBeLessThan(49.7);
  });

  test('the mean rate over the day still hits the bandwidth (bytes·8 / day within 2 %)', () => {
    expect(Math.abs((bytes * 8) / (DAY * 1e9) / bandwidthFor(2.4e6, DAY) / (2.4e6 / n) - 1)).toBeLessThan(0.02);
    expect(Math.abs(n / 2.4e6 - 1)).toBeLessThan(0.02);
  });
});

test('168 weights: hour 0 is Monday 00:00 UTC — a profile open only on Wednesday 10:00–11:00 puts every flow there', () => {
  const weekly = new Array(168).fill(0);
  weekly[2 * 24 + 10] = 1;
  const gen = new FlowGenerator({ config: { generation: { seed: 5, start_timestamp: START, total_flows: 20_000, bandwidth_gbps: 1e-3 }, time_profile: { hourly: weekly } } });
  const wed10 = START + 2 * DAY + 10 * 3600;
  let n = 0;
  eachRow(gen, (b, i) => {
    n++;
    expect(b.startSec[i]! >= wed10 && b.startSec[i]! < wed10 + 3600).toBe(true);
  });
  expect(n).toBe(20_000);
});

test('hours with weight 0 get no flows; a run starting inside one begins at the next open hour', () => {
  const hourly = HOURLY.map((w, h) => (h < 6 ? 0 : w));
  const gen = new FlowGenerator({ config: { generation: { seed: 6, start_timestamp: START, total_flows: 50_000, bandwidth_gbps: bandwidthFor(1e6, DAY) }, time_profile: { hourly } } });
  let first = Infinity;
  eachRow(gen, (b, i) => {
    const h = Math.floor(((b.startSec[i]! - START) % DAY) / 3600);
    expect(h).toBeGreaterThanOrEqual(6);
    first = Math.min(first, b.startSec[i]!);
  });
  expect(first).toBe(START + 6 * 3600);
});

test('Gaussian components: hourly counts within 3 % of the integrated shape (≈ 2.4 M flows)', () => {
  const components = [{ mu: 10, sigma: 2, weight: 1 }, { mu: 20, sigma: 1.5, weight: 0.6 }];
  const baseline = 0.1;
  const m = (h: number) => components.reduce((a, c) => a + [-24, 0, 24].reduce((s, o) => s + c.weight * Math.exp(-0.5 * ((h - c.mu + o) / c.sigma) ** 2), 0), baseline);
  const expected = Array.from({ length: 24 }, (_, h) => {
    let s = 0;
    for (let k = 0; k < 60; k++) s += m(h + (k + 0.5) / 60);
    return s;
  });
  const total = expected.reduce((a, b) => a + b, 0);
  const counts = new Float64Array(24);
  const gen = new FlowGenerator({
    config: { generation: { seed: 8, start_timestamp: START, end_timestamp: START + DAY, bandwidth_gbps: bandwidthFor(2.4e6, DAY) }, time_profile: { components, baseline } },
  });
  const n = eachRow(gen, (b, i) => void counts[Math.floor((b.startSec[i]! - START) / 3600)]!++);
  expected.forEach((e, h) => expect(Math.abs(counts[h]! / ((n * e) / total) - 1)).toBeLessThan(0.03));
});

test('the time map is monotone and its own inverse, across days and from a start in mid-afternoon', () => {
  const plan = resolveTimeProfile({ hourly: HOURLY }, 'x', BigInt(START + 15 * 3600 + 123) * 1_000_000_000n);
  const w = new TimeWarp(plan);
  let prev = -1;
  for (let tau = 0; tau < 3 * DAY * 1e9; tau += 977e6 * 61) {
    const t = w.offsetAt(tau);
    expect(t).toBeGreaterThan(prev);
    expect(Math.abs(w.tauAt(t) - tau)).toBeLessThan(1); // ns, at magnitudes where a double resolves ~0.03 ns
    prev = t;
  }
  expect(w.offsetAt(0)).toBeCloseTo(0, 3);
  // a whole day of τ is a whole day of time
  expect(w.offsetAt(DAY * 1e9)).toBeCloseTo(DAY * 1e9, -3);
});

test.each([
  [{ hourly: [1, 2, 3] }, /net\.yaml: time_profile\.hourly: needs 24 weights \(a day\) or 168 .*got 3/],
  [{ hourly: [...HOURLY.slice(0, 23), -1] }, /net\.yaml: time_profile\.hourly\[23\]: weights are relative rates and must be ≥ 0, got -1/],
  [{ hourly: new Array(24).fill(0) }, /net\.yaml: time_profile\.hourly: the profile is zero everywhere/],
  [{ hourly: HOURLY, components: [{ mu: 1, sigma: 1, weight: 1 }] }, /net\.yaml: time_profile: give either hourly weights or components/],
  [{ components: [{ mu: 25, sigma: 1, weight: 1 }] }, /net\.yaml: time_profile\.components\[0\]\.mu: is the hour of day/],
  [{ components: [{ mu: 2, sigma: 0, weight: 1 }] }, /net\.yaml: time_profile\.components\[0\]\.sigma/],
  [{ components: [{ mu: 2, sigma: 1, weight: -1 }] }, /net\.yaml: time_profile\.components\[0\]\.weight: must be ≥ 0/],
  [{}, /net\.yaml: time_profile: needs hourly/],
  [{ hourly: 'flat' }, /net\.yaml: time_profile\.hourly/],
])('time_profile %j is refused', (time_profile, message) => {
  expect(() => new FlowGenerator({ source: 'net.yaml', config: { generation: { seed: 1, total_flows: 10 }, time_profile } })).toThrow(message);
});

/**
 * Every registered distribution through its contract (createSampler with options as a config gives them):
 * the sample mean and spread against the closed form, at a fixed seed. Tolerances are ≥ 5 standard errors.
 */
import * as path from 'node:path';
import { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';

const N = 400_000;
const load = (name: string): CreateSampler => require(path.join(__dirname, `${name}.ts`)).createSampler;

const stats = (name: string, options: Record<string, unknown>) => {
  const sampler = load(name)(options);
  const rng = Rng.stream(99n, name.length);
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < N; i++) {
    const x = sampler.sample(rng);
    s += x;
    s2 += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = s / N;
  return { mean, sd: Math.sqrt(s2 / N - mean * mean), min, max, declared: sampler.mean };
};

test.each([
  // name, options, true mean, true sd
  ['constant', { value: 7 }, 7, 0],
  ['uniform', { min: 2, max: 6 }, 4, 4 / Math.sqrt(12)],
  ['normal', { mean: 10, stddev: 3 }, 10, 3],
  ['exponential', { mean: 5 }, 5, 5],
  ['lognormal', { median: 100, sigma: 0.5 }, 100 * Math.exp(0.125), 100 * Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.25))],
  ['pareto', { scale: 1, alpha: 5 }, 1.25, Math.sqrt(5 / (16 * 3))],
  ['gamma', { shape: 2.5, scale: 2 }, 5, Math.sqrt(2.5) * 2],
  ['gamma', { shape: 0.5, scale: 1 }, 0.5, Math.sqrt(0.5)],
  ['poisson', { mean: 3 }, 3, Math.sqrt(3)],
  ['poisson', { mean: 200 }, 200, Math.sqrt(200)],
  ['weighted', { values: [1, 2, 10], weights: [1, 1, 2] }, 5.75, Math.sqrt((1 + 4 + 200) / 4 - 5.75 ** 2)],
] as const)('%s %j: mean and sd', (name, options, mean, sd) => {
  const s = stats(name, options);
  const se = Math.max(sd / Math.sqrt(N), 1e-12);
  expect(Math.abs(s.mean - mean)).toBeLessThanOrEqual(6 * se + 1e-9);
  if (sd > 0) expect(Math.abs(s.sd / sd - 1)).toBeLessThan(0.02);
  if (s.declared !== undefined) expect(s.declared).toBeCloseTo(mean, 6);
});

test('bounds: uniform stays in [min, max), lognormal clamps, pareto ≥ scale, poisson is integral', () => {
  expect(stats('uniform', { min: 2, max: 6 })).toMatchObject({ min: expect.any(Number) });
  const u = stats('uniform', { min: 2, max: 6 });
  expect(u.min).toBeGreaterThanOrEqual(2);
  expect(u.max).toBeLessThan(6);
  const l = stats('lognormal', { median: 100, sigma: 2, min: 10, max: 1000 });
  expect(l.min).toBeGreaterThanOrEqual(10);
  expect(l.max).toBeLessThanOrEqual(1000);
  expect(stats('pareto', { scale: 3, alpha: 2 }).min).toBeGreaterThanOrEqual(3);
  const p = load('poisson')({ mean: 4 });
  const rng = Rng.stream(1n);
  for (let i = 0; i < 1000; i++) expect(Number.isInteger(p.sample(rng))).toBe(true);
});

test('zipf: rank frequencies follow k^-s', () => {
  const z = load('zipf')({ n: 100, s: 1.1 });
  const rng = Rng.stream(5n);
  const counts = new Float64Array(101);
  for (let i = 0; i < N; i++) counts[z.sample(rng)]!++;
  let h = 0;
  for (let k = 1; k <= 100; k++) h += k ** -1.1;
  for (const k of [1, 2, 10, 50]) {
    const p = k ** -1.1 / h;
    expect(Math.abs(counts[k]! / N - p)).toBeLessThan(6 * Math.sqrt((p * (1 - p)) / N));
  }
});

/**
 * Alias tables: the table reproduces its weights exactly (closed form) and draws match them (chi-square at a
 * fixed seed; the bound is the 99.9 % quantile, so the test can fail but is stable).
 */
import { Rng } from '@flowgen/core';
import { AliasTable, zipfWeights } from './alias-table';

test('exact probabilities equal the normalised weights', () => {
  const w = [5, 1, 0, 3, 0.5, 10, 2];
  const t = new AliasTable(w);
  const total = w.reduce((a, b) => a + b, 0);
  w.forEach((x, i) => expect(t.probability(i)).toBeCloseTo(x / total, 12));
});

test('zipf(1000, 1) draws pass chi-square against k^-1 (df 999, bound 1143 = 99.9 % quantile)', () => {
  const n = 1000;
  const w = zipfWeights(n, 1);
  const total = w.reduce((a, b) => a + b, 0);
  const t = new AliasTable(w);
  const rng = Rng.stream(7n, 1);
  const counts = new Float64Array(n);
  const N = 2_000_000;
  for (let i = 0; i < N; i++) counts[t.pick(rng.float(), rng.float())]!++;
  let chi = 0;
  for (let k = 0; k < n; k++) {
    const e = (N * w[k]!) / total;
    chi += (counts[k]! - e) ** 2 / e;
  }
  expect(chi).toBeLessThan(1143);
});

test('refuses empty, negative and all-zero weights', () => {
  expect(() => new AliasTable([])).toThrow(/at least one/);
  expect(() => new AliasTable([1, -1])).toThrow(/≥ 0/);
  expect(() => new AliasTable([0, 0])).toThrow(/sum to 0/);
});

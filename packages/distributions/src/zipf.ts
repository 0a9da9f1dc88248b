/**
 * zipf(n, s): ranks 1..n with P(k) ∝ k^-s — popularity of servers, ports, items. Inverse CDF over a table
 * built once (binary search per draw), exact for any s ≥ 0.
 */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';

export class ZipfTable {
  readonly cdf: Float64Array;
  constructor(readonly n: number, readonly s: number) {
    this.cdf = new Float64Array(n);
    let acc = 0;
    for (let k = 1; k <= n; k++) this.cdf[k - 1] = acc += Math.pow(k, -s);
    for (let k = 0; k < n; k++) this.cdf[k]! /= acc;
  }
  /** a rank in 1..n */
  sample(rng: Rng): number {
    const u = rng.float53();
    const cdf = this.cdf;
    let lo = 0, hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! > u) hi = mid; else lo = mid + 1;
    }
    return lo + 1;
  }
}
export const createSampler: CreateSampler = (o) => {
  const t = new ZipfTable(o.n as number, o.s as number);
  let mean = 0;
  for (let k = 0; k < t.n; k++) mean += (k + 1) * (t.cdf[k]! - (k ? t.cdf[k - 1]! : 0));
  return { sample: (rng) => t.sample(rng), mean };
};

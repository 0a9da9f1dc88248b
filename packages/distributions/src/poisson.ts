/** poisson(mean): counts. Knuth's product method below mean 30, normal approximation with continuity above. */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const samplePoisson = (rng: Rng, mean: number): number => {
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0, p = rng.floatOpenZero();
    while (p > limit) { k++; p *= rng.floatOpenZero(); }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
};
export const createSampler: CreateSampler = (o) => {
  const mean = o.mean as number;
  return { sample: (rng) => samplePoisson(rng, mean), mean };
};

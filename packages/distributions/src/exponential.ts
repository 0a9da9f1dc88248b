/** exponential with the given mean (rate = 1 / mean). */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const sampleExponential = (rng: Rng, mean: number): number => mean * rng.exponential();
export const createSampler: CreateSampler = (o) => {
  const mean = o.mean as number;
  return { sample: (rng) => sampleExponential(rng, mean), mean };
};

/** normal(mean, stddev). */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const sampleNormal = (rng: Rng, mean: number, stddev: number): number => mean + stddev * rng.normal();
export const createSampler: CreateSampler = (o) => {
  const mean = o.mean as number, stddev = o.stddev as number;
  return { sample: (rng) => sampleNormal(rng, mean, stddev), mean };
};

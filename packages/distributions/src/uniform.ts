/** uniform on [min, max): continuous. (Integer fields round in the caller: see the field's own rules.) */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const sampleUniform = (rng: Rng, min: number, max: number): number => min + (max - min) * rng.float53();
export const createSampler: CreateSampler = (o) => {
  const min = o.min as number, max = o.max as number;
  return { sample: (rng) => sampleUniform(rng, min, max), mean: (min + max) / 2 };
};

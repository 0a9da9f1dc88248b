/** constant: always `value`. */
import type { CreateSampler } from './sampler';
export const createSampler: CreateSampler = (o) => {
  const value = o.value as number;
  return { sample: () => value, mean: value };
};

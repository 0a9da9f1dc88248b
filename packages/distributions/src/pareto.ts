/** pareto(scale x_m, shape alpha): heavy tail, P(X > x) = (x_m / x)^alpha; optional cap `max`. */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const samplePareto = (rng: Rng, scale: number, alpha: number): number => scale / Math.pow(rng.floatOpenZero(), 1 / alpha);
export const createSampler: CreateSampler = (o) => {
  const scale = o.scale as number, alpha = o.alpha as number, max = (o.max as number | undefined) ?? Infinity;
  return {
    sample: (rng) => Math.min(max, samplePareto(rng, scale, alpha)),
    mean: Number.isFinite(max) ? undefined : alpha > 1 ? (alpha * scale) / (alpha - 1) : undefined,
  };
};

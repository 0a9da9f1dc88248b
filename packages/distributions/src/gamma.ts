/** gamma(shape k, scale θ) by Marsaglia–Tsang; shape < 1 via the boost U^(1/k). Mean kθ. */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';
export const sampleGamma = (rng: Rng, shape: number, scale: number): number => {
  if (shape < 1) return sampleGamma(rng, shape + 1, scale) * Math.pow(rng.floatOpenZero(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.floatOpenZero();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
};
export const createSampler: CreateSampler = (o) => {
  const shape = o.shape as number, scale = o.scale as number;
  return { sample: (rng) => sampleGamma(rng, shape, scale), mean: shape * scale };
};

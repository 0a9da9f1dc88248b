/**
 * lognormal: exp(N(mu, sigma)), given by its median (= e^mu) and sigma, optionally clamped to [min, max].
 * The clamped mean has a closed form, which the flow engine uses to turn a bandwidth target into an arrival rate.
 */
import type { Rng } from '@flowgen/core';
import { normalCdf } from './normal-cdf';
import type { CreateSampler } from './sampler';

export const sampleLognormal = (rng: Rng, mu: number, sigma: number): number => Math.exp(mu + sigma * rng.normal());

/** E[clamp(X, min, max)] for X = exp(N(mu, sigma²)). */
export const clampedLognormalMean = (mu: number, sigma: number, min: number, max: number): number => {
  const a = Math.log(min), b = Math.log(max);
  const pBelow = normalCdf((a - mu) / sigma);
  const pAbove = 1 - normalCdf((b - mu) / sigma);
  const inner = Math.exp(mu + (sigma * sigma) / 2) * (normalCdf((b - mu - sigma * sigma) / sigma) - normalCdf((a - mu - sigma * sigma) / sigma));
  return min * pBelow + inner + max * pAbove;
};

export const createSampler: CreateSampler = (o) => {
  const mu = Math.log(o.median as number), sigma = o.sigma as number;
  const min = (o.min as number | undefined) ?? 0, max = (o.max as number | undefined) ?? Infinity;
  return {
    sample: (rng) => Math.min(max, Math.max(min, sampleLognormal(rng, mu, sigma))),
    mean: min > 0 || Number.isFinite(max) ? clampedLognormalMean(mu, sigma, Math.max(min, Number.MIN_VALUE), max) : Math.exp(mu + (sigma * sigma) / 2),
  };
};

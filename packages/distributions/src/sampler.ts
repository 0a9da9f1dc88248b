/**
 * The distribution contract (apiVersion 1): a module exports `createSampler(options)` returning a Sampler.
 * Options arrive already checked against the contribution's options schema (package.json).
 */
import type { Rng } from '@flowgen/core';

export interface Sampler {
  sample(rng: Rng): number;
  /** the distribution's mean, when finite and known in closed form */
  readonly mean?: number;
}
export type CreateSampler = (options: Record<string, unknown>) => Sampler;

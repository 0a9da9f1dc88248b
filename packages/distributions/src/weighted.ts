/** weighted: one of `values` with probabilities ∝ `weights` (cumulative table, linear scan — lists are short). */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';

/** Cumulative probabilities of `weights`, normalised, the last exactly 1 (so a draw u < 1 always lands). */
export const cumulativeWeights = (weights: ReadonlyArray<number>): Float64Array => {
  const cum = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (cum[i] = acc += w));
  for (let i = 0; i < cum.length; i++) cum[i]! /= acc;
  if (cum.length) cum[cum.length - 1] = 1;
  return cum;
};

export class WeightedTable {
  private readonly cum: Float64Array;
  constructor(weights: ReadonlyArray<number>) {
    this.cum = cumulativeWeights(weights);
  }
  /** index of the chosen weight */
  pick(rng: Rng): number {
    const u = rng.float();
    const cum = this.cum;
    let i = 0;
    while (cum[i]! <= u) i++;
    return i;
  }
}
export const createSampler: CreateSampler = (o) => {
  const values = o.values as number[];
  const w = (o.weights as number[] | undefined) ?? values.map(() => 1);
  const t = new WeightedTable(w);
  const total = w.reduce((a, b) => a + b, 0);
  return { sample: (rng) => values[t.pick(rng)]!, mean: values.reduce((a, v, i) => a + (v * w[i]!) / total, 0) };
};

/** weighted: one of `values` with probabilities ∝ `weights` (cumulative table, linear scan — lists are short). */
import type { Rng } from '@flowgen/core';
import type { CreateSampler } from './sampler';

export class WeightedTable {
  private readonly cum: Float64Array;
  constructor(weights: ReadonlyArray<number>) {
    this.cum = new Float64Array(weights.length);
    let acc = 0;
    weights.forEach((w, i) => (this.cum[i] = acc += w));
    for (let i = 0; i < this.cum.length; i++) this.cum[i]! /= acc;
    if (this.cum.length) this.cum[this.cum.length - 1] = 1;
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

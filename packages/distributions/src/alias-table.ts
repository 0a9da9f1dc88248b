/**
 * Walker/Vose alias tables: O(1) draws from a discrete distribution over n outcomes (host activity, server
 * popularity). Built once per run into two typed arrays; a draw is one multiply, one compare and at most one
 * extra table read — no search, no objects — so a million-host population costs the same per draw as ten.
 */

/** Vose's construction: `prob[i]` is the chance of keeping column i, `alias[i]` the outcome otherwise. */
export class AliasTable {
  readonly n: number;
  readonly prob: Float64Array;
  readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('an alias table needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`alias table weight ${i} is ${w}; weights must be finite and ≥ 0`);
      total += w;
    }
    if (!(total > 0)) throw new Error('alias table weights sum to 0');
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n), large = new Int32Array(n);
    let ns = 0, nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      if (scaled[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!, l = large[nl - 1]!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // what is left is 1 up to rounding
    while (nl > 0) {
      const l = large[--nl]!;
      this.prob[l] = 1;
      this.alias[l] = l;
    }
    while (ns > 0) {
      const s = small[--ns]!;
      this.prob[s] = 1;
      this.alias[s] = s;
    }
  }

  /** The outcome for a column uniform `u` ∈ [0, 1) and an independent coin `v` ∈ [0, 1). */
  pick(u: number, v: number): number {
    const i = Math.floor(u * this.n);
    return v < this.prob[i]! ? i : this.alias[i]!;
  }

  /** Exact probability of outcome i under this table (for tests and documentation). */
  probability(i: number): number {
    let p = this.prob[i]!;
    for (let j = 0; j < this.n; j++) if (this.alias[j] === i && j !== i) p += 1 - this.prob[j]!;
    return p / this.n;
  }
}

/** Zipf weights k^-s for ranks 1..n. */
export const zipfWeights = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.pow(k + 1, -s));

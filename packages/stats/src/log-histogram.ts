/**
 * A mergeable histogram with logarithmic buckets (relative width 1 %): quantiles of packets, bytes and
 * durations to within ±0.5 % relative, in constant memory whatever the flow count. Each bucket also sums its
 * values, so "share of bytes in the top x % of flows" is exact except inside the one bucket the cut falls in.
 */
const GAMMA = 1.01;
const LOG_GAMMA = Math.log(GAMMA);
/** buckets cover [1, 2^64): value 0 has its own count */
const BUCKETS = Math.ceil((64 * Math.LN2) / LOG_GAMMA) + 1;
/** the bucket of every integer below 2^16 (most packet and byte counts), computed with the same formula */
const SMALL = Uint16Array.from({ length: 65536 }, (_, v) => (v < 1 ? 0 : Math.floor(Math.log(v) / LOG_GAMMA)));

/**
 * The bucket of a value ≥ 1: floor(log(v) / log(1.01)), from the table for small integers. (A table for
 * integers up to 2^32 — leading bits, then a correction — was no faster than Math.log and was dropped.)
 */
export const bucketIndex = (v: number): number => (v < 65536 && v === (v | 0) ? SMALL[v]! : Math.floor(Math.log(v) / LOG_GAMMA));

export class LogHistogram {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: LogHistogram): LogHistogram {
    return Object.setPrototypeOf(o, LogHistogram.prototype) as LogHistogram;
  }

  readonly counts = new Float64Array(BUCKETS);
  readonly sums = new Float64Array(BUCKETS);
  zeros = 0;
  n = 0;
  total = 0;
  min = Infinity;
  max = -Infinity;

  add(v: number): void {
    this.n++;
    this.total += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v < 1) {
      this.zeros++;
      return;
    }
    const i = bucketIndex(v);
    this.counts[i]!++;
    this.sums[i]! += v;
  }

  merge(o: LogHistogram): void {
    for (let i = 0; i < BUCKETS; i++) {
      this.counts[i]! += o.counts[i]!;
      this.sums[i]! += o.sums[i]!;
    }
    this.zeros += o.zeros;
    this.n += o.n;
    this.total += o.total;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
  }

  /** the q-quantile (0 ≤ q ≤ 1): the geometric middle of the bucket holding it, clamped to [min, max] */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = q * (this.n - 1);
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen > rank) return Math.min(this.max, Math.max(this.min, Math.pow(GAMMA, i + 0.5)));
    }
    return this.max;
  }

  /** share of the total held by the largest `fraction` of values (e.g. 0.01: the top 1 % of flows) */
  topShare(fraction: number): number {
    if (this.total <= 0) return 0;
    let want = fraction * this.n;
    let sum = 0;
    for (let i = BUCKETS - 1; i >= 0 && want > 0; i--) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      const take = Math.min(c, want);
      sum += (this.sums[i]! / c) * take;
      want -= take;
    }
    return sum / this.total;
  }
}

/**
 * Time of day for the flow clock (config section `time_profile`). The arrival process stays a homogeneous
 * Poisson (or constant) process in "operational time" τ at the mean rate the bandwidth sets; this module maps
 * τ to real time through the inverse of the cumulative intensity Λ(t) = ∫ λ(s)/λ̄ ds, a piecewise-linear
 * function built from the profile's bins. That time change turns it into an inhomogeneous Poisson process with
 * rate λ(t) whose average over the profile's period is still the bandwidth's rate — and because τ comes from
 * the same per-chunk streams as before and the map is a pure function, flows stay byte-identical for any
 * thread count or shard and a shorter run stays a prefix of a longer one.
 *
 * Profiles: 24 hourly weights (a day, hour 0 = 00:00 UTC), 168 (a week, hour 0 = Monday 00:00 UTC), or
 * Gaussian components over the day like the event generator's gmm_temporal (discretised per minute).
 */
import { ConfigError } from '@flowgen/core';

/**
 * The `time_profile` section as decoded (its Schema is in flow-config.ts: this module runs in worker threads,
 * which must not load Effect).
 */
export interface TimeProfileSection {
  readonly hourly?: ReadonlyArray<number>;
  readonly components?: ReadonlyArray<{ readonly mu: number; readonly sigma: number; readonly weight: number }>;
  readonly baseline?: number;
}

export const HOUR_NS = 3600e9;
export const DAY_NS = 24 * HOUR_NS;
const WEEK_NS = 7 * DAY_NS;
/** 1970-01-01 was a Thursday: the first Monday 00:00 UTC is 4 days after the epoch */
const FIRST_MONDAY_NS = 4n * 86_400_000_000_000n;
const GMM_BINS = 1440;

/** Plain numbers for the plan (structured-cloneable). */
export interface TimeProfilePlan {
  /** relative rate per bin, normalised to mean 1 over the period */
  readonly weights: ReadonlyArray<number>;
  readonly binNs: number;
  readonly periodNs: number;
  /** where in the period the run starts (ns after the period's start) */
  readonly startPhaseNs: number;
}

/** Checks and normalises `time_profile`; the start time places the run in the day or week. */
export const resolveTimeProfile = (t: TimeProfileSection, source: string, startNs: bigint): TimeProfilePlan => {
  let raw: number[];
  if (t.hourly !== undefined) {
    if (t.components !== undefined) throw new ConfigError(source, 'time_profile', 'give either hourly weights or components, not both');
    if (t.baseline !== undefined) throw new ConfigError(source, 'time_profile.baseline', 'baseline goes with components; hourly weights are the whole profile');
    if (t.hourly.length !== 24 && t.hourly.length !== 168) {
      throw new ConfigError(source, 'time_profile.hourly', `needs 24 weights (a day) or 168 (a week, from Monday 00:00 UTC), got ${t.hourly.length}`);
    }
    t.hourly.forEach((w, i) => {
      if (w < 0) throw new ConfigError(source, `time_profile.hourly[${i}]`, `weights are relative rates and must be ≥ 0, got ${w}`);
    });
    raw = [...t.hourly];
  } else if (t.components !== undefined) {
    if (t.components.length === 0) throw new ConfigError(source, 'time_profile.components', 'needs at least one component');
    t.components.forEach((c, i) => {
      if (!(c.mu >= 0 && c.mu < 24)) throw new ConfigError(source, `time_profile.components[${i}].mu`, `is the hour of day of the peak, within [0, 24), got ${c.mu}`);
      if (!(c.sigma > 0 && c.sigma <= 24)) throw new ConfigError(source, `time_profile.components[${i}].sigma`, `is the spread in hours, within (0, 24], got ${c.sigma}`);
      if (!(c.weight >= 0)) throw new ConfigError(source, `time_profile.components[${i}].weight`, `must be ≥ 0, got ${c.weight}`);
    });
    const base = t.baseline ?? 0;
    if (!(base >= 0)) throw new ConfigError(source, 'time_profile.baseline', `must be ≥ 0, got ${base}`);
    raw = Array.from({ length: GMM_BINS }, (_, b) => {
      const h = ((b + 0.5) * 24) / GMM_BINS;
      let m = base;
      for (const c of t.components!) for (const off of [-24, 0, 24]) m += c.weight * Math.exp(-0.5 * ((h - c.mu + off) / c.sigma) ** 2);
      return m;
    });
  } else {
    throw new ConfigError(source, 'time_profile', 'needs hourly (24 or 168 weights) or components');
  }
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  if (!(mean > 0)) throw new ConfigError(source, t.hourly ? 'time_profile.hourly' : 'time_profile.components', 'the profile is zero everywhere; at least one weight must be > 0');
  const periodNs = raw.length === 168 ? WEEK_NS : DAY_NS;
  const epoch = raw.length === 168 ? FIRST_MONDAY_NS : 0n;
  let phase = (startNs - epoch) % BigInt(periodNs);
  if (phase < 0n) phase += BigInt(periodNs);
  return { weights: raw.map((w) => w / mean), binNs: periodNs / raw.length, periodNs, startPhaseNs: Number(phase) };
};

/**
 * τ ↔ real-time offsets for one run. `offsetAt` is for the hot loop: arrivals come in increasing τ inside a
 * chunk, so the current linear segment is cached and a new one is found by binary search only on leaving it.
 */
export class TimeWarp {
  /** cumulative τ at the start of each bin (length bins + 1, last = period) */
  private readonly cum: Float64Array;
  private readonly w: Float64Array;
  private readonly binNs: number;
  private readonly periodNs: number;
  private readonly startPhaseNs: number;
  /** τ of the run start measured from the start of its period */
  private readonly phaseTau: number;
  private segStart = 0;
  private segEnd = -1;
  private segT0 = 0;
  private segInvW = 0;

  constructor(p: TimeProfilePlan) {
    const n = p.weights.length;
    this.w = Float64Array.from(p.weights);
    this.cum = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.cum[i + 1] = this.cum[i]! + this.w[i]! * p.binNs;
    this.cum[n] = p.periodNs;
    this.binNs = p.binNs;
    this.periodNs = p.periodNs;
    this.startPhaseNs = p.startPhaseNs;
    this.phaseTau = this.tauInPeriod(p.startPhaseNs);
  }

  private tauInPeriod(t: number): number {
    const h = Math.min(this.w.length - 1, Math.floor(t / this.binNs));
    return this.cum[h]! + (t - h * this.binNs) * this.w[h]!;
  }

  /** Forgets the cached segment: called at the start of every chunk, so a chunk's times never depend on which
   * chunks the same thread generated before (the cache would agree anyway, up to rounding at a boundary). */
  reset(): void {
    this.segStart = 0;
    this.segEnd = -1;
  }

  /** τ (ns of mean-rate time) of a real offset from the run start: Λ(offset) */
  tauAt(offsetNs: number): number {
    const t = this.startPhaseNs + offsetNs;
    const q = Math.floor(t / this.periodNs);
    return q * this.periodNs + this.tauInPeriod(t - q * this.periodNs) - this.phaseTau;
  }

  /** The real offset from the run start at operational time τ ≥ 0: Λ⁻¹(τ). */
  offsetAt(tau: number): number {
    const T = this.phaseTau + tau;
    if (T >= this.segEnd || T < this.segStart) this.seek(T);
    return this.segT0 + (T - this.segStart) * this.segInvW - this.startPhaseNs;
  }

  private seek(T: number): void {
    const P = this.periodNs, cum = this.cum;
    const q = Math.floor(T / P);
    let rem = T - q * P;
    if (rem >= P) rem = P * (1 - Number.EPSILON);
    // the last bin whose cumulative start is ≤ rem: its end is > rem, so zero-rate bins are never chosen
    let lo = 0, hi = this.w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cum[mid]! <= rem) lo = mid;
      else hi = mid - 1;
    }
    this.segStart = q * P + cum[lo]!;
    this.segEnd = q * P + cum[lo + 1]!;
    this.segT0 = q * P + lo * this.binNs;
    this.segInvW = 1 / this.w[lo]!;
  }
}

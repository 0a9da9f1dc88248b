/**
 * The event generator's distributions (constant, uniform, exponential, normal, gmm_temporal) plus every
 * distribution in the registry (lognormal, pareto, zipf … and plugins), compiled once into samplers.
 * Uniform follows the documents, not the Python quirk: integers are inclusive [min, max]; floats, delays
 * and timestamps are [min, max). gmm_temporal needs the clock (interarrival, delays, timers only):
 * exponential(mean / M(now)) where M sums the day's Gaussian components around the hour of day.
 */
import { ConfigError, parseIsoInstant, validateOptions, type Registry, type Rng } from '@flowgen/core';

/** What the sample is for: an integer value, a real value, an index into a list, a clock delay, a timestamp (µs). */
export type DistMode = 'int' | 'real' | 'index' | 'delay' | 'time';

export interface EventDist {
  /** int/real/index/delay: the value (delays in seconds); time: µs since the epoch */
  sample(rng: Rng, nowUs: number): number;
  /** the only value it can produce (constant), for value-space checks */
  readonly constant?: number;
  /** [lo, hi] for an integer uniform (value-space checks) */
  readonly intRange?: readonly [number, number];
}

/** Collects problems with their JSON path instead of stopping at the first (for --validate). */
export interface Problems {
  readonly source: string;
  error(path: string, message: string): void;
  warning(path: string, message: string): void;
}

export interface DistContext {
  readonly problems: Problems;
  readonly registry?: Registry;
  /** minutes east of UTC of the run's start (-s): gmm hours are local to it */
  readonly tzOffsetMin: number;
}

/** Longest delay or interarrival (seconds): 366 days. A longer wait would leave the run polling for years. */
export const MAX_DELAY_S = 366 * 86_400;

const IEG_TYPES = ['constant', 'uniform', 'exponential', 'normal', 'gmm_temporal'];
/** config shape checks shared by the events modules */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const NEVER: EventDist = { sample: () => 0 };

interface GmmComponent { readonly mu: number; readonly sigma: number; readonly weight: number }

/** M(now): Σ weight·exp(−½((h − μ + k·24)/σ)²) over k ∈ {−1, 0, 1}, on the nearest defined weekday at or before today. */
export const gmmMultiplier = (days: ReadonlyArray<ReadonlyArray<GmmComponent> | undefined>, nowUs: number, tzOffsetMin: number): number => {
  const local = nowUs / 1000 + tzOffsetMin * 60_000;
  const d = new Date(local);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  let iso = ((d.getUTCDay() + 6) % 7) + 1; // ISO weekday 1 = Monday
  let comps = days[iso];
  for (let k = 0; k < 7 && comps === undefined; k++) {
    iso = iso === 1 ? 7 : iso - 1;
    comps = days[iso];
  }
  let m = 0;
  for (const c of comps ?? []) {
    let best = 0;
    for (const off of [-24, 0, 24]) best = Math.max(best, c.weight * Math.exp(-0.5 * ((h - c.mu + off) / c.sigma) ** 2));
    m += best;
  }
  return m;
};

/** Parses a gmm `days` block ({"1".."7": [{utc_hour, sigma, weight}]}) into components by ISO weekday. */
export const compileGmmDays = (days: unknown, prefix: string, p: Problems): Array<GmmComponent[] | undefined> => {
  const out: Array<GmmComponent[] | undefined> = [];
  const path = prefix ? `${prefix}.days` : 'days';
  if (!isObj(days) || Object.keys(days).length === 0) {
    p.error(path, 'must be an object with day keys "1" (Monday) … "7" (Sunday)');
    return out;
  }
  for (const [k, comps] of Object.entries(days)) {
    const day = Number(k);
    if (!Number.isInteger(day) || day < 1 || day > 7) p.error(`${path}.${k}`, 'day keys are 1 (Monday) … 7 (Sunday)');
    else if (!Array.isArray(comps) || comps.length === 0) p.error(`${path}.${k}`, 'must be a non-empty list of {utc_hour, sigma, weight}');
    else {
      out[day] = comps.map((c, i) => {
        const at = `${path}.${k}[${i}]`;
        if (!isObj(c) || !num(c.utc_hour) || !num(c.sigma) || !num(c.weight)) {
          p.error(at, 'needs numeric utc_hour, sigma and weight');
          return { mu: 0, sigma: 1, weight: 0 };
        }
        if (c.sigma <= 0) p.error(`${at}.sigma`, `must be > 0, got ${c.sigma}`);
        return { mu: c.utc_hour, sigma: c.sigma > 0 ? c.sigma : 1, weight: c.weight };
      });
    }
  }
  return out;
};

export const compileDistribution = (spec: unknown, path: string, mode: DistMode, ctx: DistContext): EventDist => {
  const p = ctx.problems;
  if (!isObj(spec)) {
    p.error(path, 'must be a distribution object such as {"type": "uniform", "min": 0, "max": 10}');
    return NEVER;
  }
  if (typeof spec.type !== 'string') {
    p.error(`${path}.type`, 'missing distribution type');
    return NEVER;
  }
  const type = spec.type.toLowerCase();
  // timestamps take ISO date-times where other modes take numbers
  const value = (key: string, required = true): number | undefined => {
    const v = spec[key];
    if (v === undefined) {
      if (required) p.error(`${path}.${key}`, 'is required');
      return undefined;
    }
    if (mode === 'time' && key !== 'stddev') {
      const us = typeof v === 'string' ? parseIsoInstant(v) : undefined;
      if (us === undefined) p.error(`${path}.${key}`, `must be an ISO-8601 date-time such as "2024-01-01T00:00:00Z", got ${JSON.stringify(v)}`);
      return us;
    }
    if (!num(v)) {
      p.error(`${path}.${key}`, `must be a number, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };
  const scale = mode === 'time' ? 1e6 : 1; // stddev / mean spans in seconds → µs for timestamps
  /** delays are seconds within [0, MAX_DELAY_S] */
  const delayRange = (lo: number, hi: number, key?: string): void => {
    const at = key ? `${path}.${key}` : path;
    if (lo < 0) p.error(at, `a delay cannot be negative, got ${lo} s`);
    else if (hi > MAX_DELAY_S) p.error(at, `a delay is at most ${MAX_DELAY_S} s (366 days), got ${hi} s`);
  };

  switch (type) {
    case 'constant': {
      if (spec.value === undefined) {
        p.error(`${path}.value`, 'is required');
        return NEVER;
      }
      const v = value('value') ?? 0;
      if (mode === 'delay') delayRange(v, v);
      return { sample: () => v, constant: v };
    }
    case 'uniform': {
      const min = value('min'), max = value('max');
      if (min === undefined || max === undefined) return NEVER;
      if (min > max) p.error(path, `min (${spec.min}) must be ≤ max (${spec.max})`);
      else if (mode === 'delay') delayRange(min, max);
      if ((mode === 'int' || mode === 'index') && Number.isInteger(min) && Number.isInteger(max)) {
        const span = max - min + 1;
        return { sample: (rng) => min + Math.floor(rng.float() * span), intRange: [min, max] };
      }
      const span = max - min;
      return { sample: (rng) => min + rng.float53() * span };
    }
    case 'exponential': {
      if (mode === 'time') {
        p.error(`${path}.type`, 'timestamps take constant, uniform or normal (an exponential needs a numeric mean)');
        return NEVER;
      }
      const mean = value('mean');
      if (mean === undefined) return NEVER;
      if (mean <= 0) p.error(`${path}.mean`, `must be > 0, got ${mean}`);
      else if (mode === 'delay') delayRange(mean, mean, 'mean');
      return { sample: (rng) => mean * rng.exponential() };
    }
    case 'normal': {
      const mean = value('mean');
      const sd = spec.stddev;
      if (!num(sd) || sd <= 0) {
        p.error(`${path}.stddev`, `must be a number > 0, got ${JSON.stringify(sd)}`);
        return NEVER;
      }
      if (mean === undefined) return NEVER;
      if (mode === 'delay') delayRange(mean, mean, 'mean');
      const s = sd * scale;
      return { sample: (rng) => mean + s * rng.normal() };
    }
    case 'gmm_temporal': {
      if (mode !== 'delay') {
        p.error(`${path}.type`, 'gmm_temporal needs the clock: use it for interarrival, delays and timers only');
        return NEVER;
      }
      const mean = value('mean');
      if (mean !== undefined && mean <= 0) p.error(`${path}.mean`, `must be > 0, got ${mean}`);
      else if (mean !== undefined) delayRange(mean, mean, 'mean');
      const days = compileGmmDays(spec.days, path, p);
      const m0 = mean ?? 1;
      return {
        sample: (rng, now) => {
          const m = gmmMultiplier(days, now, ctx.tzOffsetMin);
          return (m0 / (m > 0 ? m : 0.001)) * rng.exponential();
        },
      };
    }
    default: {
      const c = ctx.registry?.find('distribution', type);
      if (!c) {
        const more = ctx.registry ? ctx.registry.names('distribution').filter((n) => !IEG_TYPES.includes(n)) : [];
        p.error(`${path}.type`, `unknown distribution "${spec.type}" (known: ${[...IEG_TYPES, ...more].join(', ')})`);
        return NEVER;
      }
      if (mode === 'time') {
        p.error(`${path}.type`, 'timestamps take constant, uniform or normal');
        return NEVER;
      }
      const options = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'type' && !k.startsWith('_')));
      const checked = c.options ? validateOptions(c.options, options) : { ok: true as const, value: options };
      if (!checked.ok) {
        p.error(`${path}${checked.path ? `.${checked.path}` : ''}`, `${checked.problem} (distribution "${c.name}" from ${c.source})`);
        return NEVER;
      }
      try {
        const sampler = (require(c.module) as { createSampler: (o: Record<string, unknown>) => { sample(rng: Rng): number } }).createSampler(checked.value as Record<string, unknown>);
        return { sample: (rng) => sampler.sample(rng) };
      } catch (e) {
        throw new ConfigError(p.source, path, `distribution "${c.name}" from ${c.source} failed to load: ${(e as Error).message}`);
      }
    }
  }
};

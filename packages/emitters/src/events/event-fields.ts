/**
 * Field generators (the event generator's "dimensions"): clock, timestamp, string, int, float, enum, counter,
 * ipaddress, variable, object, list, constant, string:static, int:static, and `field` contributions from the
 * registry. Compiled once; `value()` is the per-record path. Where the Python implementation and its
 * documents disagree the documents win: percent_nulls yields null, float precision rounds, object and list
 * work, ipaddress takes {"type": "cidr", "value": "10.0.0.0/16"}, enum takes probabilities, counter `step`
 * means increment, int rounds. Cardinality pools hold K distinct values drawn at startup; a K larger than the
 * value space is an error, never a hang.
 */
import { ConfigError, Instant, INSTANT_UNITS, parseCidr, validateOptions, type InstantUnit, type Rng } from '@flowgen/core';
import { WeightedTable } from '@flowgen/distributions';
import { compileDistribution, isObj, num, type DistContext, type EventDist } from './event-distribution';

export type Value = number | string | boolean | null | Instant | Value[] | { [k: string]: Value };

/** What a generator reads per call: the run's random stream, the clock, the actor's variables. */
export interface FieldRuntime {
  readonly rng: Rng;
  nowUs: number;
  vars: Value[] | undefined;
}

export interface FieldGen {
  readonly name: string;
  readonly type: string;
  /** probabilities (0…1) that the key is left out / that the value is null */
  readonly pMissing: number;
  readonly pNull: number;
  /** variable dimensions: the slot they read */
  readonly slot?: number;
  value(rt: FieldRuntime): Value;
}

export interface FieldContext extends DistContext {
  /** the startup stream pools are drawn from (config order, like the Python generator) */
  readonly poolRng: Rng;
  /** variable name → slot */
  slotOf(name: string): number;
}

/** Python's string.printable: digits, letters, punctuation, whitespace — the default `chars`. */
export const PRINTABLE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c';

/** Longest string a `string` field may draw, most elements of a `list`, largest cardinality pool. */
export const MAX_STRING_LENGTH = 1_000_000;
export const MAX_LIST_LENGTH = 10_000;
export const MAX_CARDINALITY = 1_000_000;

export const FIELD_TYPES = ['clock', 'timestamp', 'string', 'int', 'float', 'enum', 'counter', 'ipaddress', 'variable', 'object', 'list', 'constant', 'string:static', 'int:static'];
const POOL_TYPES = new Set(['timestamp', 'string', 'int', 'float', 'ipaddress', 'object', 'list']);

const ip = (v: number): string => {
  const x = v >>> 0;
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
};

/** int(sample) clamped to [0, n − 1]: how index distributions pick from lists. */
const index = (d: EventDist, rt: FieldRuntime, n: number): number => {
  const i = Math.trunc(d.sample(rt.rng, rt.nowUs));
  return i < 0 ? 0 : i >= n ? n - 1 : i;
};

const key = (v: Value): string => (typeof v === 'object' && v !== null ? (v instanceof Instant ? `t${v.us}` : `j${JSON.stringify(v)}`) : `${typeof v}${String(v)}`);

/**
 * Compiles one generator. `where`: an emitter dimension, a state variable (no `variable` type, never missing)
 * or a nested object/list member.
 */
export const compileField = (spec: unknown, path: string, ctx: FieldContext, where: 'dimension' | 'variable' | 'nested'): FieldGen | undefined => {
  const p = ctx.problems;
  if (!isObj(spec)) {
    p.error(path, 'must be an object with name and type');
    return undefined;
  }
  const name = typeof spec.name === 'string' ? spec.name : '';
  if (where !== 'nested' && name === '') p.error(`${path}.name`, 'is required');
  if (typeof spec.type !== 'string') {
    p.error(`${path}.type`, `missing type (one of: ${FIELD_TYPES.join(', ')})`);
    return undefined;
  }
  const type = spec.type.toLowerCase();
  const percent = (k: string): number => {
    const v = spec[k];
    if (v === undefined) return 0;
    if (!num(v) || v < 0 || v > 100) {
      p.error(`${path}.${k}`, `must be a percentage within [0, 100], got ${JSON.stringify(v)}`);
      return 0;
    }
    return where === 'variable' ? 0 : v / 100; // variables are always set
  };
  const pMissing = percent('percent_missing');
  const pNull = percent('percent_nulls');
  const dist = (k: string, mode: Parameters<typeof compileDistribution>[2]): EventDist | undefined => {
    if (spec[k] === undefined) {
      p.error(`${path}.${k}`, 'is required');
      return undefined;
    }
    return compileDistribution(spec[k], `${path}.${k}`, mode, ctx);
  };
  /** the member fields of an object (`dimensions`) or list (`elements`) */
  const nested = (k: 'dimensions' | 'elements'): FieldGen[] | undefined => {
    const list = spec[k];
    if (!Array.isArray(list) || list.length === 0) {
      p.error(`${path}.${k}`, 'must be a non-empty list of fields');
      return undefined;
    }
    return list.map((m, i) => compileField(m, `${path}.${k}[${i}]`, ctx, 'nested')).filter((m): m is FieldGen => m !== undefined);
  };
  const make = (value: (rt: FieldRuntime) => Value, extra: Partial<FieldGen> = {}): FieldGen => ({ name, type, pMissing, pNull, value, ...extra });
  /** a length distribution: a known largest value above `max` is refused here, a larger sample when drawn */
  const lengthOf = (k: string, max: number): { d: EventDist; draw: (rt: FieldRuntime) => number } | undefined => {
    const d = dist(k, 'int');
    if (!d) return undefined;
    const hi = d.constant ?? d.intRange?.[1];
    if (hi !== undefined && hi > max) p.error(`${path}.${k}`, `lengths are at most ${max}, got ${hi}`);
    const source = p.source;
    const draw = (rt: FieldRuntime): number => {
      const n = Math.round(d.sample(rt.rng, rt.nowUs));
      if (n > max || n !== n) throw new ConfigError(source, `${path}.${k}`, `drew a length of ${n}; lengths are at most ${max}`);
      return n;
    };
    return { d, draw };
  };

  let raw: ((rt: FieldRuntime) => Value) | undefined;
  let space: number | undefined; // distinct values the raw generator can produce, when known
  // clock and timestamp: how they print (ISO-8601 by default; "unit": "ns" gives the flow engine's integer ns)
  const unit = (spec.unit ?? 'iso') as InstantUnit;
  if (!INSTANT_UNITS.includes(unit)) p.error(`${path}.unit`, `must be one of ${INSTANT_UNITS.join(', ')}, got ${JSON.stringify(spec.unit)}`);
  switch (type) {
    case 'clock':
      return make((rt) => new Instant(rt.nowUs, unit));
    case 'variable': {
      if (where !== 'dimension') {
        p.error(`${path}.type`, 'a variable dimension copies a state variable: it belongs in an emitter, not in state variables');
        return undefined;
      }
      if (typeof spec.variable !== 'string') {
        p.error(`${path}.variable`, 'is required (the state variable to copy)');
        return undefined;
      }
      const slot = ctx.slotOf(spec.variable);
      return make((rt) => rt.vars?.[slot] ?? null, { slot });
    }
    case 'constant':
    case 'string:static':
    case 'int:static': {
      const v = spec.value;
      if (v === undefined) p.error(`${path}.value`, 'is required');
      if (type === 'string:static' && typeof v !== 'string') p.error(`${path}.value`, `must be a string, got ${JSON.stringify(v)}`);
      if (type === 'int:static' && !Number.isInteger(v)) p.error(`${path}.value`, `must be an integer, got ${JSON.stringify(v)}`);
      const c = (v ?? null) as Value;
      return make(() => c);
    }
    case 'counter': {
      const start = spec.start ?? 0;
      const inc = spec.increment ?? spec.step ?? 1;
      if (!num(start)) p.error(`${path}.start`, `must be a number, got ${JSON.stringify(start)}`);
      if (!num(inc)) p.error(`${path}.${spec.increment === undefined ? 'step' : 'increment'}`, `must be a number, got ${JSON.stringify(inc)}`);
      let next = num(start) ? start : 0;
      const step = num(inc) ? inc : 1;
      return make(() => {
        const v = next;
        next += step;
        return v;
      });
    }
    case 'enum': {
      const values = spec.values;
      if (!Array.isArray(values) || values.length === 0) {
        p.error(`${path}.values`, 'must be a non-empty list');
        return undefined;
      }
      const vs = values as Value[];
      if (spec.probabilities !== undefined) {
        const ps = spec.probabilities;
        if (!Array.isArray(ps) || ps.length !== vs.length || !ps.every((x) => num(x) && x >= 0)) {
          p.error(`${path}.probabilities`, `must be ${vs.length} non-negative numbers, one per value`);
          return undefined;
        }
        const total = (ps as number[]).reduce((a, b) => a + b, 0);
        if (Math.abs(total - 1) > 0.01) p.error(`${path}.probabilities`, `sum to ${+total.toFixed(6)}, must be 1 (±0.01)`);
        const table = new WeightedTable(ps as number[]);
        return make((rt) => vs[table.pick(rt.rng)]!);
      }
      const d = dist('cardinality_distribution', 'index');
      if (!d) return undefined;
      if (d.intRange && d.intRange[1] > vs.length - 1) p.warning(`${path}.cardinality_distribution.max`, `${d.intRange[1]} is past the last index ${vs.length - 1}: the last value gets the extra weight`);
      return make((rt) => vs[index(d, rt, vs.length)]!);
    }
    case 'int': {
      const d = dist('distribution', 'int');
      if (!d) return undefined;
      raw = (rt) => Math.round(d.sample(rt.rng, rt.nowUs));
      space = d.constant !== undefined ? 1 : d.intRange ? d.intRange[1] - d.intRange[0] + 1 : undefined;
      break;
    }
    case 'float': {
      const d = dist('distribution', 'real');
      if (!d) return undefined;
      const prec = spec.precision;
      if (prec !== undefined && (!Number.isInteger(prec) || (prec as number) < 0)) p.error(`${path}.precision`, `must be an integer ≥ 0, got ${JSON.stringify(prec)}`);
      const f = prec === undefined ? 0 : 10 ** (prec as number);
      raw = f ? (rt) => Math.round(d.sample(rt.rng, rt.nowUs) * f) / f : (rt) => d.sample(rt.rng, rt.nowUs);
      space = d.constant !== undefined ? 1 : undefined;
      break;
    }
    case 'timestamp': {
      const d = dist('distribution', 'time');
      if (!d) return undefined;
      raw = (rt) => new Instant(Math.floor(d.sample(rt.rng, rt.nowUs)), unit);
      space = d.constant !== undefined ? 1 : undefined;
      break;
    }
    case 'ipaddress': {
      const spec2 = spec.distribution;
      if (isObj(spec2) && typeof spec2.type === 'string' && spec2.type.toLowerCase() === 'cidr') {
        let base = 0, size = 1;
        try {
          const c = parseCidr(String(spec2.value));
          base = c.base;
          size = c.size;
        } catch (e) {
          p.error(`${path}.distribution.value`, (e as Error).message);
        }
        raw = (rt) => ip(base + Math.floor(rt.rng.float() * size));
        space = size;
      } else {
        const d = dist('distribution', 'int');
        if (!d) return undefined;
        raw = (rt) => ip(Math.trunc(d.sample(rt.rng, rt.nowUs)));
        space = d.constant !== undefined ? 1 : d.intRange ? d.intRange[1] - d.intRange[0] + 1 : undefined;
      }
      break;
    }
    case 'string': {
      const length = lengthOf('length_distribution', MAX_STRING_LENGTH);
      if (!length) return undefined;
      const draw = length.draw;
      const chars = spec.chars ?? PRINTABLE;
      if (typeof chars !== 'string' || chars.length === 0) {
        p.error(`${path}.chars`, 'must be a non-empty string of the characters to draw from');
        return undefined;
      }
      const cs = [...chars];
      raw = (rt) => {
        const len = draw(rt);
        let s = '';
        for (let i = 0; i < len; i++) s += cs[Math.floor(rt.rng.float() * cs.length)]!;
        return s;
      };
      if (length.d.constant !== undefined) space = cs.length ** Math.max(0, Math.round(length.d.constant));
      break;
    }
    case 'object': {
      const members = nested('dimensions');
      if (!members) return undefined;
      raw = (rt) => {
        const o: { [k: string]: Value } = {};
        for (const m of members) {
          if (m.pMissing > 0 && rt.rng.float() < m.pMissing) continue;
          o[m.name] = m.pNull > 0 && rt.rng.float() < m.pNull ? null : m.value(rt);
        }
        return o;
      };
      break;
    }
    case 'list': {
      const elements = nested('elements');
      if (!elements) return undefined;
      const len = lengthOf('length_distribution', MAX_LIST_LENGTH);
      const sel = dist('selection_distribution', 'index');
      if (!len || !sel) return undefined;
      const draw = len.draw;
      raw = (rt) => {
        const n = Math.max(0, draw(rt));
        const out: Value[] = [];
        for (let i = 0; i < n; i++) out.push(elements[index(sel, rt, elements.length)]!.value(rt));
        return out;
      };
      break;
    }
    default: {
      const c = ctx.registry?.find('field', type);
      if (!c) {
        const more = ctx.registry?.names('field') ?? [];
        p.error(`${path}.type`, `unknown field type "${spec.type}" (known: ${[...FIELD_TYPES, ...more].join(', ')})`);
        return undefined;
      }
      const options = Object.fromEntries(Object.entries(spec).filter(([k]) => !['name', 'type', 'percent_missing', 'percent_nulls', 'cardinality', 'cardinality_distribution'].includes(k) && !k.startsWith('_')));
      const checked = c.options ? validateOptions(c.options, options) : { ok: true as const, value: options };
      if (!checked.ok) {
        p.error(`${path}${checked.path ? `.${checked.path}` : ''}`, `${checked.problem} (field type "${c.name}" from ${c.source})`);
        return undefined;
      }
      const gen = (require(c.module) as { createField: (o: unknown) => { value(rng: Rng, nowUs: number): Value } }).createField(checked.value);
      raw = (rt) => gen.value(rt.rng, rt.nowUs);
      break;
    }
  }

  // cardinality pools
  const k = spec.cardinality ?? 0;
  if (!Number.isInteger(k) || (k as number) < 0) {
    p.error(`${path}.cardinality`, `must be an integer ≥ 0, got ${JSON.stringify(k)}`);
    return make(raw);
  }
  if (k === 0 || !POOL_TYPES.has(type) && !ctx.registry?.find('field', type)) return make(raw);
  const pick = dist('cardinality_distribution', 'index');
  if (!pick) return make(raw);
  const K = k as number;
  if (K > MAX_CARDINALITY) {
    p.error(`${path}.cardinality`, `at most ${MAX_CARDINALITY} distinct values, got ${K}`);
    return make(raw);
  }
  if (space !== undefined && K > space) {
    p.error(`${path}.cardinality`, `${K} distinct values asked for, but this field can only produce ${space}`);
    return make(raw);
  }
  const pool: Value[] = [];
  const seen = new Set<string>();
  const rt: FieldRuntime = { rng: ctx.poolRng, nowUs: 0, vars: undefined };
  const maxDraws = 20 * K + 1000;
  for (let draws = 0; pool.length < K && draws < maxDraws; draws++) {
    const v = raw(rt);
    const id = key(v);
    if (!seen.has(id)) {
      seen.add(id);
      pool.push(v);
    }
  }
  if (pool.length < K) {
    p.error(`${path}.cardinality`, `${K} distinct values asked for, but ${maxDraws} draws found only ${pool.length}: the distribution cannot produce that many`);
    return make(raw);
  }
  return make((rt2) => pool[index(pick, rt2, K)]!);
};

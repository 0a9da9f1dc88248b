/**
 * Options schemas for contributions: a small JSON-Schema subset, kept as plain data so a plugin's package.json
 * can carry it and a worker can check it without loading Effect. `validateOptions` fills defaults and reports
 * the first problem with its path.
 */
export interface OptionsSchema {
  readonly type?: 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object';
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: ReadonlyArray<unknown>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly items?: OptionsSchema;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, OptionsSchema>>;
  readonly required?: ReadonlyArray<string>;
  readonly additionalProperties?: boolean;
}

export type OptionsResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly path: string; readonly problem: string };

const typeOf = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

export const validateOptions = (schema: OptionsSchema, value: unknown, path = ''): OptionsResult => {
  if (value === undefined) value = structuredClone(schema.default);
  if (value === undefined) return { ok: true, value };
  const t = typeOf(value);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      if (t !== 'number' || !Number.isFinite(value as number)) return { ok: false, path, problem: `expected a number, got ${JSON.stringify(value)}` };
      const n = value as number;
      if (schema.type === 'integer' && !Number.isInteger(n)) return { ok: false, path, problem: `expected an integer, got ${n}` };
      if (schema.minimum !== undefined && n < schema.minimum) return { ok: false, path, problem: `must be ≥ ${schema.minimum}, got ${n}` };
      if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) return { ok: false, path, problem: `must be > ${schema.exclusiveMinimum}, got ${n}` };
      if (schema.maximum !== undefined && n > schema.maximum) return { ok: false, path, problem: `must be ≤ ${schema.maximum}, got ${n}` };
      break;
    }
    case 'string':
    case 'boolean':
      if (t !== schema.type) return { ok: false, path, problem: `expected a ${schema.type}, got ${JSON.stringify(value)}` };
      break;
    case 'array': {
      if (t !== 'array') return { ok: false, path, problem: `expected a list, got ${JSON.stringify(value)}` };
      const arr = value as unknown[];
      if (schema.minItems !== undefined && arr.length < schema.minItems) return { ok: false, path, problem: `needs at least ${schema.minItems} item(s)` };
      if (schema.items) {
        const out: unknown[] = [];
        for (let i = 0; i < arr.length; i++) {
          const r = validateOptions(schema.items, arr[i], join(path, i));
          if (!r.ok) return r;
          out.push(r.value);
        }
        value = out;
      }
      break;
    }
    case 'object': {
      if (t !== 'object') return { ok: false, path, problem: `expected a mapping, got ${JSON.stringify(value)}` };
      const obj = value as Record<string, unknown>;
      const props = schema.properties ?? {};
      if (schema.additionalProperties === false) {
        for (const k of Object.keys(obj)) {
          if (!(k in props)) return { ok: false, path: join(path, k), problem: `unknown option (allowed: ${Object.keys(props).join(', ') || 'none'})` };
        }
      }
      for (const k of schema.required ?? []) {
        if (obj[k] === undefined && props[k]?.default === undefined) return { ok: false, path: join(path, k), problem: 'is required' };
      }
      const out: Record<string, unknown> = { ...obj };
      for (const [k, sub] of Object.entries(props)) {
        const r = validateOptions(sub, obj[k], join(path, k));
        if (!r.ok) return r;
        if (r.value !== undefined) out[k] = r.value;
      }
      value = out;
      break;
    }
    default:
      break;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    return { ok: false, path, problem: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}` };
  }
  return { ok: true, value };
};

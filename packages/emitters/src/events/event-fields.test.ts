/** Every field type and distribution, through the engine, with fixed seeds and stated tolerances. */
import { Instant, Registry } from '@flowgen/core';
import * as path from 'node:path';
import { errorsOf, oneState, run, us } from './event-test-support';

const N = 20_000;
const values = (dim: Record<string, unknown>, n = N, registry?: Registry) => run(oneState([{ name: 'v', ...dim }]), { records: n, maxActive: 1, registry }).map((r) => r.fields.v);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('distributions', () => {
  it('uniform: integers inclusive [min, max], floats [min, max)', () => {
    const ints = values({ type: 'int', cardinality: 0, distribution: { type: 'uniform', min: 3, max: 7 } }) as number[];
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]));
    for (let v = 3; v <= 7; v++) expect(Math.abs(ints.filter((x) => x === v).length / N - 0.2)).toBeLessThan(0.015);
    const floats = values({ type: 'float', cardinality: 0, distribution: { type: 'uniform', min: 0, max: 1 } }) as number[];
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(Math.abs(mean(floats) - 0.5)).toBeLessThan(0.01);
  });

  it('exponential and normal: mean and spread within 3%', () => {
    const e = values({ type: 'float', cardinality: 0, distribution: { type: 'exponential', mean: 4 } }) as number[];
    expect(Math.abs(mean(e) / 4 - 1)).toBeLessThan(0.03);
    const g = values({ type: 'float', cardinality: 0, distribution: { type: 'normal', mean: 10, stddev: 2 } }) as number[];
    expect(Math.abs(mean(g) - 10)).toBeLessThan(0.06);
    expect(Math.abs(sd(g) / 2 - 1)).toBeLessThan(0.03);
    expect(values({ type: 'int', cardinality: 0, distribution: { type: 'constant', value: 7 } }, 10)).toEqual(Array(10).fill(7));
  });

  it('registry distributions (lognormal) work in fields', () => {
    const registry = new Registry();
    registry.addPackage(path.join(__dirname, '..', '..', '..', 'distributions'));
    const xs = values({ type: 'float', cardinality: 0, distribution: { type: 'lognormal', median: 100, sigma: 0.5 } }, N, registry) as number[];
    const sorted = [...xs].sort((a, b) => a - b);
    expect(Math.abs(sorted[N / 2]! / 100 - 1)).toBeLessThan(0.03);
    expect(errorsOf(oneState([{ name: 'v', type: 'float', cardinality: 0, distribution: { type: 'lognormal', median: -1, sigma: 0.5 } }]), { registry })[0]).toMatch(/^emitters\[0\]\.dimensions\[0\]\.distribution\.median: .*\(distribution "lognormal" from @flowgen\/distributions\)$/);
  });
});

describe('field types', () => {
  it('int rounds, float precision rounds, ipaddress formats and honours CIDR blocks', () => {
    expect(values({ type: 'int', cardinality: 0, distribution: { type: 'constant', value: 2.6 } }, 1)).toEqual([3]);
    const f = values({ type: 'float', cardinality: 0, precision: 2, distribution: { type: 'uniform', min: 0, max: 10 } }, 200) as number[];
    expect(f.every((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9)).toBe(true);
    expect(values({ type: 'ipaddress', cardinality: 0, distribution: { type: 'constant', value: 167772161 } }, 1)).toEqual(['10.0.0.1']);
    const ips = values({ type: 'ipaddress', cardinality: 0, distribution: { type: 'cidr', value: '192.168.4.0/22' } }, 2000) as string[];
    expect(ips.every((x) => /^192\.168\.[4-7]\.\d+$/.test(x))).toBe(true);
    expect(new Set(ips.map((x) => x.split('.')[2])).size).toBe(4);
  });

  it('enum by index distribution and by probabilities', () => {
    const byIndex = values({ type: 'enum', values: ['a', 'b', 'c'], cardinality_distribution: { type: 'uniform', min: 0, max: 2 } }) as string[];
    for (const v of ['a', 'b', 'c']) expect(Math.abs(byIndex.filter((x) => x === v).length / N - 1 / 3)).toBeLessThan(0.015);
    const byP = values({ type: 'enum', values: [1, 'x', null], probabilities: [0.7, 0.2, 0.1] });
    expect(Math.abs(byP.filter((x) => x === 1).length / N - 0.7)).toBeLessThan(0.015);
    expect(Math.abs(byP.filter((x) => x === null).length / N - 0.1)).toBeLessThan(0.01);
  });

  it('counter: start, increment (or step), shared by every worker', () => {
    expect(values({ type: 'counter', start: 10, increment: 5 }, 4)).toEqual([10, 15, 20, 25]);
    expect(values({ type: 'counter', start: 1, step: 2 }, 3)).toEqual([1, 3, 5]);
    const many = run(oneState([{ name: 'c', type: 'counter' }]), { records: 500, maxActive: 50 }).map((r) => r.fields.c);
    expect(many).toEqual([...Array(500).keys()]);
  });

  it('string: length distribution and character set', () => {
    const s = values({ type: 'string', cardinality: 0, chars: 'ab', length_distribution: { type: 'uniform', min: 2, max: 4 } }, 1000) as string[];
    expect(s.every((x) => /^[ab]{2,4}$/.test(x))).toBe(true);
    expect(new Set(s.map((x) => x.length))).toEqual(new Set([2, 3, 4]));
  });

  it('constant, string:static, int:static, clock, timestamp between ISO bounds', () => {
    expect(values({ type: 'constant', value: { a: [1] } }, 1)).toEqual([{ a: [1] }]);
    expect(values({ type: 'string:static', value: 'x' }, 1)).toEqual(['x']);
    expect(values({ type: 'int:static', value: 3 }, 1)).toEqual([3]);
    const recs = run(oneState([{ name: 't', type: 'clock' }]), { records: 3, maxActive: 1 });
    expect(recs.map((r) => us(r.fields.t!))).toEqual(recs.map((r) => r.at));
    const ts = values({ type: 'timestamp', cardinality: 0, distribution: { type: 'uniform', min: '2020-01-01T00:00:00Z', max: '2020-01-02T00:00:00Z' } }, 2000) as Instant[];
    const lo = Date.UTC(2020, 0, 1) * 1000;
    expect(ts.every((t) => t.us >= lo && t.us < lo + 86400e6)).toBe(true);
  });

  it('object and list build nested values', () => {
    const o = values({ type: 'object', cardinality: 0, dimensions: [{ name: 'a', type: 'int:static', value: 1 }, { name: 'b', type: 'enum', values: ['x'], cardinality_distribution: { type: 'constant', value: 0 } }] }, 1);
    expect(o).toEqual([{ a: 1, b: 'x' }]);
    const l = values({ type: 'list', cardinality: 0, elements: [{ type: 'int:static', value: 1 }, { type: 'int:static', value: 2 }], length_distribution: { type: 'uniform', min: 1, max: 3 }, selection_distribution: { type: 'uniform', min: 0, max: 1 } }, 500) as number[][];
    expect(l.every((x) => x.length >= 1 && x.length <= 3 && x.every((v) => v === 1 || v === 2))).toBe(true);
  });

  it('percent_missing drops the key, percent_nulls writes null (5σ)', () => {
    const recs = run(oneState([{ name: 'm', type: 'int:static', value: 1, percent_missing: 30 }, { name: 'z', type: 'int:static', value: 1, percent_nulls: 20 }]), { records: N, maxActive: 1 });
    const missing = recs.filter((r) => !('m' in r.fields)).length / N;
    const nulls = recs.filter((r) => r.fields.z === null).length / N;
    expect(Math.abs(missing - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / N));
    expect(Math.abs(nulls - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / N));
  });
});

describe('cardinality pools', () => {
  it('draws K distinct values once; records only ever use them', () => {
    const v = values({ type: 'int', cardinality: 10, cardinality_distribution: { type: 'uniform', min: 0, max: 9 }, distribution: { type: 'uniform', min: 0, max: 1000000 } }, 5000) as number[];
    expect(new Set(v).size).toBe(10);
  });

  it('a K larger than the value space is an error, never a hang', () => {
    expect(errorsOf(oneState([{ name: 'v', type: 'int', cardinality: 20, cardinality_distribution: { type: 'uniform', min: 0, max: 19 }, distribution: { type: 'uniform', min: 0, max: 9 } }]))).toEqual([
      'emitters[0].dimensions[0].cardinality: 20 distinct values asked for, but this field can only produce 10',
    ]);
    expect(errorsOf(oneState([{ name: 'v', type: 'float', cardinality: 3, cardinality_distribution: { type: 'constant', value: 0 }, distribution: { type: 'constant', value: 1.5 } }]))[0]).toMatch(/cardinality: 3 distinct values asked for, but this field can only produce 1$/);
    expect(errorsOf(oneState([{ name: 'v', type: 'string', cardinality: 5, chars: 'ab', cardinality_distribution: { type: 'constant', value: 0 }, length_distribution: { type: 'uniform', min: 1, max: 1 } }]))[0]).toMatch(/cardinality: 5 distinct values asked for, but \d+ draws found only 2/);
  });
});

describe('size limits (validated before anything is drawn)', () => {
  const dim = (d: Record<string, unknown>) => oneState([{ name: 'v', ...d }]);
  it('cardinality, string and list lengths', () => {
    expect(errorsOf(dim({ type: 'int', cardinality: 1e9, cardinality_distribution: { type: 'uniform', min: 0, max: 9 }, distribution: { type: 'uniform', min: 0, max: 2e9 } }))).toEqual(['emitters[0].dimensions[0].cardinality: at most 1000000 distinct values, got 1000000000']);
    expect(errorsOf(dim({ type: 'string', length_distribution: { type: 'constant', value: 1e9 } }))).toEqual(['emitters[0].dimensions[0].length_distribution: lengths are at most 1000000, got 1000000000']);
    expect(errorsOf(dim({ type: 'list', elements: [{ type: 'int:static', value: 1 }], length_distribution: { type: 'uniform', min: 0, max: 1e9 }, selection_distribution: { type: 'constant', value: 0 } }))).toEqual(['emitters[0].dimensions[0].length_distribution: lengths are at most 10000, got 1000000000']);
  });
  it('a length drawn past the limit fails the run naming the field', () => {
    expect(() => values({ type: 'string', length_distribution: { type: 'normal', mean: 5e6, stddev: 1 } }, 1)).toThrow('test.json: emitters[0].dimensions[0].length_distribution: drew a length of ');
  });
});

import { Rng } from '@flowgen/core';
import { LogHistogram } from '../log-histogram';
import { jsd, numericDistance, topShare } from './fidelity-metrics';

const histogram = (values: Iterable<number>): LogHistogram => {
  const h = new LogHistogram();
  for (const v of values) h.add(v);
  return h;
};

/** EMD between two equal-size samples: mean absolute difference of the sorted values */
const exactEmd = (a: number[], b: number[]): number => {
  const x = [...a].sort((p, q) => p - q), y = [...b].sort((p, q) => p - q);
  return x.reduce((s, v, i) => s + Math.abs(v - y[i]!), 0) / x.length;
};

describe('Jensen–Shannon divergence', () => {
  it('is 0 for the same distribution, 1 for disjoint ones, and matches a hand computation', () => {
    expect(jsd([3, 1, 0], [30, 10, 0])).toBe(0);
    expect(jsd([1, 0], [0, 1])).toBe(1);
    // m = (0.75, 0.25): KL(p‖m) = log2(4/3), KL(q‖m) = ½·log2(2/3) + ½·log2(2)
    expect(jsd([1, 0], [1, 1])).toBeCloseTo((Math.log2(4 / 3) + 0.5 * Math.log2(2 / 3) + 0.5) / 2, 12);
    expect(jsd([1, 2, 3], [1, 2])).toBeCloseTo(jsd([1, 2, 3], [1, 2, 0]), 15);
  });
});

describe('EMD and KS on log histograms', () => {
  it('identical data: 0 and 0', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => 1 + (i % 977) * 13);
    expect(numericDistance(histogram(xs), histogram(xs))).toEqual({ ks: 0, emd: 0, emdNormalized: 0 });
  });

  it('two constants: KS 1 and EMD their distance within the 1 % bucket width', () => {
    const d = numericDistance(histogram(Array(100).fill(1000)), histogram(Array(300).fill(5000)));
    expect(d.ks).toBe(1);
    expect(Math.abs(d.emd - 4000) / 4000).toBeLessThan(0.02);
  });

  it('lognormal samples: EMD within 2 % of the exact sample EMD, KS against the exact two-sample statistic ±0.01', () => {
    const rng = Rng.stream(7);
    const a = Array.from({ length: 20000 }, () => Math.exp(6 + rng.normal()));
    const b = Array.from({ length: 20000 }, () => Math.exp(6.3 + 1.2 * rng.normal()));
    const d = numericDistance(histogram(a), histogram(b));
    expect(Math.abs(d.emd - exactEmd(a, b)) / exactEmd(a, b)).toBeLessThan(0.02);
    const sa = [...a].sort((p, q) => p - q), sb = [...b].sort((p, q) => p - q);
    let ks = 0;
    for (let i = 0, j = 0; i < sa.length || j < sb.length;) {
      if (j >= sb.length || (i < sa.length && sa[i]! <= sb[j]!)) i++;
      else j++;
      ks = Math.max(ks, Math.abs(i / sa.length - j / sb.length));
    }
    expect(Math.abs(d.ks - ks)).toBeLessThan(0.01);
    expect(d.emdNormalized).toBeCloseTo(d.emd / (Math.max(...a) - Math.min(...a)), 12);
  });
});

it('topShare: the busiest fraction of a rank–frequency curve (at least one entry)', () => {
  const curve = Float64Array.from([50, 20, 10, 5, 5, 4, 3, 1, 1, 1]);
  expect(topShare(curve, 0.1)).toBeCloseTo(0.5, 12);
  expect(topShare(curve, 0.01)).toBeCloseTo(0.5, 12);
  expect(topShare(curve, 0.3)).toBeCloseTo(0.8, 12);
});

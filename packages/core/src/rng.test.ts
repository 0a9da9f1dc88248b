/** Rng streams: reproducible, independent per id path, and the right moments (1e6 draws, tolerances ≈ 5 σ). */
import { Rng } from './rng';

const N = 1_000_000;
const moments = (draw: () => number) => {
  let s = 0, s2 = 0;
  for (let i = 0; i < N; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / N;
  return { mean, variance: s2 / N - mean * mean };
};

test('same seed and ids give the same sequence; other ids or order give another', () => {
  const take = (r: Rng) => Array.from({ length: 8 }, () => r.nextU32());
  expect(take(Rng.stream(42n, 1, 2))).toEqual(take(Rng.stream(42n, 1, 2)));
  expect(take(Rng.stream(42n, 1, 2))).not.toEqual(take(Rng.stream(42n, 2, 1)));
  expect(take(Rng.stream(42n, 1))).not.toEqual(take(Rng.stream(43n, 1)));
  expect(take(Rng.stream(42, 7))).toEqual(take(Rng.stream(42n, 7n))); // number and bigint seeds agree
});

test('uniform draws: uint32 range, float in [0,1) with mean 1/2 and variance 1/12', () => {
  const r = Rng.stream(1n, 1);
  for (let i = 0; i < 10_000; i++) {
    const x = r.nextU32();
    if (!Number.isInteger(x) || x < 0 || x >= 2 ** 32) throw new Error(`nextU32 ${x}`);
  }
  const m = moments(() => r.float());
  expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.0015);
  expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.0005);
  for (let i = 0; i < 10_000; i++) {
    const x = r.int(3, 5);
    if (x < 3 || x > 5 || !Number.isInteger(x)) throw new Error(`int ${x}`);
  }
});

test('ziggurat normal: mean 0, variance 1, tails present', () => {
  const r = Rng.stream(2n, 1);
  let beyond3 = 0;
  const m = moments(() => {
    const x = r.normal();
    if (Math.abs(x) > 3) beyond3++;
    return x;
  });
  expect(Math.abs(m.mean)).toBeLessThan(0.005);
  expect(Math.abs(m.variance - 1)).toBeLessThan(0.007);
  // P(|Z| > 3) = 0.0026998: expect 2700 ± 5σ (σ ≈ 52)
  expect(Math.abs(beyond3 - 2700)).toBeLessThan(260);
});

test('ziggurat exponential: mean 1, variance 1', () => {
  const r = Rng.stream(3n, 1);
  const m = moments(() => r.exponential());
  expect(Math.abs(m.mean - 1)).toBeLessThan(0.005);
  expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
});

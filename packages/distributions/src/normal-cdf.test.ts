import { fastExp } from './fast-exp';
import { clampedLognormalMean } from './lognormal';
import { erf, normalCdf, normalQuantile } from './normal-cdf';

test('erf and Φ within their documented 1.5e-7, Φ⁻¹ within 1.2e-9 relative', () => {
  const close = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThan(tol);
  close(erf(0), 0, 1.5e-7);
  close(erf(1), 0.8427007929497149, 1.5e-7);
  close(erf(-0.5), -0.5204998778130465, 1.5e-7);
  close(normalCdf(1.959963984540054), 0.975, 1.5e-7);
  close(normalCdf(-3), 0.0013498980316301, 1.5e-7);
  for (const p of [1e-6, 0.001, 0.025, 0.3, 0.5, 0.9, 0.999999]) close(normalCdf(normalQuantile(p)), p, 1.5e-7);
  close(normalQuantile(0.975) / 1.959963984540054, 1, 1.2e-9);
  close(normalQuantile(0.001) / -3.090232306167813, 1, 1.2e-9);
});

test('fastExp is within 1e-6 relative of Math.exp over the range the kernels use', () => {
  let worst = 0;
  for (let x = -40; x <= 40; x += 0.0137) worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
  expect(worst).toBeLessThan(1e-6);
  expect(fastExp(800)).toBe(Math.exp(800)); // outside the table: falls back
});

test('clampedLognormalMean matches a numerical integral of the clamped variable', () => {
  const mu = Math.log(2500), sigma = 1.7, lo = 40, hi = 5e8;
  // E[min(max(X, lo), hi)] by integrating over z with the normal density
  let m = 0;
  const dz = 1e-4;
  for (let z = -12; z < 12; z += dz) {
    const x = Math.min(Math.max(Math.exp(mu + sigma * z), lo), hi);
    m += x * Math.exp(-0.5 * z * z) * dz;
  }
  m /= Math.sqrt(2 * Math.PI);
  expect(clampedLognormalMean(mu, sigma, lo, hi) / m).toBeCloseTo(1, 5);
});

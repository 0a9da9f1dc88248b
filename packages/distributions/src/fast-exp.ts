/**
 * exp(x) from tables: 2^x = 2^k · 2^f with 2^f interpolated linearly between 2049 knots (relative error
 * < 2e-8) — several times cheaper than Math.exp on the per-flow path, where samples are rounded to whole
 * bytes anyway. Falls back to Math.exp outside |x| < 44 (2^±63).
 */
const KNOTS = 2048;
const MANTISSA = new Float64Array(KNOTS + 1);
for (let i = 0; i <= KNOTS; i++) MANTISSA[i] = Math.pow(2, i / KNOTS);
const POW2 = new Float64Array(128);
for (let i = 0; i < 128; i++) POW2[i] = Math.pow(2, i - 64);

export const fastExp = (x: number): number => {
  const y = x * Math.LOG2E;
  if (!(y > -63 && y < 63)) return Math.exp(x);
  const k = Math.floor(y);
  const idx = (y - k) * KNOTS;
  const j = idx | 0;
  const lo = MANTISSA[j]!;
  return (lo + (idx - j) * (MANTISSA[j + 1]! - lo)) * POW2[k + 64]!;
};

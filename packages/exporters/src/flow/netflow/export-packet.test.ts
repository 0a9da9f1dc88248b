import { Rng } from '@flowgen/core';
import { ntp, NTP_UNIX_OFFSET, u64 } from './export-packet';

test('NTP fractions are rounded up so that floor(fraction · 1e9 / 2^32) gives the nanosecond back', () => {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  const rng = Rng.stream(6n);
  const nsecs = [0, 1, 788, 789, 1953125, 500000000, 999999999];
  for (let i = 0; i < 100_000; i++) nsecs.push(rng.nextU32() % 1e9);
  const bad: number[] = [];
  for (const nsec of nsecs) {
    ntp(out, 0, 1704067200, nsec);
    const s = view.getUint32(0), f = view.getUint32(4);
    const back = Number((BigInt(f) * 1_000_000_000n) >> 32n);
    if (s !== 1704067200 + NTP_UNIX_OFFSET || back !== nsec) bad.push(nsec);
  }
  expect(bad.slice(0, 5)).toEqual([]);
});

test('u64 writes integers up to 2^53 exactly', () => {
  const out = new Uint8Array(8);
  for (const v of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 78672691432]) {
    u64(out, 0, v);
    expect(new DataView(out.buffer).getBigUint64(0)).toBe(BigInt(v));
  }
});

/** The hand-written formatters against String(): exact digits for edge cases and 200 000 random values. */
import { Rng } from '@flowgen/core';
import { NsWriter, writeIp, writeNs, writeU32, writeUint } from './byte-writer';

const out = new Uint8Array(64);
const text = (end: number) => Buffer.from(out.subarray(0, end)).toString('latin1');

test('integers below 2^32 and 2^53, nanosecond timestamps and IPs print exactly', () => {
  const rng = Rng.stream(4n);
  const u32 = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 999999, 1000000, 123456789, 999999999, 1e9, 4294967295];
  for (let i = 0; i < 200_000; i++) u32.push(rng.nextU32() >>> (rng.nextU32() & 31));
  const problems: string[] = [];
  for (const v of u32) {
    if (text(writeU32(out, 0, v)) !== String(v)) problems.push(`u32 ${v}`);
    const ip = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    if (text(writeIp(out, 0, v)) !== ip) problems.push(`ip ${ip}`);
    const big = v * 2097151 + (v & 0xfffff); // spreads over [0, 2^53)
    if (text(writeUint(out, 0, big)) !== String(big)) problems.push(`uint ${big}`);
    const sec = v, nsec = (v * 7919) % 1e9;
    const want = (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();
    if (text(writeNs(out, 0, sec, nsec)) !== want) problems.push(`ns ${sec}.${nsec}`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  expect(text(writeUint(out, 0, 2 ** 53 - 1))).toBe('9007199254740991');
});

test('NsWriter (cached second) agrees with writeNs across second changes', () => {
  const w = new NsWriter();
  const cases: Array<[number, number]> = [[1704067200, 0], [1704067200, 999999999], [1704067201, 5], [1704067200, 7], [0, 42], [4294967295, 999999999]];
  for (const [sec, nsec] of cases) {
    const a = text(w.write(out, 0, sec, nsec));
    expect(a).toBe((BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString());
  }
});

/** The byte-level JSON lines encoder against JSON.stringify, value kind by value kind. */
import { Instant } from '@flowgen/core';
import { OutBuffer, type EventValue } from './event-encoder';
import { createEventJsonlEncoder } from './event-jsonl';

const encode = (rows: Array<Record<string, EventValue>>): string => {
  const out = new OutBuffer();
  const enc = createEventJsonlEncoder();
  for (const r of rows) enc.record(out, 0, Object.keys(r), Object.values(r), Object.keys(r).length);
  return Buffer.from(out.take()).toString('utf8');
};
/** the reference: JSON.stringify, with instants as their text (ISO string or epoch number) */
const reference = (rows: Array<Record<string, EventValue>>): string =>
  rows.map((r) => `${JSON.stringify(r, (_k, v) => (v instanceof Instant ? v.toJSON() : v))}\n`).join('');

describe('JSON lines encoder', () => {
  it('writes every value kind exactly as JSON.stringify would', () => {
    const rows: Array<Record<string, EventValue>> = [
      { a: 0, b: -17, c: 9007199254740991, d: -9007199254740991, e: 1e21, f: 0.1, g: -2.5e-7, h: 12345678901234567890 },
      { s: 'plain', u: 'ünïcödé ✓ "quoted" \\ back\nslash', long: 'x'.repeat(5000), empty: '' },
      { t: new Instant(1704067201500000), t0: new Instant(0), leap: new Instant(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000 + 999999), ns: new Instant(1704067201500001, 'ns'), ms: new Instant(1704067201500001, 'ms') },
      { n: null, yes: true, no: false, obj: { a: [1, 'x', null], b: { c: true } }, arr: [new Instant(5), 2] },
      { ['k'.repeat(3000)]: 1, ['é'.repeat(700)]: 'v'.repeat(61) },
      {},
    ];
    expect(encode(rows)).toBe(reference(rows));
  });

  it('NaN and infinities become null', () => {
    expect(encode([{ a: NaN, b: Infinity }])).toBe('{"a":null,"b":null}\n');
  });

  it('keeps going across buffer growth (many long records)', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ i, s: `row ${i} ${'y'.repeat(i % 700)}`, t: new Instant(i * 1e9) }));
    expect(encode(rows)).toBe(reference(rows));
  });
});

/**
 * Each flow encoder over a hand-built batch whose values cross second boundaries, 2^32 and 2^53 - 1, decoded
 * by an independent reader (JSON.parse with BigInt-safe timestamps, msgpackr, the CSV split) and compared with
 * the batch. Chunked encoding (index > 0) must continue the same document.
 */
import { FLOW_FIELDS, FlowBatch, uint32ToIp } from '@flowgen/core';
import { unpackMultiple } from 'msgpackr';
import type { CreateEncoder } from './flow-encoder';

const NAMES = ['web', 'dns'];
const rows: Array<[number, number, number, number, number, number, number, number, number, number, number, number]> = [
  // startSec, startNsec, endSec, endNsec, src, dst, sport, dport, proto, packets, bytes, flags
  [1704067200, 0, 1704067200, 0, 0, 4294967295, 0, 65535, 6, 1, 40, 2],
  [1704067200, 999999999, 1704067201, 1, 167772161, 3232235778, 49152, 443, 6, 2, 1500, 27],
  [1704067201, 123456789, 1704069000, 999999999, 1, 2, 53, 53, 17, 4294967296, 2 ** 53 - 1, 0],
  [4294967295, 999999999, 4294967295, 999999999, 3405803906, 168454089, 1, 80, 6, 300, 65536, 31],
];
const batch = (() => {
  const b = new FlowBatch(rows.length, NAMES);
  rows.forEach((r, i) => {
    [b.startSec[i], b.startNsec[i], b.endSec[i], b.endNsec[i], b.srcIp[i], b.dstIp[i], b.srcPort[i], b.dstPort[i], b.protocol[i], b.packets[i], b.bytes[i], b.tcpFlags[i]] = r;
    b.pattern[i] = i % 2;
  });
  b.length = rows.length;
  return b;
})();
const ns = (sec: number, nsec: number) => (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();
const expected = rows.map((r, i) => [ns(r[0], r[1]), ns(r[2], r[3]), uint32ToIp(r[4]), uint32ToIp(r[5]), r[6], r[7], r[8], r[9], r[10], r[11], NAMES[i % 2]]);

/** header + rows [0,2) as chunk 0 + rows [2,4) as a later chunk + trailer */
const encode = (name: string, header = true): Buffer => {
  const { createEncoder } = require(`./${name}`) as { createEncoder: CreateEncoder };
  const enc = createEncoder({ patternNames: NAMES, header });
  const out = new Uint8Array(rows.length * enc.maxRecordBytes);
  let pos = enc.encode(batch, 0, 2, out, 0, 0);
  pos = enc.encode(batch, 2, 4, out, pos, 16384);
  return Buffer.concat([enc.header(), out.subarray(0, pos), enc.trailer()]);
};
const bigJson = (t: string) => JSON.parse(t.replace(/("(?:start|end)_ns":\s*)(\d+)/g, '$1"$2"'));
const asRow = (o: Record<string, unknown>) => FLOW_FIELDS.map((f) => (f.endsWith('_ns') ? String(o[f]) : o[f]));

test('csv', () => {
  const lines = encode('csv').toString().trim().split('\n');
  expect(lines[0]).toBe(FLOW_FIELDS.join(','));
  expect(lines.slice(1).map((l) => l.split(','))).toEqual(expected.map((r) => r.map(String)));
  expect(encode('csv', false).toString().split('\n')[0]).toBe(expected[0]!.join(','));
});

test('jsonl', () => {
  expect(encode('jsonl').toString().trim().split('\n').map((l) => asRow(bigJson(l)))).toEqual(expected);
});

test.each(['json-array', 'json-pretty'])('%s: one array across chunks', (name) => {
  const text = encode(name).toString();
  expect(bigJson(text).map(asRow)).toEqual(expected);
  expect(text.endsWith('\n]\n')).toBe(true);
});

test('text: aligned columns', () => {
  const lines = encode('text').toString().trimEnd().split('\n');
  expect(lines[0]!.trim().split(/\s+/)).toEqual([...FLOW_FIELDS]);
  expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual(expected.map((r) => r.map(String)));
  // the first data rows hold no overlong values: the last column starts where the header's does
  const lastColumn = (l: string) => l.lastIndexOf(' ') + 1;
  expect(lastColumn(lines[1]!)).toBe(lastColumn(lines[0]!));
  expect(lastColumn(lines[2]!)).toBe(lastColumn(lines[0]!));
});

test('msgpack: header map, then arrays with uint64 timestamps and uint32 IPs', () => {
  const [header, ...records] = unpackMultiple(encode('msgpack')) as [Record<string, unknown>, ...unknown[][]];
  expect(header).toMatchObject({ format: 'flowgen-flows', version: 1, fields: [...FLOW_FIELDS] });
  // msgpackr returns uint64 as BigInt: compare as numbers (all exact below 2^53)
  expect(records.map((r) => [String(r[0]), String(r[1]), ...r.slice(2).map((x) => (typeof x === 'bigint' ? Number(x) : x))])).toEqual(
    rows.map((r, i) => [ns(r[0], r[1]), ns(r[2], r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], NAMES[i % 2]]),
  );
  expect(unpackMultiple(encode('msgpack', false))).toHaveLength(rows.length);
});

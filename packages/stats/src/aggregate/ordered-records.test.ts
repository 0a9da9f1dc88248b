/** OrderedRecords: the run sort and the merge of runs give the comparator order, across several runs. */
import { Rng } from '@flowgen/core';
import { OrderedRecords } from './ordered-records';

test.each([[0, 2], [2, 3]])('order by counter %i with %i key words equals a full sort, over several runs', (order, words) => {
  const stride = 3 + words, count = 150_000; // 65 536 per run: three runs, the last one short
  const rng = Rng.stream(BigInt(order + 7));
  const data = new Float64Array(count * stride);
  for (let i = 0; i < count; i++) {
    // few distinct counter values: most of the order comes from the key words
    for (let c = 0; c < 3; c++) data[i * stride + c] = rng.int(1, 20);
    for (let w = 0; w < words; w++) data[i * stride + 3 + w] = rng.int(0, 2 ** 20) * 2 ** 32 + rng.nextU32();
  }
  const records = Array.from({ length: count }, (_, i) => Array.from(data.subarray(i * stride, (i + 1) * stride)));
  records.sort((a, b) => b[order]! - a[order]! || a[3]! - b[3]! || (a[4] ?? 0) - (b[4] ?? 0) || (a[5] ?? 0) - (b[5] ?? 0));
  const next = new OrderedRecords(data, stride, count, order).cursor();
  const got: number[][] = [];
  for (let at = next(); at >= 0; at = next()) got.push(Array.from(data.subarray(at, at + stride)));
  expect(got).toEqual(records);
});

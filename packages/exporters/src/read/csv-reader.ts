/**
 * Reads `collect -o csv` (with its header row, or without one in our column order). With a header, columns
 * are found by name and any others are skipped — e.g. the `event` column of `generate -c tcp_flow_lifecycle`.
 */
import { FLOW_FIELDS, FlowBatch } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';
import { FIELD_RANGE, readHeaderRow, parseField } from './text-fields';

const MAX_LINE = 1 << 16;

/** `given`: the column order and count a reader of the file's first range found in its header */
export const openCsvReader = (file: BlockFile, given?: { order: ReadonlyArray<number>; columns: number }): FlowReader => {
  const patterns = new PatternIndex(file.path);
  // column index of each of our fields
  let order: ReadonlyArray<number> = given?.order ?? FLOW_FIELDS.map((_, i) => i);
  let columns = given?.columns ?? FLOW_FIELDS.length;
  file.ensure(MAX_LINE);
  if (!given && file.buf[file.pos]! >= 0x61) {
    ({ order, columns } = readHeaderRow(file, 'CSV header', (l) => l.replace(/\r$/, '').split(',')));
  }
  const fieldOf = new Int8Array(columns).fill(-1);
  order.forEach((col, f) => (fieldOf[col] = f));

  return readerOf('csv', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (file.ensure(MAX_LINE) === 0 || file.atLimit()) break;
      const buf = file.buf, end = file.end;
      const lineStart = file.pos;
      let p = lineStart;
      if (buf[p] === 10) {
        file.pos++;
        continue; // blank line
      }
      const bad = (what: string): never => {
        throw new ReadError(file.path, file.base + p, `${what} (line starting at byte ${file.base + lineStart})`);
      };
      for (let col = 0; col < columns; col++) {
        const f = fieldOf[col]!;
        if (f === 10) {
          const s = p;
          while (p < end && buf[p] !== 44 && buf[p] !== 10 && buf[p] !== 13) p++;
          b.pattern[n] = patterns.of(buf.toString('latin1', s, p), file.base + s);
        } else if (f >= 0) {
          const q = parseField(buf, p, end, f, b, n);
          if (q < 0) bad(`bad ${FLOW_FIELDS[f]}: expected ${FIELD_RANGE[f]}`);
          p = q;
        } else {
          while (p < end && buf[p] !== 44 && buf[p] !== 10) p++; // a column we do not read
        }
        const sep = col === columns - 1 ? 10 : 44;
        if (buf[p] === 13 && sep === 10) p++;
        if (p >= end) bad('truncated line');
        if (buf[p] !== sep) bad(sep === 10 ? 'expected the end of the line' : 'expected a comma');
        p++;
      }
      file.pos = p;
      b.length = ++n;
    }
    b.length = n;
    return n;
  }, order, columns);
};

/**
 * Reads `collect -o text`: aligned columns separated by spaces, with its header line (columns found by name,
 * others skipped) or without one in our column order. The values are the CSV ones, so the byte parsers are
 * shared (text-fields.ts).
 */
import { FLOW_FIELDS, FlowBatch } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';
import { FIELD_RANGE, readHeaderRow, parseField } from './text-fields';

const MAX_LINE = 1 << 16;

export const openTextReader = (file: BlockFile): FlowReader => {
  const patterns = new PatternIndex(file.path);
  let order: ReadonlyArray<number> = FLOW_FIELDS.map((_, i) => i);
  let columns: number = FLOW_FIELDS.length;
  file.ensure(MAX_LINE);
  let first = file.pos;
  while (first < file.end && file.buf[first] === 32) first++;
  if (file.buf[first]! >= 0x61 && file.buf[first]! <= 0x7a) {
    ({ order, columns } = readHeaderRow(file, 'header', (l) => l.trim().split(/\s+/)));
  }
  const fieldOf = new Int8Array(columns).fill(-1);
  order.forEach((col, f) => (fieldOf[col] = f));

  return readerOf('text', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (file.ensure(MAX_LINE) === 0 || file.atLimit()) break;
      const buf = file.buf, end = file.end;
      const lineStart = file.pos;
      let p = lineStart;
      while (p < end && (buf[p] === 32 || buf[p] === 13)) p++;
      if (p >= end || buf[p] === 10) {
        file.pos = p + 1; // blank line
        continue;
      }
      const bad = (what: string): never => {
        throw new ReadError(file.path, file.base + p, `${what} (line starting at byte ${file.base + lineStart})`);
      };
      for (let col = 0; col < columns; col++) {
        while (p < end && buf[p] === 32) p++;
        const f = fieldOf[col]!;
        const s = p;
        if (f >= 0 && f !== 10) {
          const q = parseField(buf, p, end, f, b, n);
          if (q < 0) bad(`bad ${FLOW_FIELDS[f]}: expected ${FIELD_RANGE[f]}`);
          p = q;
        } else while (p < end && buf[p] !== 32 && buf[p] !== 10 && buf[p] !== 13) p++;
        if (f === 10) b.pattern[n] = patterns.of(buf.toString('latin1', s, p), file.base + s);
        if (p >= end) bad('truncated line');
        if (col < columns - 1 && buf[p] !== 32) bad('expected a space');
      }
      while (p < end && (buf[p] === 32 || buf[p] === 13)) p++;
      if (p >= end) bad('truncated line');
      if (buf[p] !== 10) bad('expected the end of the line');
      file.pos = p + 1;
      b.length = ++n;
    }
    b.length = n;
    return n;
  }, order, columns);
};

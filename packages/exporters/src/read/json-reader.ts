/**
 * Reads `collect -o jsonl`, `-o json` and `-o json-pretty`: flat objects with our field names, one per line
 * or inside one array. A small hand-written scanner instead of JSON.parse: timestamps exceed 2^53 and must
 * stay exact, and no object per record is allocated. Unknown keys are skipped (string or number values).
 */
import { FLOW_FIELDS, FlowBatch } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';
import { FIELD_RANGE, parseField } from './text-fields';

const MAX_OBJECT = 1 << 16;
const KEYS = new Map<string, number>(FLOW_FIELDS.map((f, i) => [f, i]));

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export const openJsonReader = (file: BlockFile, array: boolean): FlowReader => {
  const patterns = new PatternIndex(file.path);
  let opened = !array;
  let closed = false;
  return readerOf(array ? 'json' : 'jsonl', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity && !closed) {
      file.ensure(MAX_OBJECT);
      const buf = file.buf, end = file.end;
      let p = file.pos;
      const fail = (what: string): never => {
        throw new ReadError(file.path, file.base + p, what);
      };
      // between objects: whitespace, and in an array its brackets and commas
      while (p < end && (isSpace(buf[p]) || (array && (buf[p] === 0x2c || (!opened && buf[p] === 0x5b && (opened = true)))))) p++;
      // a record belongs to the byte range its "{" is in
      if (file.base + p >= file.limit) {
        file.pos = p;
        break;
      }
      if (p >= end) {
        file.pos = p;
        if (array && opened) fail('truncated JSON array (no closing bracket)');
        break;
      }
      if (array && buf[p] === 0x5d) {
        closed = true;
        file.pos = p + 1;
        break;
      }
      if (buf[p] !== 0x7b) fail(`expected "{", found "${String.fromCharCode(buf[p]!)}"`);
      p++;
      let seen = 0;
      for (;;) {
        while (isSpace(buf[p])) p++;
        if (buf[p] === 0x7d) {
          p++;
          break;
        }
        if (buf[p] === 0x2c) {
          p++;
          continue;
        }
        if (p >= end) fail('truncated object');
        if (buf[p] !== 0x22) fail('expected a key');
        const k0 = ++p;
        while (p < end && buf[p] !== 0x22) p++;
        const f = KEYS.get(buf.toString('latin1', k0, p)) ?? -1;
        p++;
        while (isSpace(buf[p])) p++;
        if (buf[p] !== 0x3a) fail('expected ":"');
        p++;
        while (isSpace(buf[p])) p++;
        const quoted = buf[p] === 0x22;
        if (quoted) p++;
        const v0 = p;
        if (f === 10) {
          while (p < end && buf[p] !== 0x22) p++;
          b.pattern[n] = patterns.of(buf.toString('latin1', v0, p), file.base + v0);
        } else if (f >= 0) {
          p = parseField(buf, p, end, f, b, n);
          if (p < 0) (p = v0), fail(`bad ${FLOW_FIELDS[f]}: expected ${FIELD_RANGE[f]}`);
        } else {
          while (p < end && (quoted ? buf[p] !== 0x22 : buf[p] !== 0x2c && buf[p] !== 0x7d)) p++;
        }
        if (quoted) {
          if (buf[p] !== 0x22) fail('unterminated string');
          p++;
        }
        if (f >= 0) seen |= 1 << f;
      }
      if (seen !== (1 << FLOW_FIELDS.length) - 1) {
        const missing = FLOW_FIELDS.filter((_, i) => !(seen & (1 << i)));
        p = file.pos;
        fail(`record lacks ${missing.join(', ')}`);
      }
      file.pos = p;
      b.length = ++n;
    }
    b.length = n;
    return n;
  });
};

/** jsonl: one JSON object per line (the same objects as json). */
import type { FlowBatch } from '@flowgen/core';
import { EMPTY, type CreateEncoder } from './flow-encoder';
import type { TimeFormat } from '../json-time';
import { jsonRecordWriter } from './json-record';

export const createEncoder: CreateEncoder = (o) => {
  const rec = jsonRecordWriter(o.patternNames, null, o.settings?.time_format as TimeFormat | undefined);
  return {
    maxRecordBytes: rec.maxBytes + 1,
    header: () => EMPTY,
    trailer: () => EMPTY,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      for (let i = from; i < to; i++) {
        pos = rec.write(b, i, out, pos);
        out[pos++] = 10;
      }
      return pos;
    },
  };
};

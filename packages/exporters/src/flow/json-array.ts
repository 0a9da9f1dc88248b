/**
 * json and json-pretty: the whole run as one JSON array. The opening bracket is the header and the closing
 * one the trailer, and every record but the run's first is preceded by a comma, so chunks written by
 * different threads or shards still join into one valid document.
 */
import type { FlowBatch } from '@flowgen/core';
import { utf8, writeBytes } from '../byte-writer';
import type { CreateEncoder, EncoderOptions, FlowEncoder } from './flow-encoder';
import type { TimeFormat } from '../json-time';
import { jsonRecordWriter } from './json-record';

export const jsonArrayEncoder = (o: EncoderOptions, pretty: boolean): FlowEncoder => {
  const rec = jsonRecordWriter(o.patternNames, pretty ? '  ' : null, o.settings?.time_format as TimeFormat | undefined);
  const first = utf8(pretty ? '\n  ' : '\n');
  const next = utf8(pretty ? ',\n  ' : ',\n');
  const open = utf8('[');
  const close = utf8('\n]\n');
  return {
    maxRecordBytes: rec.maxBytes + next.length,
    // the brackets belong to the document, not to a header row: --no-header keeps them
    header: () => open,
    trailer: () => close,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number, index: number): number {
      for (let i = from; i < to; i++) {
        pos = writeBytes(out, pos, index === 0 && i === from ? first : next);
        pos = rec.write(b, i, out, pos);
      }
      return pos;
    },
  };
};

export const createEncoder: CreateEncoder = (o) => jsonArrayEncoder(o, false);

/**
 * Event records as msgpack: a header map {format: "flowgen-events", version, seed, …}, then one map per
 * record (keys in dimension order; times as ISO-8601 UTC strings). Any msgpack decoder reads the stream.
 */
import { Instant } from '@flowgen/core';
import { Packr } from 'msgpackr';
import type { EventEncoder, EventValue } from './event-encoder';

export const EVENTS_MSGPACK_FORMAT = 'flowgen-events';

const plain = (v: EventValue): unknown => (v instanceof Instant ? (v.unit === 'iso' ? v.iso() : v.unit === 'ns' ? BigInt(v.text()) : Number(v.text())) : Array.isArray(v) ? v.map(plain) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v);

export const createEventMsgpackEncoder = (meta: Record<string, unknown> | undefined): EventEncoder => {
  const packr = new Packr({ useRecords: false });
  return {
    header(out) {
      if (meta) out.raw(packr.pack({ format: EVENTS_MSGPACK_FORMAT, version: 1, ...meta }));
    },
    record(out, _e, names, values, n) {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) o[names[i]!] = plain(values[i]!);
      out.raw(packr.pack(o));
    },
  };
};

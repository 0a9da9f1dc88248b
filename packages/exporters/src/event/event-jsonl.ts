/**
 * Event records as JSON lines: keys in emitter dimension order, clock and timestamp values as ISO-8601 UTC
 * strings with microseconds, nested objects and lists as JSON, a missing field's key left out.
 */
import { Instant } from '@flowgen/core';
import type { EventEncoder, EventValue } from './event-encoder';

/** JSON text of short strings, memoised: most string values repeat (enums, pools, static fields) */
const strings = new Map<string, string>();
const jsonString = (s: string): string => {
  let j = strings.get(s);
  if (j === undefined) {
    j = JSON.stringify(s);
    if (s.length <= 64 && strings.size < 65536) strings.set(s, j);
  }
  return j;
};

const jsonValue = (v: EventValue): string => {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      if (v instanceof Instant) return v.unit === 'iso' ? `"${v.iso()}"` : v.text();
      return JSON.stringify(v);
  }
};

export const createEventJsonlEncoder = (): EventEncoder => {
  const keys = new Map<string, string>();
  const keyOf = (name: string): string => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = `${JSON.stringify(name)}:`));
    return k;
  };
  return {
    header: () => undefined,
    record(out, _e, names, values, n) {
      let s = '{';
      for (let i = 0; i < n; i++) s += (i ? ',' : '') + keyOf(names[i]!) + jsonValue(values[i]!);
      out.string(`${s}}\n`);
    },
  };
};

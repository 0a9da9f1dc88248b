/**
 * Event records as JSON lines: keys in emitter dimension order, clock and timestamp values as ISO-8601 UTC
 * strings with microseconds (or epoch integers with a `unit`), nested objects and lists as JSON, a missing
 * field's key left out. Written as bytes (keys and repeated strings pre-encoded, integers and ISO times
 * formatted digit by digit): building a string per record cost more than generating it.
 */
import { Instant } from '@flowgen/core';
import { writeBytes as writeBytesImport, writeUint as writeUintImport } from '../byte-writer';
import type { TimeFormat } from '../json-time';
import type { EventEncoder, EventValue } from './event-encoder';

const writeUint = writeUintImport;
const copy = writeBytesImport;

const NULL = Buffer.from('null');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
/** "00" … "99" */
const TWO = new Uint8Array(200);
for (let i = 0; i < 100; i++) (TWO[2 * i] = 48 + Math.floor(i / 10)), (TWO[2 * i + 1] = 48 + (i % 10));

/** JSON bytes of strings, memoised: most string values repeat (enums, pools, static fields) */
const stringBytes = new Map<string, Buffer>();
const jsonString = (s: string): Buffer => {
  let b = stringBytes.get(s);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(s));
    if (s.length <= 64 && stringBytes.size < 65536) stringBytes.set(s, b);
  }
  return b;
};

const two = (out: Buffer, pos: number, v: number): number => {
  out[pos] = TWO[2 * v]!;
  out[pos + 1] = TWO[2 * v + 1]!;
  return pos + 2;
};

/** "YYYY-MM-DD" bytes of the last day written (records of a run share days) */
let dayCached = NaN;
const dayBytes = Buffer.alloc(10);
const setDay = (day: number): void => {
  dayCached = day;
  dayBytes.write(new Date(day * 86400000).toISOString().slice(0, 10), 'latin1');
};

/** "YYYY-MM-DDTHH:MM:SS.ffffffZ" with quotes; the same text as Instant.iso() */
const writeIso = (out: Buffer, pos: number, us: number): number => {
  const sec = Math.floor(us / 1e6);
  const frac = us - sec * 1e6;
  const day = Math.floor(sec / 86400);
  if (day !== dayCached) setDay(day);
  out[pos++] = 34;
  for (let i = 0; i < 10; i++) out[pos + i] = dayBytes[i]!;
  pos += 10;
  out[pos++] = 84; // T
  const r = sec - day * 86400;
  const h = Math.floor(r / 3600);
  const mi = Math.floor((r - h * 3600) / 60);
  pos = two(out, pos, h);
  out[pos++] = 58;
  pos = two(out, pos, mi);
  out[pos++] = 58;
  pos = two(out, pos, r - h * 3600 - mi * 60);
  out[pos++] = 46;
  const a = Math.floor(frac / 10000);
  const b = Math.floor(frac / 100) - a * 100;
  pos = two(out, pos, a);
  pos = two(out, pos, b);
  pos = two(out, pos, frac - a * 10000 - b * 100);
  out[pos++] = 90; // Z
  out[pos++] = 34;
  return pos;
};

/** µs → ns */
const THOUSAND = Buffer.from('000');

/** a value's JSON, for the rare kinds written through a string */
const textOf = (v: EventValue): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : v instanceof Instant ? v.text() : JSON.stringify(v));

/** `timeFormat`: clock values as ISO 8601 (`iso`, the event generator's own form, µs), or ns as a JSON integer or string (json-time.ts) */
export const createEventJsonlEncoder = (timeFormat: TimeFormat = 'iso'): EventEncoder => {
  const keys = new Map<string, Buffer>();
  const keyOf = (name: string): Buffer => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = Buffer.from(`${JSON.stringify(name)}:`)));
    return k;
  };
  return {
    header: () => undefined,
    record(o, _e, names, values, n) {
      for (let i = 0; i < n; i++) {
        const key = keyOf(names[i]!);
        // room for the separator, the key and any number, ISO time or constant (≤ 30 bytes); longer strings reserve their own
        let pos = o.reserve(key.length + 64);
        const out = o.bytes;
        out[pos++] = i === 0 ? 123 : 44;
        pos = copy(out, pos, key);
        const v = values[i]!;
        if (typeof v === 'string') {
          const b = jsonString(v);
          if (b.length > 60) {
            o.advance(pos);
            pos = o.reserve(b.length);
          }
          pos = copy(o.bytes, pos, b);
        } else if (typeof v === 'number' && Number.isInteger(v) && v < 9007199254740992 && v > -9007199254740992) {
          if (v < 0) out[pos++] = 45;
          pos = writeUint(out, pos, v < 0 ? -v : v);
        } else if (v instanceof Instant && v.unit === 'iso') {
          if (timeFormat === 'iso') pos = writeIso(out, pos, v.us);
          else {
            if (timeFormat === 'string') out[pos++] = 34;
            pos = writeUint(out, pos, v.us);
            pos = copy(out, pos, THOUSAND);
            if (timeFormat === 'string') out[pos++] = 34;
          }
        } else if (v === null) {
          pos = copy(out, pos, NULL);
        } else if (typeof v === 'boolean') {
          pos = copy(out, pos, v ? TRUE : FALSE);
        } else {
          o.advance(pos);
          o.string(textOf(v));
          continue;
        }
        o.advance(pos);
      }
      if (n === 0) o.string('{}\n');
      else o.string('}\n');
    },
  };
};

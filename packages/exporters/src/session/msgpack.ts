/**
 * Sessions as msgpack: a header map {format: "flowgen-sessions", version, fields, seed, workflow, …} (so the
 * ground truth travels with the data: `sessions learn` uses it), then one 11-element array per API call in
 * SESSION_FIELDS order: strings, status as uint16, response_time_ms as float64, timestamp as uint64 ns,
 * injected as a boolean, attempt, params as a map (or nil). Written by hand; any msgpack decoder reads it.
 */
import { SESSION_FIELDS, type SessionBatch } from '@flowgen/core';
import { Packr } from 'msgpackr';
import { writeBytes as writeBytesImport } from '../byte-writer';
import { Ns64Writer } from '../msgpack-writer';
import { longest, MAX_ID_DIGITS, writeSessionId as writeSessionIdImport, writeUserId as writeUserIdImport, type CreateSessionEncoder } from './session-encoder';

export const SESSIONS_MSGPACK_FORMAT = 'flowgen-sessions';
export const SESSIONS_MSGPACK_VERSION = 1;

const writeBytes = writeBytesImport;
const writeSessionId = writeSessionIdImport;
const writeUserId = writeUserIdImport;

const ARRAY = 0x90 | SESSION_FIELDS.length;

export const createSessionEncoder: CreateSessionEncoder = (o) => {
  const packr = new Packr({ useRecords: false });
  const pack = (v: unknown): Uint8Array => new Uint8Array(packr.pack(v));
  const userTypes = o.tables.userTypes.map(pack);
  const endpoints = o.tables.endpoints.map(pack);
  const methods = o.tables.methods.map(pack);
  const params = [new Uint8Array([0xc0]), ...o.tables.params.map(pack)];
  const header = o.header ? pack({ format: SESSIONS_MSGPACK_FORMAT, version: SESSIONS_MSGPACK_VERSION, fields: [...SESSION_FIELDS], ...(o.meta ?? {}) }) : new Uint8Array(0);
  const ts = new Ns64Writer();
  let view: DataView | undefined;
  return {
    maxRowBytes: 1 + 2 * (2 + MAX_ID_DIGITS) + longest(userTypes) + longest(endpoints) + longest(methods) + 3 + 9 + 9 + 1 + 1 + longest(params),
    header: () => header,
    encode(b: SessionBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      if (view === undefined || view.buffer !== out.buffer || view.byteOffset !== out.byteOffset) view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const dv = view;
      const { user, session, userType, endpoint, method, status, responseUs, sec, nsec, injected, attempt, param } = b;
      for (let i = from; i < to; i++) {
        const u = user[i]!;
        out[pos++] = ARRAY;
        // session_id and user_id as fixstr (< 32 bytes: "u" + 16 digits + "-s" + 10 digits): lengths patched after
        let start = pos;
        pos = writeSessionId(out, pos + 1, u, session[i]!);
        out[start] = 0xa0 | (pos - start - 1);
        start = pos;
        pos = writeUserId(out, pos + 1, u);
        out[start] = 0xa0 | (pos - start - 1);
        pos = writeBytes(out, pos, userTypes[userType[i]!]!);
        pos = writeBytes(out, pos, endpoints[endpoint[i]!]!);
        pos = writeBytes(out, pos, methods[method[i]!]!);
        const st = status[i]!;
        out[pos] = 0xcd;
        out[pos + 1] = st >>> 8;
        out[pos + 2] = st & 255;
        out[pos + 3] = 0xcb;
        dv.setFloat64(pos + 4, responseUs[i]! / 1000);
        pos = ts.write(out, pos + 12, sec[i]!, nsec[i]!);
        out[pos++] = injected[i] === 1 ? 0xc3 : 0xc2;
        out[pos++] = attempt[i]!;
        pos = writeBytes(out, pos, params[param[i]!]!);
      }
      return pos;
    },
  };
};

/**
 * Sessions as JSON lines: one object per API call, fields in SESSION_FIELDS order; timestamps are integer ns
 * (or strings: the timeFormat option),
 * response times ms with three decimals, params an object (or null).
 */
import type { SessionBatch } from '@flowgen/core';
import { utf8, writeBytes as writeBytesImport, writeU32 as writeU32Import } from '../byte-writer';
import { JsonTimeWriter, MAX_TIME_BYTES } from '../json-time';
import { longest, MAX_ID_DIGITS, writeMs3 as writeMs3Import, writeSessionId as writeSessionIdImport, writeUserId as writeUserIdImport, type CreateSessionEncoder } from './session-encoder';

const writeBytes = writeBytesImport;
const writeU32 = writeU32Import;
const writeMs3 = writeMs3Import;
const writeSessionId = writeSessionIdImport;
const writeUserId = writeUserIdImport;

const K = {
  session: utf8('{"session_id":"'),
  user: utf8('","user_id":"'),
  userType: utf8('","user_type":'),
  rt: utf8(',"response_time_ms":'),
  ts: utf8(',"timestamp":'),
  injectedTrue: utf8(',"injected":true,"attempt":'),
  injectedFalse: utf8(',"injected":false,"attempt":'),
  params: utf8(',"params":'),
  end: utf8('}\n'),
};

export const createSessionEncoder: CreateSessionEncoder = (o) => {
  // each string carries the key that follows it, so a row is a few long copies instead of many short ones
  const userTypes = o.tables.userTypes.map((t) => utf8(`${JSON.stringify(t)},"endpoint":`));
  const endpoints = o.tables.endpoints.map((e) => utf8(`${JSON.stringify(e)},"method":`));
  const methods = o.tables.methods.map((m) => utf8(`${JSON.stringify(m)},"status":`));
  const params = [utf8('null'), ...o.tables.params.map((p) => utf8(JSON.stringify(p)))];
  const fixed = Object.values(K).reduce((a, k) => a + k.length, 0);
  const ts = new JsonTimeWriter(o.timeFormat);
  return {
    maxRowBytes: fixed + 2 * MAX_ID_DIGITS + longest(userTypes) + longest(endpoints) + longest(methods) + longest(params) + 5 + 14 + MAX_TIME_BYTES + 3,
    header: () => new Uint8Array(0),
    encode(b: SessionBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      const { user, session, userType, endpoint, method, status, responseUs, sec, nsec, injected, attempt, param } = b;
      for (let i = from; i < to; i++) {
        const u = user[i]!;
        pos = writeBytes(out, pos, K.session);
        pos = writeSessionId(out, pos, u, session[i]!);
        pos = writeBytes(out, pos, K.user);
        pos = writeUserId(out, pos, u);
        pos = writeBytes(out, pos, K.userType);
        pos = writeBytes(out, pos, userTypes[userType[i]!]!);
        pos = writeBytes(out, pos, endpoints[endpoint[i]!]!);
        pos = writeBytes(out, pos, methods[method[i]!]!);
        pos = writeU32(out, pos, status[i]!);
        pos = writeBytes(out, pos, K.rt);
        pos = writeMs3(out, pos, responseUs[i]!);
        pos = writeBytes(out, pos, K.ts);
        pos = ts.write(out, pos, sec[i]!, nsec[i]!);
        pos = writeBytes(out, pos, injected[i] === 1 ? K.injectedTrue : K.injectedFalse);
        pos = writeU32(out, pos, attempt[i]!);
        pos = writeBytes(out, pos, K.params);
        pos = writeBytes(out, pos, params[param[i]!]!);
        pos = writeBytes(out, pos, K.end);
      }
      return pos;
    },
  };
};

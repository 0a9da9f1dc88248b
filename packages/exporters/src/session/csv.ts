/**
 * Sessions as CSV: a header row of SESSION_FIELDS (unless --no-header), one row per API call. Strings are
 * quoted only when they need it (RFC 4180), params are a query string (`q=laptop&sort=price`, empty for none),
 * injected is true/false, timestamps integer ns.
 */
import { SESSION_FIELDS, type SessionBatch } from '@flowgen/core';
import { NsWriter, utf8, writeBytes as writeBytesImport, writeU32 as writeU32Import } from '../byte-writer';
import {
  longest, MAX_ID_DIGITS, queryString, writeMs3 as writeMs3Import, writeSessionId as writeSessionIdImport, writeUserId as writeUserIdImport,
  type CreateSessionEncoder,
} from './session-encoder';

const writeBytes = writeBytesImport;
const writeU32 = writeU32Import;
const writeMs3 = writeMs3Import;
const writeSessionId = writeSessionIdImport;
const writeUserId = writeUserIdImport;

export const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const TRUE = utf8(',true,');
const FALSE = utf8(',false,');

export const createSessionEncoder: CreateSessionEncoder = (o) => {
  // each string with the comma that precedes it
  const cell = (s: string): Uint8Array => utf8(`,${csvField(s)}`);
  const userTypes = o.tables.userTypes.map(cell);
  const endpoints = o.tables.endpoints.map(cell);
  const methods = o.tables.methods.map(cell);
  const params = [utf8(',\n'), ...o.tables.params.map((p) => utf8(`,${csvField(queryString(p))}\n`))];
  const header = o.header ? utf8(`${SESSION_FIELDS.join(',')}\n`) : new Uint8Array(0);
  const ts = new NsWriter();
  return {
    maxRowBytes: 2 * MAX_ID_DIGITS + 4 + longest(userTypes) + longest(endpoints) + longest(methods) + longest(params) + 6 + 14 + 20 + 7 + 4,
    header: () => header,
    encode(b: SessionBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      const { user, session, userType, endpoint, method, status, responseUs, sec, nsec, injected, attempt, param } = b;
      for (let i = from; i < to; i++) {
        const u = user[i]!;
        pos = writeSessionId(out, pos, u, session[i]!);
        out[pos++] = 44;
        pos = writeUserId(out, pos, u);
        pos = writeBytes(out, pos, userTypes[userType[i]!]!);
        pos = writeBytes(out, pos, endpoints[endpoint[i]!]!);
        pos = writeBytes(out, pos, methods[method[i]!]!);
        out[pos++] = 44;
        pos = writeU32(out, pos, status[i]!);
        out[pos++] = 44;
        pos = writeMs3(out, pos, responseUs[i]!);
        out[pos++] = 44;
        pos = ts.write(out, pos, sec[i]!, nsec[i]!);
        pos = writeBytes(out, pos, injected[i] === 1 ? TRUE : FALSE);
        pos = writeU32(out, pos, attempt[i]!);
        pos = writeBytes(out, pos, params[param[i]!]!);
      }
      return pos;
    },
  };
};

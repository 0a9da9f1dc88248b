/**
 * One flow as a JSON object, shared by jsonl, json and json-pretty. Timestamps are JSON integers with all
 * 19 digits by default (exact for parsers that keep big integers, e.g. Python, jq ≥ 1.7, DuckDB; JavaScript's
 * JSON.parse rounds above 2^53 — see docs/formats.md), or strings with the `time_format` setting (json-time.ts).
 */
import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import * as bw from '../byte-writer';
import { JsonTimeWriter, MAX_TIME_BYTES, type TimeFormat } from '../json-time';
import { MAX_PATTERN_NAME } from './flow-encoder';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)`, a property load per call in
// the per-record loop (measured ~10–30 % of a kernel)
const { utf8, writeBytes, writeIp, writeU32, writeUint } = bw;

export interface JsonRecordWriter {
  readonly maxBytes: number;
  write(b: FlowBatch, i: number, out: Uint8Array, pos: number): number;
}

/** `indent` null: compact `{"k":v,…}`; otherwise one key per line indented by `indent` (+2 for the keys). */
export const jsonRecordWriter = (patternNames: ReadonlyArray<string>, indent: string | null, timeFormat: TimeFormat = 'ns'): JsonRecordWriter => {
  // one per column: each caches its last second, and start and end often differ in it
  const startNs = new JsonTimeWriter(timeFormat);
  const endNs = new JsonTimeWriter(timeFormat);
  const names = patternNames.map((n) => utf8(`"${n}"`));
  const nl = indent === null ? '' : `\n${indent}  `;
  const sep = indent === null ? ':' : ': ';
  const keys = FLOW_FIELDS.map((f, i) => utf8(`${i === 0 ? '{' : ','}${nl}"${f}"${sep}`));
  const close = utf8(indent === null ? '}' : `\n${indent}}`);
  const keyBytes = keys.reduce((a, k) => a + k.length, 0);
  const [kStart, kEnd, kSrc, kDst, kSport, kDport, kProto, kPk, kBy, kFl, kPat] = keys as [Uint8Array, ...Uint8Array[]];
  return {
    maxBytes: keyBytes + close.length + 2 * MAX_TIME_BYTES + 2 * 17 + 2 * 5 + 3 + 2 * 16 + 3 + MAX_PATTERN_NAME + 2,
    write(b, i, out, pos) {
      pos = writeBytes(out, pos, kStart);
      pos = startNs.write(out, pos, b.startSec[i]!, b.startNsec[i]!);
      pos = writeBytes(out, pos, kEnd!);
      pos = endNs.write(out, pos, b.endSec[i]!, b.endNsec[i]!);
      pos = writeBytes(out, pos, kSrc!);
      out[pos++] = 34;
      pos = writeIp(out, pos, b.srcIp[i]!);
      out[pos++] = 34;
      pos = writeBytes(out, pos, kDst!);
      out[pos++] = 34;
      pos = writeIp(out, pos, b.dstIp[i]!);
      out[pos++] = 34;
      pos = writeBytes(out, pos, kSport!);
      pos = writeU32(out, pos, b.srcPort[i]!);
      pos = writeBytes(out, pos, kDport!);
      pos = writeU32(out, pos, b.dstPort[i]!);
      pos = writeBytes(out, pos, kProto!);
      pos = writeU32(out, pos, b.protocol[i]!);
      pos = writeBytes(out, pos, kPk!);
      pos = writeUint(out, pos, b.packets[i]!);
      pos = writeBytes(out, pos, kBy!);
      pos = writeUint(out, pos, b.bytes[i]!);
      pos = writeBytes(out, pos, kFl!);
      pos = writeU32(out, pos, b.tcpFlags[i]!);
      pos = writeBytes(out, pos, kPat!);
      pos = writeBytes(out, pos, names[b.pattern[i]!]!);
      return writeBytes(out, pos, close);
    },
  };
};

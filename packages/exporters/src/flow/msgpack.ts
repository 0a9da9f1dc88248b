/**
 * msgpack: a stream of msgpack values any decoder reads one after another — first a header map
 * {format, version, fields, seed, config} (encoded with msgpackr, once), then one array per record in `fields`
 * order, written by hand: timestamps always as uint64 (0xcf), IPs as uint32, other integers in their
 * smallest msgpack form, the pattern as a string.
 */
import { FLOW_FIELDS, type FlowBatch } from '@flowgen/core';
import { Packr } from 'msgpackr';
import { Ns64Writer, writeUintMp as writeUintMpImport } from '../msgpack-writer';
import { EMPTY, MAX_PATTERN_NAME, type CreateEncoder } from './flow-encoder';

export const MSGPACK_FORMAT = 'flowgen-flows';
export const MSGPACK_VERSION = 1;

// bound once: an imported function is a property load per call in CommonJS output
const writeUintMp = writeUintMpImport;

export const createEncoder: CreateEncoder = (o) => {
  // pattern names pre-encoded as complete msgpack strings
  const names = o.patternNames.map((n) => new Packr().pack(n) as Uint8Array);
  const header = o.header
    ? (new Packr({ useRecords: false }).pack({ format: MSGPACK_FORMAT, version: MSGPACK_VERSION, fields: [...FLOW_FIELDS], ...(o.meta ?? {}) }) as Uint8Array)
    : EMPTY;
  const ARRAY = 0x90 | FLOW_FIELDS.length;
  const startNs = new Ns64Writer();
  const endNs = new Ns64Writer();
  return {
    maxRecordBytes: 1 + 2 * 9 + 2 * 5 + 3 * 3 + 2 + 2 * 9 + 2 + MAX_PATTERN_NAME + 2,
    header: () => header,
    trailer: () => EMPTY,
    encode(b: FlowBatch, from: number, to: number, out: Uint8Array, pos: number): number {
      const { startSec, startNsec, endSec, endNsec, srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes, tcpFlags, pattern } = b;
      for (let i = from; i < to; i++) {
        out[pos++] = ARRAY;
        pos = startNs.write(out, pos, startSec[i]!, startNsec[i]!);
        pos = endNs.write(out, pos, endSec[i]!, endNsec[i]!);
        pos = writeUintMp(out, pos, srcIp[i]!);
        pos = writeUintMp(out, pos, dstIp[i]!);
        pos = writeUintMp(out, pos, srcPort[i]!);
        pos = writeUintMp(out, pos, dstPort[i]!);
        pos = writeUintMp(out, pos, protocol[i]!);
        pos = writeUintMp(out, pos, packets[i]!);
        pos = writeUintMp(out, pos, bytes[i]!);
        pos = writeUintMp(out, pos, tcpFlags[i]!);
        const name = names[pattern[i]!]!;
        for (let j = 0; j < name.length; j++) out[pos++] = name[j]!;
      }
      return pos;
    },
  };
};

/**
 * Reads `collect -o msgpack`: an optional header map, then one array per record in the header's `fields`
 * order (our field order when there is no header, as in shards after the first). The record decoder is
 * hand-written for the flat shape and accepts any msgpack integer width, so files from other writers of the
 * same shape read too.
 */
import { FLOW_FIELDS, FlowBatch } from '@flowgen/core';
import { unpackMultiple } from 'msgpackr';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';
import { FIELD_RANGE, MAX_OF, MAX_SEC } from './text-fields';

/** the longest record we accept at once: 11 fields of ≤ 9 bytes plus a name of ≤ 255 bytes */
const MAX_RECORD = 1 + 10 * 9 + 2 + 255;
/** the longest record the fast path reads: 10 fields of ≤ 9 bytes and a fixstr name of ≤ 31 bytes */
const FAST_RECORD = 1 + 10 * 9 + 1 + 31;
const TWO32 = 4294967296;

export const openMsgpackReader = (file: BlockFile, given?: ReadonlyArray<number>): FlowReader => {
  const patterns = new PatternIndex(file.path);
  // column of each of our fields in the file's records
  let order: ReadonlyArray<number> = given ?? FLOW_FIELDS.map((_, i) => i);
  const first = file.buf[file.pos]!;
  if (!given && ((first & 0xf0) === 0x80 || first === 0xde || first === 0xdf)) {
    let header: { fields?: unknown } | undefined;
    let headerEnd = 0;
    file.ensure(1 << 20);
    try {
      unpackMultiple(file.buf.subarray(file.pos, file.end), (value: unknown, _start?: number, end?: number) => {
        header = value as { fields?: unknown };
        headerEnd = end ?? 0;
        return false;
      });
    } catch (e) {
      throw new ReadError(file.path, file.offset(), `unreadable msgpack header (${(e as Error).message})`);
    }
    const fields = header?.fields;
    if (!Array.isArray(fields) || !headerEnd) throw new ReadError(file.path, file.offset(), 'msgpack header has no "fields" list');
    order = FLOW_FIELDS.map((f) => {
      const i = fields.indexOf(f);
      if (i < 0) throw new ReadError(file.path, file.offset(), `msgpack header lacks the field "${f}"`);
      return i;
    });
    file.pos += headerEnd;
  }
  const width = Math.max(...order) + 1;
  // pattern names as raw bytes: a record's name is matched against these before any string is made
  const nameBytes: Buffer[] = [];
  /** name tag (see tagOf) → the one known name with that tag, −1 for none, −2 when several share it */
  const byTag = new Int16Array(1024).fill(-1);
  const tagOf = (buf: Buffer, at: number, len: number) => (len * 67 + buf[at]! * 257 + buf[at + len - 1]!) & 1023;
  let nameStart = 0, nameLen = -1;
  const values = new Float64Array(width * 2); // per column: [hi-or-value, lo] for uint64 timestamps

  /** decodes one value at p into column c; returns the new position */
  const value = (buf: Buffer, p: number, c: number): number => {
    const t = buf[p]!;
    // uint64 keeps its halves (timestamps are split exactly from them); narrower integers are plain values
    if (t === 0xcf) return (values[2 * c] = buf.readUInt32BE(p + 1)), (values[2 * c + 1] = buf.readUInt32BE(p + 5)), p + 9;
    const q = uintAt(buf, p);
    if (q >= 0) return (values[2 * c] = uintValue), (values[2 * c + 1] = -1), q;
    let len = -1, at = p + 1;
    if ((t & 0xe0) === 0xa0) len = t & 0x1f;
    else if (t === 0xd9) (len = buf[p + 1]!), (at = p + 2);
    if (len < 0) throw new ReadError(file.path, file.base + p, `unexpected msgpack type 0x${t.toString(16)} in a record`);
    nameStart = at;
    nameLen = len;
    return at + len;
  };

  /** index of the name just decoded (the pattern column is the only string in a record) */
  const patternIndex = (buf: Buffer, recordStart: number): number => {
    if (nameLen < 0) throw new ReadError(file.path, file.base + recordStart, 'record has no pattern name');
    for (let k = 0; k < nameBytes.length; k++) {
      const nb = nameBytes[k]!;
      if (nb.length !== nameLen) continue;
      let j = 0;
      while (j < nameLen && nb[j] === buf[nameStart + j]) j++;
      if (j === nameLen) return k;
    }
    const name = buf.toString('utf8', nameStart, nameStart + nameLen);
    const i = patterns.of(name, file.base + recordStart);
    nameBytes[i] = Buffer.from(buf.subarray(nameStart, nameStart + nameLen));
    const tag = tagOf(buf, nameStart, nameLen);
    byTag[tag] = byTag[tag] === -1 ? i : -2;
    return i;
  };

  // our own files (fields in our order, as collect writes them) take a straight-line decoder; anything it does
  // not expect (another integer width, a str8 name, a truncated record) falls back to the general one
  const ours = order.every((c, i) => c === i);

  /**
   * The fast path's ns split, kept across calls: for start and end times, the high word seen last and what it
   * contributes, hi·2^32 = sec·1e9 + ns (consecutive flows share high words: they change every 4.3 s).
   */
  const split = Float64Array.of(-1, 0, 0, -1, 0, 0);

  /**
   * Decodes records written exactly as collect writes them into rows n, n+1, … of b, in one loop over local
   * variables; returns the new row count and leaves file.pos after the last record decoded. It stops
   * FAST_RECORD bytes before the buffer's end (DataView reads past it would throw), at the range's limit, and
   * at the first record it does not expect (another integer width, a str8 name), which the general decoder
   * then takes. The per-stream state lives in locals during the run — in an object's fields it cost 6 ns per
   * flow; the loop took decoding from ~88 to ~66 ns per flow.
   */
  const fastRun = (b: FlowBatch, n: number): number => {
    const buf = file.buf, dv = file.view, cap = b.capacity;
    const stop = Math.min(file.end - FAST_RECORD, file.limit - file.base - 1);
    const startSec = b.startSec, startNsec = b.startNsec, endSec = b.endSec, endNsec = b.endNsec;
    const srcIp = b.srcIp, dstIp = b.dstIp, srcPort = b.srcPort, dstPort = b.dstPort, protocol = b.protocol;
    const packets = b.packets, bytes = b.bytes, tcpFlags = b.tcpFlags, pattern = b.pattern;
    let hiS = split[0]!, secS = split[1]!, nsS = split[2]!, hiE = split[3]!, secE = split[4]!, nsE = split[5]!;
    let start = file.pos;
    while (n < cap && start <= stop && buf[start] === 0x9b && buf[start + 1] === 0xcf && buf[start + 10] === 0xcf) {
      // ns = hi·2^32 + lo → (sec, nsec): the high word's part changes every 4.3 s of timestamps
      let hi = dv.getUint32(start + 2);
      if (hi !== hiS) (highPart(hi, split, 0), (hiS = hi), (secS = split[1]!), (nsS = split[2]!));
      // ⌊x / 1e9⌋ inline (as a function call it cost ~10 ns per flow): see quotient1e9
      let x = nsS + dv.getUint32(start + 6), q = Math.floor(x * 1e-9), r = x - q * 1e9;
      if (r < 0) (q--, (r += 1e9));
      else if (r >= 1e9) (q++, (r -= 1e9));
      if (secS + q > MAX_SEC) break; // out of range: the general decoder reports it
      startSec[n] = secS + q;
      startNsec[n] = r;
      hi = dv.getUint32(start + 11);
      if (hi !== hiE) (highPart(hi, split, 3), (hiE = hi), (secE = split[4]!), (nsE = split[5]!));
      (x = nsE + dv.getUint32(start + 15)), (q = Math.floor(x * 1e-9)), (r = x - q * 1e9);
      if (r < 0) (q--, (r += 1e9));
      else if (r >= 1e9) (q++, (r -= 1e9));
      if (secE + q > MAX_SEC) break;
      endSec[n] = secE + q;
      endNsec[n] = r;
      let p = start + 19;
      if ((p = uintView(buf, dv, p)) < 0) break;
      srcIp[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0) break;
      dstIp[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0 || uintValue > 0xffff) break;
      srcPort[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0 || uintValue > 0xffff) break;
      dstPort[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0 || uintValue > 0xff) break;
      protocol[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0) break;
      packets[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0) break;
      bytes[n] = uintValue;
      if ((p = uintView(buf, dv, p)) < 0 || uintValue > 0xff) break;
      tcpFlags[n] = uintValue;
      const t = buf[p]!;
      if ((t & 0xe0) !== 0xa0) break;
      const at = p + 1, len = t & 0x1f;
      // the known name with this tag (a table load instead of a mispredicted scan over the names), verified
      // byte by byte; else the general lookup, which learns the name
      const c = byTag[tagOf(buf, at, len)]!;
      let id = -1;
      if (c >= 0 && nameBytes[c]!.length === len) {
        const nb = nameBytes[c]!;
        let j = 0;
        while (j < len && nb[j] === buf[at + j]) j++;
        if (j === len) id = c;
      }
      if (id < 0) {
        nameStart = at;
        nameLen = len;
        id = patternIndex(buf, start);
      }
      pattern[n] = id;
      start = at + len;
      n++;
    }
    split.set([hiS, secS, nsS, hiE, secE, nsE]);
    file.pos = start;
    return n;
  };

  return readerOf('msgpack', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (file.ensure(MAX_RECORD) === 0 || file.atLimit()) break;
      if (ours) {
        const m = fastRun(b, n);
        if (m > n) {
          b.length = n = m;
          continue;
        }
      }
      const buf = file.buf;
      const start = file.pos;
      const avail = file.end - start;
      const t = buf[start]!;
      const count = (t & 0xf0) === 0x90 ? t & 0x0f : -1;
      if (count !== width) throw new ReadError(file.path, file.base + start, count < 0 ? `expected a record array, found 0x${t.toString(16)}` : `record has ${count} fields, expected ${width}`);
      let p = start + 1;
      nameLen = -1;
      try {
        for (let c = 0; c < width; c++) p = value(buf, p, c);
      } catch (e) {
        if (e instanceof ReadError) throw e;
        throw new ReadError(file.path, file.base + start, 'truncated record');
      }
      if (p > start + avail) throw new ReadError(file.path, file.base + start, 'truncated record');
      for (let f = 0; f < FLOW_FIELDS.length - 1; f++) {
        const c = order[f]!;
        const v = f <= 1 ? secondsOf(values, c) : u64(values, c);
        if (v > (f <= 1 ? MAX_SEC : f <= 3 ? 0xffffffff : MAX_OF[f]!)) throw new ReadError(file.path, file.base + start, `bad ${FLOW_FIELDS[f]}: expected ${FIELD_RANGE[f]}`);
      }
      file.pos = p;
      storeNs(values, order[0]!, b.startSec, b.startNsec, n);
      storeNs(values, order[1]!, b.endSec, b.endNsec, n);
      b.srcIp[n] = values[2 * order[2]!]!;
      b.dstIp[n] = values[2 * order[3]!]!;
      b.srcPort[n] = values[2 * order[4]!]!;
      b.dstPort[n] = values[2 * order[5]!]!;
      b.protocol[n] = values[2 * order[6]!]!;
      b.packets[n] = u64(values, order[7]!);
      b.bytes[n] = u64(values, order[8]!);
      b.tcpFlags[n] = values[2 * order[9]!]!;
      b.pattern[n] = patternIndex(buf, start);
      b.length = ++n;
    }
    b.length = n;
    return n;
  }, order);
};

/** seconds of column c's decoded ns timestamp (before they are stored in 32 bits) */
const secondsOf = (values: Float64Array, c: number): number => {
  const hi = values[2 * c + 1]! < 0 ? 0 : values[2 * c]!, lo = values[2 * c + 1]! < 0 ? values[2 * c]! : values[2 * c + 1]!;
  highPart(hi, hiScratch, 0);
  return hiScratch[1]! + quotient1e9(hiScratch[2]! + lo);
};

/** column c's decoded uint (one value, or uint64 halves) → (sec, nsec) */
const storeNs = (values: Float64Array, c: number, secs: Uint32Array, nsecs: Uint32Array, n: number): void => {
  if (values[2 * c + 1]! < 0) splitNs(0, values[2 * c]!, secs, nsecs, n);
  else splitNs(values[2 * c]!, values[2 * c + 1]!, secs, nsecs, n);
};

/**
 * ns = hi·2^32 + lo → (sec, nsec), exactly and without BigInt: with hi = a·2^16 + c16, 2^48 = 281474·1e9 + 976710656
 * and 2^32 = 4·1e9 + 294967296, hi·2^32 = 1e9·(281474a + 4c16) + S with S = 976710656a + 294967296c16 < 2^47.
 * highPart writes hi·2^32 as (sec, ns < 1e9) into out[at + 1], out[at + 2]; what is left, ns + lo, is below
 * 1e9 + 2^32 and quotient1e9 divides it.
 */
const highPart = (hi: number, out: Float64Array, at: number): void => {
  const a = Math.floor(hi / 65536), c16 = hi - a * 65536, S = 976710656 * a + 294967296 * c16, q = Math.floor(S / 1e9);
  out[at + 1] = 281474 * a + 4 * c16 + q;
  out[at + 2] = S - q * 1e9;
};

/** ⌊x / 1e9⌋ for 0 ≤ x < 2^53: a multiply by 1e-9 is right to within one, then a fix-up (no division) */
const quotient1e9 = (x: number): number => {
  const q = Math.floor(x * 1e-9), r = x - q * 1e9;
  return r < 0 ? q - 1 : r >= 1e9 ? q + 1 : q;
};

const hiScratch = new Float64Array(3);
const splitNs = (hi: number, lo: number, secs: Uint32Array, nsecs: Uint32Array, n: number): void => {
  highPart(hi, hiScratch, 0);
  const x = hiScratch[2]! + lo, q = quotient1e9(x);
  secs[n] = hiScratch[1]! + q;
  nsecs[n] = x - q * 1e9;
};

/** the value of the last uintAt/uintView (a module variable: no object per call) */
let uintValue = 0;

/** uintAt with 16/32-bit values read through a DataView; 64-bit ones go to uintAt */
const uintView = (buf: Buffer, dv: DataView, p: number): number => {
  const t = buf[p]!;
  if (t < 0x80) {
    uintValue = t;
    return p + 1;
  }
  if (t === 0xce) {
    uintValue = dv.getUint32(p + 1);
    return p + 5;
  }
  if (t === 0xcd) {
    uintValue = dv.getUint16(p + 1);
    return p + 3;
  }
  return uintAt(buf, p);
};
/** a msgpack unsigned integer of any width at p into uintValue; returns the next position, or −1 for another type */
const uintAt = (buf: Buffer, p: number): number => {
  const t = buf[p]!;
  if (t < 0x80) {
    uintValue = t;
    return p + 1;
  }
  switch (t) {
    case 0xcc:
      uintValue = buf[p + 1]!;
      return p + 2;
    case 0xcd:
      uintValue = (buf[p + 1]! << 8) | buf[p + 2]!;
      return p + 3;
    case 0xce:
      uintValue = buf[p + 1]! * 16777216 + ((buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!);
      return p + 5;
    case 0xcf:
      uintValue = (buf[p + 1]! * 16777216 + ((buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!)) * TWO32
        + buf[p + 5]! * 16777216 + ((buf[p + 6]! << 16) | (buf[p + 7]! << 8) | buf[p + 8]!);
      return p + 9;
    default:
      return -1;
  }
};

const u64 = (values: Float64Array, c: number): number => (values[2 * c + 1]! < 0 ? values[2 * c]! : values[2 * c]! * TWO32 + values[2 * c + 1]!);

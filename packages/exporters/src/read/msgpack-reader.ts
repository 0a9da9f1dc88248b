/**
 * Reads `collect -o msgpack`: an optional header map, then one array per record in the header's `fields`
 * order (our field order when there is no header, as in shards after the first). The record decoder is
 * hand-written for the flat shape and accepts any msgpack integer width, so files from other writers of the
 * same shape read too.
 */
import { FLOW_FIELDS, FlowBatch } from '@flowgen/core';
import { unpackMultiple } from 'msgpackr';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';

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
    // the candidate with this name's tag first: a table load instead of a mispredicted scan over the names
    const tag = tagOf(buf, nameStart, nameLen), c = byTag[tag]!;
    if (c >= 0) {
      const nb = nameBytes[c]!;
      if (nb.length === nameLen) {
        let j = 0;
        while (j < nameLen && nb[j] === buf[nameStart + j]) j++;
        if (j === nameLen) return c;
      }
    }
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
    byTag[tag] = byTag[tag] === -1 ? i : -2;
    return i;
  };

  // our own files (fields in our order, as collect writes them) take a straight-line decoder; anything it does
  // not expect (another integer width, a str8 name, a truncated record) falls back to the general one
  const ours = order.every((c, i) => c === i);

  /** start and end times: consecutive flows share the high word of their ns timestamps */
  const startNs = new NsSplitter(), endNs = new NsSplitter();

  /**
   * decodes a record at `start` written exactly as collect writes it into row n; returns its end, or −1. The
   * caller guarantees FAST_RECORD bytes in the buffer (DataView reads past its end would throw).
   */
  const fastRecord = (buf: Buffer, dv: DataView, start: number, end: number, b: FlowBatch, n: number): number => {
    let p = start + 1;
    if (buf[p] !== 0xcf || buf[p + 9] !== 0xcf) return -1;
    startNs.split(dv.getUint32(p + 1), dv.getUint32(p + 5), b.startSec, b.startNsec, n);
    endNs.split(dv.getUint32(p + 10), dv.getUint32(p + 14), b.endSec, b.endNsec, n);
    p += 18;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.srcIp[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.dstIp[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.srcPort[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.dstPort[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.protocol[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.packets[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.bytes[n] = uintValue;
    if ((p = uintView(buf, dv, p)) < 0) return -1;
    b.tcpFlags[n] = uintValue;
    const t = buf[p]!;
    if ((t & 0xe0) !== 0xa0) return -1;
    nameStart = p + 1;
    nameLen = t & 0x1f;
    p = nameStart + nameLen;
    if (p > end) return -1;
    b.pattern[n] = patternIndex(buf, start);
    return p;
  };

  return readerOf('msgpack', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (file.ensure(MAX_RECORD) === 0 || file.atLimit()) break;
      const buf = file.buf;
      const start = file.pos;
      const avail = file.end - start;
      const t = buf[start]!;
      if (ours && t === 0x9b && avail >= FAST_RECORD) {
        const q = fastRecord(buf, file.view, start, file.end, b, n);
        if (q > 0) {
          file.pos = q;
          b.length = ++n;
          continue;
        }
      }
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

/** column c's decoded uint (one value, or uint64 halves) → (sec, nsec) */
const storeNs = (values: Float64Array, c: number, secs: Uint32Array, nsecs: Uint32Array, n: number): void => {
  if (values[2 * c + 1]! < 0) splitNs(0, values[2 * c]!, secs, nsecs, n);
  else splitNs(values[2 * c]!, values[2 * c + 1]!, secs, nsecs, n);
};

/**
 * splitNs for a stream of timestamps whose high words repeat (they change every 4.3 s of ns): the part that
 * depends on the high word is computed once per change, leaving an add and a multiply per value.
 */
class NsSplitter {
  private hi = -1;
  /** hi·2^32 = sec·1e9 + ns, with ns < 1e9 */
  private sec = 0;
  private ns = 0;

  split(hi: number, lo: number, secs: Uint32Array, nsecs: Uint32Array, n: number): void {
    if (hi !== this.hi) {
      const a = Math.floor(hi / 65536), c16 = hi - a * 65536;
      const S = 976710656 * a + 294967296 * c16;
      const q = Math.floor(S / 1e9);
      this.hi = hi;
      this.sec = 281474 * a + 4 * c16 + q;
      this.ns = S - q * 1e9;
    }
    // x < 1e9 + 2^32: a multiply by 1e-9 (no division) gives the quotient to within one, then an exact fix-up
    const x = this.ns + lo;
    let q = Math.floor(x * 1e-9), r = x - q * 1e9;
    if (r < 0) (q--, (r += 1e9));
    else if (r >= 1e9) (q++, (r -= 1e9));
    secs[n] = this.sec + q;
    nsecs[n] = r;
  }
}

/**
 * ns = hi·2^32 + lo → (sec, nsec), exactly and without BigInt: with hi = a·2^16 + c16, 2^48 = 281474·1e9 + 976710656
 * and 2^32 = 4·1e9 + 294967296, ns = 1e9·(281474a + 4c16) + S where S = 976710656a + 294967296c16 + lo < 2^47.
 */
const splitNs = (hi: number, lo: number, secs: Uint32Array, nsecs: Uint32Array, n: number): void => {
  const a = Math.floor(hi / 65536), c16 = hi - a * 65536;
  const S = 976710656 * a + 294967296 * c16 + lo;
  const q = Math.floor(S / 1e9);
  secs[n] = 281474 * a + 4 * c16 + q;
  nsecs[n] = S - q * 1e9;
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

/**
 * Hand-written formatting of integers, IPv4 addresses and ns timestamps straight into a byte buffer — the
 * encoders' hot path. No strings or objects per value; every function returns the next write position.
 */
/** 0…999 as [length, digits…] in 4-byte cells (unpadded) */
const TRIPLES = new Uint8Array(1000 * 4);
/** 0…999 as exactly three digits, zero-padded */
const PADDED = new Uint8Array(1000 * 3);
for (let i = 0; i < 1000; i++) {
  const s = String(i);
  TRIPLES[i * 4] = s.length;
  for (let j = 0; j < s.length; j++) TRIPLES[i * 4 + 1 + j] = s.charCodeAt(j);
  const p = s.padStart(3, '0');
  for (let j = 0; j < 3; j++) PADDED[i * 3 + j] = p.charCodeAt(j);
}

const small = (out: Uint8Array, pos: number, v: number): number => {
  const o = v * 4;
  const len = TRIPLES[o]!;
  out[pos] = TRIPLES[o + 1]!;
  if (len > 1) out[pos + 1] = TRIPLES[o + 2]!;
  if (len > 2) out[pos + 2] = TRIPLES[o + 3]!;
  return pos + len;
};

const padded = (out: Uint8Array, pos: number, v: number): number => {
  const o = v * 3;
  out[pos] = PADDED[o]!;
  out[pos + 1] = PADDED[o + 1]!;
  out[pos + 2] = PADDED[o + 2]!;
  return pos + 3;
};

/** Writes an integer in [0, 2^32): three digits per table lookup. */
const writeU32 = (out: Uint8Array, pos: number, v: number): number => {
  if (v < 1000) return small(out, pos, v);
  if (v < 1000000) {
    const hi = Math.floor(v / 1000);
    return padded(out, small(out, pos, hi), v - hi * 1000);
  }
  if (v < 1000000000) {
    const hi = Math.floor(v / 1000000);
    const r = v - hi * 1000000;
    const mid = Math.floor(r / 1000);
    return padded(out, padded(out, small(out, pos, hi), mid), r - mid * 1000);
  }
  const hi = Math.floor(v / 1000000000);
  return write9(out, small(out, pos, hi), v - hi * 1000000000);
};

/** Writes exactly 9 digits, zero-padded (nanoseconds within a second). */
const write9 = (out: Uint8Array, pos: number, v: number): number => {
  const a = Math.floor(v / 1000000);
  const r = v - a * 1000000;
  const b = Math.floor(r / 1000);
  return padded(out, padded(out, padded(out, pos, a), b), r - b * 1000);
};

/** Writes a non-negative integer below 2^53. */
const writeUint = (out: Uint8Array, pos: number, v: number): number => {
  if (v < 4294967296) return writeU32(out, pos, v);
  const hi = Math.floor(v / 1e9);
  return write9(out, writeU32(out, pos, hi), v - hi * 1e9);
};

/** Writes sec·1e9 + nsec as one integer (ns since the epoch) without going through a float. */
const writeNs = (out: Uint8Array, pos: number, sec: number, nsec: number): number =>
  sec === 0 ? writeU32(out, pos, nsec) : write9(out, writeU32(out, pos, sec), nsec);

/**
 * writeNs for runs of timestamps: consecutive flows nearly always share the second, so its digits are
 * formatted once and copied after that.
 */
class NsWriter {
  private sec = -1;
  private readonly digits = new Uint8Array(10);
  private len = 0;
  write(out: Uint8Array, pos: number, sec: number, nsec: number): number {
    if (sec === 0) return writeU32(out, pos, nsec);
    if (sec !== this.sec) {
      this.sec = sec;
      this.len = writeU32(this.digits, 0, sec);
    }
    const d = this.digits;
    for (let i = 0; i < this.len; i++) out[pos++] = d[i]!;
    return write9(out, pos, nsec);
  }
}

/** Writes a uint32 IPv4 address as dotted quad. */
const writeIp = (out: Uint8Array, pos: number, ip: number): number => {
  pos = small(out, pos, ip >>> 24);
  out[pos++] = 46;
  pos = small(out, pos, (ip >>> 16) & 255);
  out[pos++] = 46;
  pos = small(out, pos, (ip >>> 8) & 255);
  out[pos++] = 46;
  return small(out, pos, ip & 255);
};

/** Copies a short constant (field separators, keys); a loop beats `set()` for a few bytes. */
const writeBytes = (out: Uint8Array, pos: number, bytes: Uint8Array): number => {
  const n = bytes.length;
  if (n > 24) {
    out.set(bytes, pos);
    return pos + n;
  }
  for (let i = 0; i < n; i++) out[pos++] = bytes[i]!;
  return pos;
};

/** Pads with spaces up to `width` bytes after `start` (right-aligns by shifting when `right`). */
const pad = (out: Uint8Array, start: number, pos: number, width: number, right: boolean): number => {
  const len = pos - start;
  if (len >= width) return pos;
  const fill = width - len;
  if (right) {
    out.copyWithin(start + fill, start, pos);
    out.fill(32, start, start + fill);
  } else {
    out.fill(32, pos, pos + fill);
  }
  return start + width;
};

/** UTF-8 bytes as a plain Uint8Array (not a Buffer: one element kind keeps the copy loops monomorphic). */
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

// exported at the end: TypeScript's CommonJS output calls `export const` functions through `exports.f`, which
// costs a property load per call inside this module's hot loops
export { writeU32, write9, writeUint, writeNs, writeIp, writeBytes, pad, utf8, NsWriter };

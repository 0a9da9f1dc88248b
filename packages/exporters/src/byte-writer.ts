/**
 * Hand-written formatting of integers, IPv4 addresses and ns timestamps straight into a byte buffer — the
 * encoders' hot path. No strings or objects per value; every function returns the next write position.
 */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[i * 2] = 48 + Math.floor(i / 10);
  DIGIT_PAIRS[i * 2 + 1] = 48 + (i % 10);
}

/** "0." … "255." as (length, bytes…) in 4-byte cells, without the dot */
const OCTETS = new Uint8Array(256 * 4);
for (let i = 0; i < 256; i++) {
  const s = String(i);
  OCTETS[i * 4] = s.length;
  for (let j = 0; j < s.length; j++) OCTETS[i * 4 + 1 + j] = s.charCodeAt(j);
}

const digits32 = (v: number): number =>
  v < 100000
    ? v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10000 ? 4 : 5
    : v < 10000000 ? (v < 1000000 ? 6 : 7) : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;

/** Writes an integer in [0, 2^32). */
export const writeU32 = (out: Uint8Array, pos: number, v: number): number => {
  const len = digits32(v);
  let p = pos + len;
  while (v >= 100) {
    const q = Math.floor(v / 100);
    const r = (v - q * 100) * 2;
    out[--p] = DIGIT_PAIRS[r + 1]!;
    out[--p] = DIGIT_PAIRS[r]!;
    v = q;
  }
  if (v >= 10) {
    out[--p] = DIGIT_PAIRS[v * 2 + 1]!;
    out[--p] = DIGIT_PAIRS[v * 2]!;
  } else {
    out[--p] = 48 + v;
  }
  return pos + len;
};

/** Writes exactly 9 digits, zero-padded (nanoseconds within a second). */
export const write9 = (out: Uint8Array, pos: number, v: number): number => {
  let p = pos + 9;
  for (let i = 0; i < 4; i++) {
    const q = Math.floor(v / 100);
    const r = (v - q * 100) * 2;
    out[--p] = DIGIT_PAIRS[r + 1]!;
    out[--p] = DIGIT_PAIRS[r]!;
    v = q;
  }
  out[--p] = 48 + v;
  return pos + 9;
};

/** Writes a non-negative integer below 2^53. */
export const writeUint = (out: Uint8Array, pos: number, v: number): number => {
  if (v < 4294967296) return writeU32(out, pos, v);
  const hi = Math.floor(v / 1e9);
  return write9(out, writeU32(out, pos, hi), v - hi * 1e9);
};

/** Writes sec·1e9 + nsec as one integer (ns since the epoch) without going through a float. */
export const writeNs = (out: Uint8Array, pos: number, sec: number, nsec: number): number =>
  sec === 0 ? writeU32(out, pos, nsec) : write9(out, writeU32(out, pos, sec), nsec);

/** Writes a uint32 IPv4 address as dotted quad. */
export const writeIp = (out: Uint8Array, pos: number, ip: number): number => {
  for (let shift = 24; shift >= 0; shift -= 8) {
    const o = ((ip >>> shift) & 255) * 4;
    const len = OCTETS[o]!;
    out[pos++] = OCTETS[o + 1]!;
    if (len > 1) out[pos++] = OCTETS[o + 2]!;
    if (len > 2) out[pos++] = OCTETS[o + 3]!;
    if (shift > 0) out[pos++] = 46;
  }
  return pos;
};

/** Copies a short constant (field separators, keys); a loop beats `set()` for a few bytes. */
export const writeBytes = (out: Uint8Array, pos: number, bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) out[pos++] = bytes[i]!;
  return pos;
};

/** Pads with spaces up to `width` bytes after `start` (right-aligns by shifting when `right`). */
export const pad = (out: Uint8Array, start: number, pos: number, width: number, right: boolean): number => {
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

export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

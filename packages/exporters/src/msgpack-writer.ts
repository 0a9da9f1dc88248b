/**
 * msgpack values written by hand into a byte buffer (the msgpack encoders' hot path): unsigned integers in
 * their smallest form and ns timestamps as uint64 without BigInt.
 */
/** msgpack uint64 (0xcf) from its 32-bit halves */
const writeU64 = (out: Uint8Array, pos: number, hi: number, lo: number): number => {
  out[pos] = 0xcf;
  out[pos + 1] = hi >>> 24;
  out[pos + 2] = (hi >>> 16) & 255;
  out[pos + 3] = (hi >>> 8) & 255;
  out[pos + 4] = hi & 255;
  out[pos + 5] = lo >>> 24;
  out[pos + 6] = (lo >>> 16) & 255;
  out[pos + 7] = (lo >>> 8) & 255;
  out[pos + 8] = lo & 255;
  return pos + 9;
};

/**
 * Writes sec·1e9 + nsec as a big-endian uint64 using only exact double arithmetic (no BigInt). sec·1e9 is split
 * into 32-bit halves once per second (consecutive flows nearly always share it), so a record costs one add
 * and a carry instead of four divisions.
 */
class Ns64Writer {
  private sec = -1;
  private hi = 0;
  private lo = 0;
  write(out: Uint8Array, pos: number, sec: number, nsec: number): number {
    if (sec !== this.sec) {
      // sec·1e9 = P·2^16 + Q with P = (sec >>> 16)·1e9, Q = (sec & 0xffff)·1e9 (both < 2^47)
      const P = Math.floor(sec / 65536) * 1e9;
      const Q = (sec % 65536) * 1e9;
      const pHi = Math.floor(P / 65536);
      const R = (P - pHi * 65536) * 65536 + Q; // = pHi·2^32 + R, R < 2^48
      const rHi = Math.floor(R / 4294967296);
      this.sec = sec;
      this.hi = pHi + rHi;
      this.lo = R - rHi * 4294967296;
    }
    let hi = this.hi;
    let lo = this.lo + nsec;
    if (lo >= 4294967296) {
      lo -= 4294967296;
      hi++;
    }
    return writeU64(out, pos, hi, lo);
  }
}

/** A non-negative integer below 2^53 in its smallest msgpack form. */
const writeUintMp = (out: Uint8Array, pos: number, v: number): number => {
  if (v < 128) {
    out[pos] = v;
    return pos + 1;
  }
  if (v < 256) {
    out[pos] = 0xcc;
    out[pos + 1] = v;
    return pos + 2;
  }
  if (v < 65536) {
    out[pos] = 0xcd;
    out[pos + 1] = v >>> 8;
    out[pos + 2] = v & 255;
    return pos + 3;
  }
  if (v < 4294967296) {
    out[pos] = 0xce;
    out[pos + 1] = v >>> 24;
    out[pos + 2] = (v >>> 16) & 255;
    out[pos + 3] = (v >>> 8) & 255;
    out[pos + 4] = v & 255;
    return pos + 5;
  }
  const hi = Math.floor(v / 4294967296);
  return writeU64(out, pos, hi, v - hi * 4294967296);
};

// exported at the end: `export const` functions are called through `exports.f` inside their own module (see byte-writer.ts)
export { writeU64, Ns64Writer, writeUintMp };

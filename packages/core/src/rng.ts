/**
 * Deterministic random streams. Every unit of work (a chunk of flows, an actor, a session) gets its own stream
 * derived from (seed, stream ids) with splitmix64, so results never depend on which thread ran the unit.
 * The generator is xoshiro128** — 32-bit integer arithmetic only, which V8 keeps in registers; no BigInt or
 * allocation per draw (BigInt is used once per stream, when it is derived).
 */
import * as ziggurat from './ziggurat';

// bound once: TypeScript's CommonJS output reads named imports as `ziggurat_1.kn` — a property load per draw
const { fe, fn, ke, kn, we, wn, ZE_R, ZN_R } = ziggurat;

const MASK64 = (1n << 64n) - 1n;
const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
const INV_2_32 = 1 / 4294967296;

const splitmix64 = (state: bigint): [bigint, bigint] => {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
};

/** Normalises a user seed (any safe integer, negative too, or a bigint) to 64 bits. */
export const seedToBigInt = (seed: number | bigint): bigint => BigInt.asUintN(64, BigInt(seed));

export class Rng {
  /** xoshiro128** state; an Int32Array keeps the words unboxed (object fields holding non-Smi ints are not) */
  private readonly s = new Int32Array(4);

  constructor(s0: number, s1: number, s2: number, s3: number) {
    const s = this.s;
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    if ((s0 | s1 | s2 | s3) === 0) s[0] = 1;
  }

  /** The stream for `ids` under `seed`: ids are mixed in one after another, so (seed, 3, 1) ≠ (seed, 1, 3). */
  static stream(seed: number | bigint, ...ids: ReadonlyArray<number | bigint>): Rng {
    let state = seedToBigInt(seed);
    for (const id of ids) {
      const [, mixed] = splitmix64(state ^ BigInt.asUintN(64, BigInt(id)));
      state = mixed;
    }
    let s = state;
    let a: bigint, b: bigint;
    [s, a] = splitmix64(s);
    [, b] = splitmix64(s);
    return new Rng(Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n));
  }

  /** Uniform uint32. */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11);
    return r >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.nextU32() * INV_2_32;
  }

  /** Uniform in (0, 1]: safe under log(). */
  floatOpenZero(): number {
    return (this.nextU32() + 1) * INV_2_32;
  }

  /** Uniform in [0, 1) with 53 bits of resolution (two draws). */
  float53(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi] (inclusive); span up to 2^32. Multiply-shift, negligible bias for spans ≪ 2^32. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.nextU32() * INV_2_32 * (hi - lo + 1));
  }

  /** Standard normal (ziggurat). */
  normal(): number {
    const u = this.nextU32();
    const iz = u & 127;
    const j = (u | 0) >> 7; // signed 25-bit magnitude, independent of the layer bits
    if ((j < 0 ? -j : j) < kn[iz]!) return j * wn[iz]!;
    return this.normalTail(j, iz);
  }

  private normalTail(j: number, iz: number): number {
    for (;;) {
      if (iz === 0) {
        let x: number, y: number;
        do {
          x = -Math.log(this.floatOpenZero()) / ZN_R;
          y = -Math.log(this.floatOpenZero());
        } while (y + y < x * x);
        return j > 0 ? ZN_R + x : -ZN_R - x;
      }
      const x = j * wn[iz]!;
      if (fn[iz]! + this.float() * (fn[iz - 1]! - fn[iz]!) < Math.exp(-0.5 * x * x)) return x;
      const u = this.nextU32();
      iz = u & 127;
      j = (u | 0) >> 7;
      if ((j < 0 ? -j : j) < kn[iz]!) return j * wn[iz]!;
    }
  }

  /** Exponential with mean 1 (ziggurat). */
  exponential(): number {
    const u = this.nextU32();
    const iz = u & 255;
    const j = u >>> 8;
    if (j < ke[iz]!) return j * we[iz]!;
    return this.exponentialTail(j, iz);
  }

  private exponentialTail(j: number, iz: number): number {
    for (;;) {
      if (iz === 0) return ZE_R - Math.log(this.floatOpenZero());
      const x = j * we[iz]!;
      if (fe[iz]! + this.float() * (fe[iz - 1]! - fe[iz]!) < Math.exp(-x)) return x;
      const u = this.nextU32();
      iz = u & 255;
      j = u >>> 8;
      if (j < ke[iz]!) return j * we[iz]!;
    }
  }
}


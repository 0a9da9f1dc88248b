/**
 * Deterministic random streams. Every unit of work (a chunk of flows, an actor, a session) gets its own stream
 * derived from (seed, stream ids) with splitmix64, so results never depend on which thread ran the unit.
 * The generator is xoshiro128** — 32-bit integer arithmetic only, which V8 keeps in registers; no BigInt or
 * allocation per draw (BigInt is used once per stream, when it is derived).
 */
const MASK64 = (1n << 64n) - 1n;
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
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields two normals per draw; the second is kept here. */
  private spare = 0;
  private hasSpare = false;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
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
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = rotl(n3, 11);
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

  /** Standard normal (Box–Muller, pairs cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.floatOpenZero()));
    const theta = 6.283185307179586 * this.float();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.floatOpenZero());
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

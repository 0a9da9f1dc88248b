/**
 * Distinct uint32 keys (addresses, ports): exact with a Set up to 100 000 keys, then a HyperLogLog with 2^14
 * registers (standard error 1.04/√16384 ≈ 0.81 %). Mergeable; `exact` says which one answered.
 */
const EXACT_LIMIT = 100_000;
const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** 32-bit finaliser (murmur3 fmix32): spreads keys like 10.0.0.1, 10.0.0.2 over all bits */
const mix = (x: number): number => {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};

export class DistinctCounter {
  private set: Set<number> | undefined = new Set();
  private registers: Uint8Array | undefined;

  add(key: number): void {
    if (this.set) {
      this.set.add(key);
      if (this.set.size > EXACT_LIMIT) this.toSketch();
      return;
    }
    this.addToSketch(key);
  }

  private addToSketch(key: number): void {
    const h = mix(key);
    const j = h >>> (32 - P);
    const w = (h << P) >>> 0;
    const rank = w === 0 ? 32 - P + 1 : Math.clz32(w) + 1;
    if (rank > this.registers![j]!) this.registers![j] = rank;
  }

  private toSketch(): void {
    this.registers = new Uint8Array(M);
    for (const k of this.set!) this.addToSketch(k);
    this.set = undefined;
  }

  merge(o: DistinctCounter): void {
    if (o.set) {
      for (const k of o.set) this.add(k);
      return;
    }
    if (this.set) this.toSketch();
    for (let j = 0; j < M; j++) if (o.registers![j]! > this.registers![j]!) this.registers![j] = o.registers![j]!;
  }

  get exact(): boolean {
    return this.set !== undefined;
  }

  count(): number {
    if (this.set) return this.set.size;
    let sum = 0, zeros = 0;
    for (let j = 0; j < M; j++) {
      sum += 2 ** -this.registers![j]!;
      if (this.registers![j] === 0) zeros++;
    }
    const e = (ALPHA * M * M) / sum;
    return Math.round(e <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : e);
  }
}

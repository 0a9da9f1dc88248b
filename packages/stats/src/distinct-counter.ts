/**
 * Distinct uint32 keys (addresses, ports): exact up to 1 000 000 keys (an open-addressing set over a typed
 * array), then a HyperLogLog with 2^14 registers (standard error 1.04/√16384 ≈ 0.81 %). Mergeable; `exact`
 * says which one answered.
 */
const EXACT_LIMIT = 1_000_000;
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

/** uint32 set by open addressing over a Uint32Array (0 marks an empty slot; the key 0 has its own flag) */
class U32Set {
  slots = new Uint32Array(1024);
  hasZero = false;
  size = 0;
  add(key: number): void {
    if (key === 0) {
      if (!this.hasZero) (this.hasZero = true), this.size++;
      return;
    }
    let mask = this.slots.length - 1;
    let i = mix(key) & mask;
    for (;;) {
      const s = this.slots[i]!;
      if (s === key) return;
      if (s === 0) break;
      i = (i + 1) & mask;
    }
    this.slots[i] = key;
    if (++this.size * 2 > this.slots.length) {
      const old = this.slots;
      this.slots = new Uint32Array(old.length * 2);
      mask = this.slots.length - 1;
      for (const s of old) {
        if (s === 0) continue;
        let j = mix(s) & mask;
        while (this.slots[j] !== 0) j = (j + 1) & mask;
        this.slots[j] = s;
      }
    }
  }
  forEach(visit: (key: number) => void): void {
    if (this.hasZero) visit(0);
    for (const s of this.slots) if (s !== 0) visit(s);
  }
}

export class DistinctCounter {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: DistinctCounter): DistinctCounter {
    Object.setPrototypeOf(o, DistinctCounter.prototype);
    if (o.set) Object.setPrototypeOf(o.set, U32Set.prototype);
    return o;
  }

  private set: U32Set | undefined = new U32Set();
  private registers: Uint8Array | undefined;

  add(key: number): void {
    if (this.set) {
      this.set.add(key);
      if (this.set.size > EXACT_LIMIT) this.toSketch();
      return;
    }
    this.addToSketch(key);
  }

  /** the first n keys of a column; the switch to the sketch waits for the batch's end (same registers either way) */
  addAll(keys: Uint32Array, n: number): void {
    const set = this.set;
    if (set) {
      for (let i = 0; i < n; i++) set.add(keys[i]!);
      if (set.size > EXACT_LIMIT) this.toSketch();
    } else for (let i = 0; i < n; i++) this.addToSketch(keys[i]!);
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
    this.set!.forEach((k) => this.addToSketch(k));
    this.set = undefined;
  }

  merge(o: DistinctCounter): void {
    if (o.set) {
      o.set.forEach((k) => this.add(k));
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

/**
 * Distinct uint32 keys (addresses): exact up to 1 000 000 keys, then a HyperLogLog with 2^14 registers
 * (standard error 1.04/√16384 ≈ 0.81 %). Mergeable; `exact` says which one answered.
 *
 * Exact counting starts as bitmaps of the /16 prefixes that occur (8 KiB each): addresses cluster in a few
 * prefixes, and a bit per address is a load and an or — no hash, no probe, a few KiB of cache. When the keys
 * are scattered (many prefixes with few keys each) it moves to an open-addressing set over a typed array.
 */
import { forEachPage, newPageDirectory, withRoom } from './prefix-pages';

const EXACT_LIMIT = 1_000_000;
const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);
/** words per /16 bitmap */
const PAGE = 2048;
/** bitmaps kept regardless of density (512 KiB); beyond, each must hold 1024 keys on average (8 bits/key) */
const FREE_PAGES = 64;

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

/** bitmaps per /16 prefix, allocated as prefixes appear */
class PrefixBitmaps {
  readonly pageOf = newPageDirectory();
  bits = new Uint32Array(4 * PAGE);
  pages = 0;
  size = 0;

  /** adds keys[from…n) until a key needs a page that would make the bitmaps too sparse; returns where it stopped */
  addAll(keys: Uint32Array, from: number, n: number): number {
    const pageOf = this.pageOf;
    let bits = this.bits, size = this.size;
    for (let i = from; i < n; i++) {
      const key = keys[i]!;
      let pg = pageOf[key >>> 16]!;
      if (pg < 0) {
        if (this.pages >= FREE_PAGES && size < this.pages * 1024) {
          this.size = size;
          return i;
        }
        pg = this.newPage(key >>> 16);
        bits = this.bits;
      }
      const w = pg * PAGE + ((key & 0xffff) >>> 5), bit = 1 << (key & 31);
      const v = bits[w]!;
      if ((v & bit) === 0) (bits[w] = v | bit), size++;
    }
    this.size = size;
    return n;
  }

  private newPage(prefix: number): number {
    this.bits = withRoom(this.bits, (this.pages + 1) * PAGE);
    this.pageOf[prefix] = this.pages;
    return this.pages++;
  }

  forEach(visit: (key: number) => void): void {
    forEachPage(this.pageOf, (prefix, pg) => {
      for (let w = 0; w < PAGE; w++) {
        const v = this.bits[pg * PAGE + w]!;
        if (v === 0) continue;
        for (let b = 0; b < 32; b++) if (v & (1 << b)) visit(((prefix << 16) | (w << 5) | b) >>> 0);
      }
    });
  }
}

export class DistinctCounter {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: DistinctCounter): DistinctCounter {
    Object.setPrototypeOf(o, DistinctCounter.prototype);
    if (o.bitmaps) Object.setPrototypeOf(o.bitmaps, PrefixBitmaps.prototype);
    if (o.set) Object.setPrototypeOf(o.set, U32Set.prototype);
    return o;
  }

  /** exactly one of these three holds the keys */
  private bitmaps: PrefixBitmaps | undefined = new PrefixBitmaps();
  private set: U32Set | undefined;
  private registers: Uint8Array | undefined;

  add(key: number): void {
    this.addAll(Uint32Array.of(key), 1);
  }

  /**
   * the first n keys of a column. The switch to the sketch waits for the batch's end: the registers are the
   * same either way, and the result is a sketch exactly when the keys of all batches, files and workers
   * together exceed the limit.
   */
  addAll(keys: Uint32Array, n: number): void {
    let i = 0;
    if (this.bitmaps) {
      i = this.bitmaps.addAll(keys, 0, n);
      if (i < n) this.toSet();
    }
    if (this.set) for (const set = this.set; i < n; i++) set.add(keys[i]!);
    if (this.registers) for (; i < n; i++) this.addToSketch(keys[i]!);
    if (!this.registers && this.size > EXACT_LIMIT) this.toSketch();
  }

  private get size(): number {
    return this.bitmaps ? this.bitmaps.size : this.set ? this.set.size : NaN;
  }

  private forEachKey(visit: (key: number) => void): void {
    if (this.bitmaps) this.bitmaps.forEach(visit);
    else this.set!.forEach(visit);
  }

  private addToSketch(key: number): void {
    const h = mix(key);
    const j = h >>> (32 - P);
    const w = (h << P) >>> 0;
    const rank = w === 0 ? 32 - P + 1 : Math.clz32(w) + 1;
    if (rank > this.registers![j]!) this.registers![j] = rank;
  }

  private toSet(): void {
    const set = new U32Set();
    this.bitmaps!.forEach((k) => set.add(k));
    this.bitmaps = undefined;
    this.set = set;
  }

  private toSketch(): void {
    this.registers = new Uint8Array(M);
    this.forEachKey((k) => this.addToSketch(k));
    this.bitmaps = this.set = undefined;
  }

  merge(o: DistinctCounter): void {
    if (!o.registers) {
      const keys: number[] = [];
      o.forEachKey((k) => keys.push(k));
      this.addAll(Uint32Array.from(keys), keys.length);
      return;
    }
    if (!this.registers) this.toSketch();
    for (let j = 0; j < M; j++) if (o.registers[j]! > this.registers![j]!) this.registers![j] = o.registers[j]!;
  }

  get exact(): boolean {
    return !this.registers;
  }

  count(): number {
    if (!this.registers) return this.size;
    let sum = 0, zeros = 0;
    for (let j = 0; j < M; j++) {
      sum += 2 ** -this.registers[j]!;
      if (this.registers[j] === 0) zeros++;
    }
    const e = (ALPHA * M * M) / sum;
    return Math.round(e <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : e);
  }
}

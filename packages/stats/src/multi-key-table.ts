/**
 * KeyTable for keys of several words (each an integer below 2^53): group-by keys wider than 53 bits, such as
 * srcip + dstip (two words) or a 5-tuple with a time bin (four). Same layout and growth as KeyTable, with
 * words + 3 numbers per slot: key words, flows, packets, bytes. A Map keyed by a string built per flow was
 * ten times slower and kept an object per group on the JavaScript heap.
 */
import { prefault } from './key-table';

const mix = (h: number, k: number): number => {
  const hi = Math.floor(k / 4294967296);
  h = Math.imul(h ^ (k - hi * 4294967296), 0x85ebca6b);
  return Math.imul(h ^ (h >>> 15) ^ hi, 0xc2b2ae35);
};

export class MultiKeyTable {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: MultiKeyTable): MultiKeyTable {
    return Object.setPrototypeOf(o, MultiKeyTable.prototype) as MultiKeyTable;
  }

  /** key words are stored + 1, so that a zeroed array is an empty table (no fill pass over gigabytes) */
  private data: Float64Array;
  private slots: number;
  /** 32 − log2(slots): the slot is the hash's top bits */
  private shift: number;
  private readonly stride: number;
  size = 0;

  constructor(readonly words: number, capacity = 1024) {
    let c = 16;
    while (c * 3 < capacity * 4) c *= 2;
    this.stride = words + 3;
    this.slots = c;
    this.data = new Float64Array(c * this.stride);
    this.shift = 32 - Math.log2(c);
  }

  /** adds to the group whose key words are cols[0][i], cols[1][i], … */
  add(cols: ReadonlyArray<Float64Array>, i: number, flows: number, packets: number, bytes: number): void {
    const d = this.data, stride = this.stride, words = this.words;
    let h = 0x9e3779b1;
    for (let w = 0; w < words; w++) h = mix(h, cols[w]![i]!);
    let at = stride * ((Math.imul(h ^ (h >>> 13), 0x9e3779b1) >>> 0) >>> this.shift);
    for (;;) {
      if (d[at] === 0) {
        for (let w = 0; w < words; w++) d[at + w] = cols[w]![i]! + 1;
        if (++this.size * 4 > this.slots * 3) {
          this.grow();
          this.add(cols, i, flows, packets, bytes);
          return;
        }
        break;
      }
      let w = 0;
      while (w < words && d[at + w] === cols[w]![i]! + 1) w++;
      if (w === words) break;
      at = at + stride === d.length ? 0 : at + stride;
    }
    at += words;
    d[at]! += flows;
    d[at + 1]! += packets;
    d[at + 2]! += bytes;
  }

  /** makes room for `n` keys at once (see KeyTable.reserve) */
  reserve(n: number): void {
    while (n * 4 > this.slots * 3) this.grow();
  }

  private grow(): void {
    const old = this.data;
    this.slots *= 2;
    this.data = prefault(new Float64Array(this.slots * this.stride));
    this.shift--;
    this.size = 0;
    this.forEachIn(old, (key, f, p, b) => this.add(key, 0, f, p, b));
  }

  /** visit's key: one single-element column per word (reused between calls) */
  private forEachIn(d: Float64Array, visit: (key: ReadonlyArray<Float64Array>, flows: number, packets: number, bytes: number) => void): void {
    const s = this.stride, words = this.words;
    const key = Array.from({ length: words }, () => new Float64Array(1));
    for (let at = 0; at < d.length; at += s) {
      if (d[at] === 0) continue;
      for (let w = 0; w < words; w++) key[w]![0] = d[at + w]! - 1;
      visit(key, d[at + words]!, d[at + words + 1]!, d[at + words + 2]!);
    }
  }

  forEach(visit: (key: ReadonlyArray<Float64Array>, flows: number, packets: number, bytes: number) => void): void {
    this.forEachIn(this.data, visit);
  }
}

/**
 * KeyTable for keys of two words (each an integer below 2^53): group-by keys wider than 53 bits, such as
 * srcip + dstip (64 bits) or a 5-tuple without the time bin (104 bits). Same layout and growth as KeyTable,
 * with five numbers per slot: key words, flows, packets, bytes. The alternative, a Map keyed by a string
 * built per flow, was ten times slower.
 */
const EMPTY = -1;
const STRIDE = 5;

const hash = (k1: number, k2: number): number => {
  const h1 = Math.floor(k1 / 4294967296), h2 = Math.floor(k2 / 4294967296);
  let h = Math.imul((k1 - h1 * 4294967296) ^ Math.imul(h1, 0x85ebca6b), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (k2 - h2 * 4294967296), 0xc2b2ae35);
  return Math.imul(h ^ (h >>> 13) ^ Math.imul(h2, 0x27d4eb2f), 0x9e3779b1) >>> 0;
};

export class PairKeyTable {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: PairKeyTable): PairKeyTable {
    return Object.setPrototypeOf(o, PairKeyTable.prototype) as PairKeyTable;
  }

  private data: Float64Array;
  private slots: number;
  /** 32 − log2(slots): the slot is the hash's top bits */
  private shift: number;
  size = 0;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.slots = c;
    this.data = PairKeyTable.emptyData(c);
    this.shift = 32 - Math.log2(c);
  }

  private static emptyData(slots: number): Float64Array {
    const d = new Float64Array(slots * STRIDE);
    for (let i = 0; i < d.length; i += STRIDE) d[i] = EMPTY;
    return d;
  }

  add(k1: number, k2: number, flows: number, packets: number, bytes: number): void {
    const d = this.data;
    let at = STRIDE * (hash(k1, k2) >>> this.shift);
    for (;;) {
      const k = d[at]!;
      if (k === k1 && d[at + 1] === k2) break;
      if (k === EMPTY) {
        d[at] = k1;
        d[at + 1] = k2;
        if (++this.size * 2 > this.slots) {
          this.grow();
          this.add(k1, k2, flows, packets, bytes);
          return;
        }
        break;
      }
      at = at + STRIDE === d.length ? 0 : at + STRIDE;
    }
    d[at + 2]! += flows;
    d[at + 3]! += packets;
    d[at + 4]! += bytes;
  }

  /** makes room for `n` keys at once (see KeyTable.reserve) */
  reserve(n: number): void {
    while (n * 2 > this.slots) this.grow();
  }

  private grow(): void {
    const old = this.data;
    this.slots *= 2;
    this.data = PairKeyTable.emptyData(this.slots);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < old.length; i += STRIDE) if (old[i] !== EMPTY) this.add(old[i]!, old[i + 1]!, old[i + 2]!, old[i + 3]!, old[i + 4]!);
  }

  forEach(visit: (k1: number, k2: number, flows: number, packets: number, bytes: number) => void): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += STRIDE) if (d[i] !== EMPTY) visit(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, d[i + 4]!);
  }
}

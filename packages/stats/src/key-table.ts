/**
 * Integer key below 2^53 → three counters (flows, packets, bytes), open addressing over typed arrays: the
 * table behind top-N (addresses, ports) and group-by (composite keys: srcip + dstport is 48 bits). No object
 * per group — a Map of arrays cost ~1 KB per group and allocated on every new key. Grows ×2 at half load.
 */
const TWO32 = 4294967296;
const EMPTY = -1;

/** Fibonacci hashing (use the product's high bits) of the low word mixed with the high word */
const hash = (key: number): number => {
  if (key < TWO32) return Math.imul(key | 0, 0x9e3779b1) >>> 0;
  const hi = Math.floor(key / TWO32);
  return Math.imul((key - hi * TWO32) ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0;
};

export class KeyTable {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: KeyTable): KeyTable {
    return Object.setPrototypeOf(o, KeyTable.prototype) as KeyTable;
  }

  private keys: Float64Array;
  private vals: Float64Array;
  private mask: number;
  /** 32 − log2(slots): the slot is the hash's top bits, the well-mixed ones */
  private shift: number;
  size = 0;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Float64Array(c).fill(EMPTY);
    this.vals = new Float64Array(c * 3);
    this.mask = c - 1;
    this.shift = 32 - Math.log2(c);
  }

  add(key: number, flows: number, packets: number, bytes: number): void {
    const keys = this.keys;
    let i = hash(key) >>> this.shift;
    for (;;) {
      const k = keys[i]!;
      if (k === key) break;
      if (k === EMPTY) {
        keys[i] = key;
        if (++this.size * 2 > keys.length) {
          this.grow();
          this.add(key, flows, packets, bytes);
          return;
        }
        break;
      }
      i = (i + 1) & this.mask;
    }
    const v = this.vals;
    v[3 * i]! += flows;
    v[3 * i + 1]! += packets;
    v[3 * i + 2]! += bytes;
  }

  /**
   * Makes room for `n` keys at once. Needed before merging another table: its keys arrive in its slot order,
   * i.e. sorted by hash, and inserting them into a smaller table piles them into one probe run (quadratic).
   */
  reserve(n: number): void {
    while (n * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const keys = this.keys, vals = this.vals;
    this.keys = new Float64Array(keys.length * 2).fill(EMPTY);
    this.vals = new Float64Array(keys.length * 6);
    this.mask = this.keys.length - 1;
    this.shift--;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.add(keys[i]!, vals[3 * i]!, vals[3 * i + 1]!, vals[3 * i + 2]!);
  }

  forEach(visit: (key: number, flows: number, packets: number, bytes: number) => void): void {
    const keys = this.keys, v = this.vals;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) visit(keys[i]!, v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!);
  }
}

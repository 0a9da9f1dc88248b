/**
 * uint32 key → three counters (flows, packets, bytes), as an open-addressing hash table over typed arrays:
 * no object per key, no Map boxing — group-by over addresses runs at a few ns per update. Grows ×2 at half load.
 */
const EMPTY = 0xffffffff; // keys are < 2^32 − 1 (255.255.255.255 itself goes to a side slot)

export class KeyTable {
  private keys: Uint32Array;
  private vals: Float64Array;
  private mask: number;
  size = 0;
  /** counters of key 0xffffffff, which marks empty slots */
  private readonly last = new Float64Array(3);
  private hasLast = false;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Uint32Array(c).fill(EMPTY);
    this.vals = new Float64Array(c * 3);
    this.mask = c - 1;
  }

  add(key: number, flows: number, packets: number, bytes: number): void {
    if (key === EMPTY) {
      if (!this.hasLast) (this.hasLast = true), this.size++;
      this.last[0]! += flows;
      this.last[1]! += packets;
      this.last[2]! += bytes;
      return;
    }
    const keys = this.keys;
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & this.mask;
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

  private grow(): void {
    const keys = this.keys, vals = this.vals;
    this.keys = new Uint32Array(keys.length * 2).fill(EMPTY);
    this.vals = new Float64Array(keys.length * 6);
    this.mask = this.keys.length - 1;
    this.size = this.hasLast ? 1 : 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.add(keys[i]!, vals[3 * i]!, vals[3 * i + 1]!, vals[3 * i + 2]!);
  }

  /** every key with its counters */
  forEach(visit: (key: number, flows: number, packets: number, bytes: number) => void): void {
    const keys = this.keys, v = this.vals;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) visit(keys[i]!, v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!);
    if (this.hasLast) visit(EMPTY, this.last[0]!, this.last[1]!, this.last[2]!);
  }
}

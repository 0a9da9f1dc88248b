/**
 * Flows, packets and bytes per key for keys from a small domain (ports, protocols, pattern ids): the key is
 * the index, so an update is three adds at a known place — no hash, no probe. A 16-bit domain is 1.5 MiB and
 * real port mixes touch a small part of it. Mergeable; visits keys in ascending order.
 */
export class DenseCounts {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: DenseCounts): DenseCounts {
    return Object.setPrototypeOf(o, DenseCounts.prototype) as DenseCounts;
  }

  /** key k: data[3k … 3k+2] = flows, packets, bytes */
  readonly data: Float64Array;

  constructor(readonly domain: number) {
    this.data = new Float64Array(domain * 3);
  }

  add(key: number, flows: number, packets: number, bytes: number): void {
    const d = this.data, k = 3 * key;
    d[k]! += flows;
    d[k + 1]! += packets;
    d[k + 2]! += bytes;
  }

  get size(): number {
    let n = 0;
    for (let k = 0; k < this.data.length; k += 3) if (this.data[k] !== 0) n++;
    return n;
  }

  /** adds another table's counts key by key (same domain) */
  merge(o: DenseCounts): void {
    const d = this.data, e = o.data;
    for (let i = 0; i < d.length; i++) d[i]! += e[i]!;
  }

  forEach(visit: (key: number, flows: number, packets: number, bytes: number) => void): void {
    const d = this.data;
    for (let k = 0; k < d.length; k += 3) if (d[k] !== 0) visit(k / 3, d[k]!, d[k + 1]!, d[k + 2]!);
  }
}

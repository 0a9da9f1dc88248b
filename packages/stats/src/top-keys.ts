/**
 * Top-N by a key in nfdump's `-s` vocabulary — srcip, dstip, ip, srcport, dstport, port, proto, pattern — with
 * flows, packets and bytes per key; `ip` and `port` count each flow under both its source and destination,
 * as nfdump does. Exact (a hash map per key: group-by state is the one thing that grows with the data) and
 * mergeable across workers and files.
 */
import { uint32ToIp, type FlowBatch } from '@flowgen/core';

export const TOP_KEYS = ['srcip', 'dstip', 'ip', 'srcport', 'dstport', 'port', 'proto', 'pattern'] as const;
export type TopKey = (typeof TOP_KEYS)[number];
export const TOP_ORDERS = ['flows', 'packets', 'bytes'] as const;
export type TopOrder = (typeof TOP_ORDERS)[number];

export interface TopRow {
  readonly key: string;
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
}

export class TopKeys {
  /** key → [flows, packets, bytes] */
  private readonly groups = new Map<number, Float64Array>();
  /** pattern names in the order their indices were first seen (pattern keys are names, merged by name) */
  private readonly names: string[] = [];

  constructor(readonly key: TopKey) {}

  private add(k: number, packets: number, bytes: number): void {
    let g = this.groups.get(k);
    if (!g) this.groups.set(k, (g = new Float64Array(3)));
    g[0]!++;
    g[1]! += packets;
    g[2]! += bytes;
  }

  update(b: FlowBatch, rows?: Uint32Array, count = b.length): void {
    const key = this.key;
    const nameIndex = key === 'pattern' ? b.patternNames.map((n) => this.nameId(n)) : [];
    for (let j = 0; j < count; j++) {
      const i = rows ? rows[j]! : j;
      const pk = b.packets[i]!, by = b.bytes[i]!;
      switch (key) {
        case 'srcip': this.add(b.srcIp[i]!, pk, by); break;
        case 'dstip': this.add(b.dstIp[i]!, pk, by); break;
        case 'ip': this.add(b.srcIp[i]!, pk, by); this.add(b.dstIp[i]!, pk, by); break;
        case 'srcport': this.add(b.srcPort[i]!, pk, by); break;
        case 'dstport': this.add(b.dstPort[i]!, pk, by); break;
        case 'port': this.add(b.srcPort[i]!, pk, by); this.add(b.dstPort[i]!, pk, by); break;
        case 'proto': this.add(b.protocol[i]!, pk, by); break;
        case 'pattern': this.add(nameIndex[b.pattern[i]!]!, pk, by); break;
      }
    }
  }

  private nameId(name: string): number {
    const i = this.names.indexOf(name);
    return i >= 0 ? i : this.names.push(name) - 1;
  }

  merge(o: TopKeys): void {
    for (const [k, g] of o.groups) {
      const kk = this.key === 'pattern' ? this.nameId(o.names[k]!) : k;
      let mine = this.groups.get(kk);
      if (!mine) this.groups.set(kk, (mine = new Float64Array(3)));
      mine[0]! += g[0]!;
      mine[1]! += g[1]!;
      mine[2]! += g[2]!;
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** the n largest by `order` (ties: smaller key first, so output is deterministic); n ≤ 0: all */
  top(order: TopOrder, n: number): TopRow[] {
    const o = TOP_ORDERS.indexOf(order);
    const all = [...this.groups.entries()].sort((a, b) => b[1][o]! - a[1][o]! || a[0] - b[0]);
    return (n > 0 ? all.slice(0, n) : all).map(([k, g]) => ({ key: this.label(k), flows: g[0]!, packets: g[1]!, bytes: g[2]! }));
  }

  private label(k: number): string {
    if (this.key === 'srcip' || this.key === 'dstip' || this.key === 'ip') return uint32ToIp(k);
    if (this.key === 'pattern') return this.names[k]!;
    return String(k);
  }
}

/**
 * Top-N by a key in nfdump's `-s` vocabulary — srcip, dstip, ip, srcport, dstport, port, proto, pattern — with
 * flows, packets and bytes per key; `ip` and `port` count each flow under both its source and destination,
 * as nfdump does. Exact (a hash map per key: group-by state is the one thing that grows with the data) and
 * mergeable across workers and files.
 */
import { uint32ToIp, type FlowBatch } from '@flowgen/core';
import { KeyTable } from './key-table';

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
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: TopKeys): TopKeys {
    Object.setPrototypeOf(o, TopKeys.prototype);
    KeyTable.revive(o.table);
    return o;
  }

  private readonly table = new KeyTable();
  /** pattern names in the order their indices were first seen (pattern keys are names, merged by name) */
  private readonly names: string[] = [];

  constructor(readonly key: TopKey) {}

  /** one monomorphic loop per key kind */
  update(b: FlowBatch): void {
    const t = this.table, n = b.length, pk = b.packets, by = b.bytes;
    switch (this.key) {
      case 'srcip': for (let i = 0; i < n; i++) t.add(b.srcIp[i]!, 1, pk[i]!, by[i]!); break;
      case 'dstip': for (let i = 0; i < n; i++) t.add(b.dstIp[i]!, 1, pk[i]!, by[i]!); break;
      case 'ip': for (let i = 0; i < n; i++) t.add(b.srcIp[i]!, 1, pk[i]!, by[i]!), t.add(b.dstIp[i]!, 1, pk[i]!, by[i]!); break;
      case 'srcport': for (let i = 0; i < n; i++) t.add(b.srcPort[i]!, 1, pk[i]!, by[i]!); break;
      case 'dstport': for (let i = 0; i < n; i++) t.add(b.dstPort[i]!, 1, pk[i]!, by[i]!); break;
      case 'port': for (let i = 0; i < n; i++) t.add(b.srcPort[i]!, 1, pk[i]!, by[i]!), t.add(b.dstPort[i]!, 1, pk[i]!, by[i]!); break;
      case 'proto': for (let i = 0; i < n; i++) t.add(b.protocol[i]!, 1, pk[i]!, by[i]!); break;
      case 'pattern': {
        const ids = b.patternNames.map((name) => this.nameId(name));
        for (let i = 0; i < n; i++) t.add(ids[b.pattern[i]!]!, 1, pk[i]!, by[i]!);
        break;
      }
    }
  }

  private nameId(name: string): number {
    const i = this.names.indexOf(name);
    return i >= 0 ? i : this.names.push(name) - 1;
  }

  merge(o: TopKeys): void {
    this.table.reserve(this.table.size + o.table.size);
    o.table.forEach((k, f, p, b) => this.table.add(this.key === 'pattern' ? this.nameId(o.names[k]!) : k, f, p, b));
  }

  get size(): number {
    return this.table.size;
  }

  /** the n largest by `order` (ties: smaller key first, so output is deterministic); n ≤ 0: all */
  top(order: TopOrder, n: number): TopRow[] {
    const o = TOP_ORDERS.indexOf(order);
    // ties: the smaller key (by name for patterns, whose ids depend on the order files and workers met them)
    const keyLess = (x: number, y: number) => (this.key === 'pattern' ? this.names[x]! < this.names[y]! : x < y);
    const better = (a: Float64Array, b: Float64Array) => a[o]! > b[o]! || (a[o] === b[o] && keyLess(a[3]!, b[3]!));
    const best: Float64Array[] = [];
    if (n <= 0) {
      this.table.forEach((k, flows, packets, bytes) => best.push(Float64Array.of(flows, packets, bytes, k)));
      best.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    } else {
      // keep the best n in a small sorted array: O(groups · n) with n ≈ 10, instead of sorting every group
      this.table.forEach((k, flows, packets, bytes) => {
        if (best.length === n && (o === 0 ? flows : o === 1 ? packets : bytes) < best[n - 1]![o]!) return;
        const e = Float64Array.of(flows, packets, bytes, k);
        if (best.length === n && !better(e, best[n - 1]!)) return;
        let i = best.length;
        while (i > 0 && better(e, best[i - 1]!)) i--;
        best.splice(i, 0, e);
        if (best.length > n) best.pop();
      });
    }
    return best.map((e) => ({ key: this.label(e[3]!), flows: e[0]!, packets: e[1]!, bytes: e[2]! }));
  }

  private label(k: number): string {
    if (this.key === 'srcip' || this.key === 'dstip' || this.key === 'ip') return uint32ToIp(k);
    if (this.key === 'pattern') return this.names[k]!;
    return String(k);
  }
}

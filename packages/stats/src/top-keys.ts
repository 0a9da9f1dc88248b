/**
 * Top-N by a key in nfdump's `-s` vocabulary — srcip, dstip, ip, srcport, dstport, port, proto, pattern — with
 * flows, packets and bytes per key; `ip` and `port` count each flow under both its source and destination,
 * as nfdump does. Exact and mergeable across workers and files: addresses in AddressCounts (dense per /16, a
 * hash table when they scatter), ports, protocols and patterns in dense per-key counters.
 */
import { uint32ToIp, type FlowBatch } from '@flowgen/core';
import { AddressCounts } from './address-counts';
import { DenseCounts } from './dense-counts';

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
    if (o.table) AddressCounts.revive(o.table);
    else DenseCounts.revive(o.dense!);
    return o;
  }

  /** addresses */
  private readonly table: AddressCounts | undefined;
  /** ports (16 bits), protocols and pattern ids (8 bits) */
  private readonly dense: DenseCounts | undefined;
  /** pattern names in the order their indices were first seen (pattern keys are names, merged by name) */
  private readonly names: string[] = [];

  constructor(readonly key: TopKey) {
    if (key === 'srcip' || key === 'dstip' || key === 'ip') this.table = new AddressCounts();
    else this.dense = new DenseCounts(key === 'proto' || key === 'pattern' ? 256 : 65536);
  }

  /** one monomorphic loop per key kind */
  update(b: FlowBatch): void {
    const n = b.length, pk = b.packets, by = b.bytes;
    if (this.table) {
      const t = this.table;
      switch (this.key) {
        case 'srcip': t.addColumn(b.srcIp, pk, by, n); break;
        case 'dstip': t.addColumn(b.dstIp, pk, by, n); break;
        default: t.addColumn(b.srcIp, pk, by, n), t.addColumn(b.dstIp, pk, by, n); break;
      }
      return;
    }
    const d = this.dense!.data;
    const count = (col: ArrayLike<number>) => {
      for (let i = 0; i < n; i++) {
        const k = 3 * col[i]!;
        d[k]!++;
        d[k + 1]! += pk[i]!;
        d[k + 2]! += by[i]!;
      }
    };
    switch (this.key) {
      case 'srcport': count(b.srcPort); break;
      case 'dstport': count(b.dstPort); break;
      case 'port': count(b.srcPort), count(b.dstPort); break;
      case 'proto': count(b.protocol); break;
      default: {
        // batch pattern indices → this accumulator's ids (the same name may have another index per reader)
        const ids = Uint8Array.from(b.patternNames, (name) => this.nameId(name));
        for (let i = 0; i < n; i++) {
          const k = 3 * ids[b.pattern[i]!]!;
          d[k]!++;
          d[k + 1]! += pk[i]!;
          d[k + 2]! += by[i]!;
        }
      }
    }
  }

  private nameId(name: string): number {
    const i = this.names.indexOf(name);
    return i >= 0 ? i : this.names.push(name) - 1;
  }

  merge(o: TopKeys): void {
    if (this.table) this.table.merge(o.table!);
    else if (this.key === 'pattern') o.dense!.forEach((k, f, p, b) => this.dense!.add(this.nameId(o.names[k]!), f, p, b));
    else this.dense!.merge(o.dense!);
  }

  get size(): number {
    return (this.table ?? this.dense!).size;
  }

  private forEach(visit: (key: number, flows: number, packets: number, bytes: number) => void): void {
    if (this.table) this.table.forEach(visit);
    else this.dense!.forEach(visit);
  }

  /** the n largest by `order` (ties: smaller key first, so output is deterministic); n ≤ 0: all */
  top(order: TopOrder, n: number): TopRow[] {
    const o = TOP_ORDERS.indexOf(order);
    // ties: the smaller key (by name for patterns, whose ids depend on the order files and workers met them)
    const keyLess = (x: number, y: number) => (this.key === 'pattern' ? this.names[x]! < this.names[y]! : x < y);
    const better = (a: Float64Array, b: Float64Array) => a[o]! > b[o]! || (a[o] === b[o] && keyLess(a[3]!, b[3]!));
    const best: Float64Array[] = [];
    if (n <= 0) {
      this.forEach((k, flows, packets, bytes) => best.push(Float64Array.of(flows, packets, bytes, k)));
      best.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    } else {
      // keep the best n in a small sorted array: O(groups · n) with n ≈ 10, instead of sorting every group
      this.forEach((k, flows, packets, bytes) => {
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

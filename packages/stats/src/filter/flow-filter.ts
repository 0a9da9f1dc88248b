/**
 * A parsed filter compiled into a predicate over batch rows (closures over plain numbers: no per-row
 * allocation), and `select`, which lists the matching rows of a batch.
 */
import type { FlowBatch } from '@flowgen/core';
import { parseFilter, type Cmp, type FilterNode } from './filter-parser';

export type RowPredicate = (b: FlowBatch, i: number) => boolean;

const compare = (cmp: Cmp, v: number): ((x: number) => boolean) => {
  switch (cmp) {
    case 'eq': return (x) => x === v;
    case 'ne': return (x) => x !== v;
    case 'lt': return (x) => x < v;
    case 'le': return (x) => x <= v;
    case 'gt': return (x) => x > v;
    case 'ge': return (x) => x >= v;
  }
};

export const compileFilter = (node: FilterNode): RowPredicate => {
  switch (node.kind) {
    case 'and': {
      const l = compileFilter(node.left), r = compileFilter(node.right);
      return (b, i) => l(b, i) && r(b, i);
    }
    case 'or': {
      const l = compileFilter(node.left), r = compileFilter(node.right);
      return (b, i) => l(b, i) || r(b, i);
    }
    case 'not': {
      const inner = compileFilter(node.inner);
      return (b, i) => !inner(b, i);
    }
    case 'any':
      return () => true;
    case 'proto': {
      const v = node.value;
      return (b, i) => b.protocol[i] === v;
    }
    case 'ip': {
      const v = node.value;
      if (node.side === 'src') return (b, i) => b.srcIp[i] === v;
      if (node.side === 'dst') return (b, i) => b.dstIp[i] === v;
      return (b, i) => b.srcIp[i] === v || b.dstIp[i] === v;
    }
    case 'net': {
      const lo = node.base, hi = node.base + node.size;
      const inNet = (x: number) => x >= lo && x < hi;
      if (node.side === 'src') return (b, i) => inNet(b.srcIp[i]!);
      if (node.side === 'dst') return (b, i) => inNet(b.dstIp[i]!);
      return (b, i) => inNet(b.srcIp[i]!) || inNet(b.dstIp[i]!);
    }
    case 'port': {
      const c = compare(node.cmp, node.value);
      if (node.side === 'src') return (b, i) => c(b.srcPort[i]!);
      if (node.side === 'dst') return (b, i) => c(b.dstPort[i]!);
      return (b, i) => c(b.srcPort[i]!) || c(b.dstPort[i]!);
    }
    case 'bytes': {
      const c = compare(node.cmp, node.value);
      return (b, i) => c(b.bytes[i]!);
    }
    case 'packets': {
      const c = compare(node.cmp, node.value);
      return (b, i) => c(b.packets[i]!);
    }
    case 'duration': {
      const c = compare(node.cmp, node.value);
      return (b, i) => c((b.endSec[i]! - b.startSec[i]!) * 1e3 + (b.endNsec[i]! - b.startNsec[i]!) / 1e6);
    }
    case 'pattern': {
      const name = node.name;
      return (b, i) => b.patternNames[b.pattern[i]!] === name;
    }
    case 'flags': {
      const m = node.mask;
      return (b, i) => (b.tcpFlags[i]! & m) === m;
    }
  }
};

export class FlowFilter {
  readonly predicate: RowPredicate;
  constructor(readonly text: string) {
    this.predicate = compileFilter(parseFilter(text));
  }

  /** writes the indices of matching rows of b into `rows`; returns how many */
  select(b: FlowBatch, rows: Uint32Array): number {
    const p = this.predicate;
    let n = 0;
    for (let i = 0; i < b.length; i++) if (p(b, i)) rows[n++] = i;
    return n;
  }
}

/** Copies rows of `src` into `dst` (from row 0), so encoders and accumulators see a plain batch. */
export const compactRows = (src: FlowBatch, rows: Uint32Array, count: number, dst: FlowBatch): void => {
  for (let j = 0; j < count; j++) {
    const i = rows[j]!;
    dst.startSec[j] = src.startSec[i]!;
    dst.startNsec[j] = src.startNsec[i]!;
    dst.endSec[j] = src.endSec[i]!;
    dst.endNsec[j] = src.endNsec[i]!;
    dst.srcIp[j] = src.srcIp[i]!;
    dst.dstIp[j] = src.dstIp[i]!;
    dst.srcPort[j] = src.srcPort[i]!;
    dst.dstPort[j] = src.dstPort[i]!;
    dst.protocol[j] = src.protocol[i]!;
    dst.tcpFlags[j] = src.tcpFlags[i]!;
    dst.pattern[j] = src.pattern[i]!;
    dst.packets[j] = src.packets[i]!;
    dst.bytes[j] = src.bytes[i]!;
  }
  dst.length = count;
};

/**
 * FlowFilter: an expression (plus nfdump's time window and ms rounding, if asked) compiled once into a batch
 * selector; `select` lists the matching rows of a batch and `compactRows` copies them into a plain batch.
 * `spec` is the plain data a worker thread needs to build the same filter.
 */
import type { FlowBatch } from '@flowgen/core';
import { parseFilter } from './filter-parser';
import { compileFilter, type BatchSelector, type FilterOptions } from './filter-compile';

export interface FilterSpec extends FilterOptions {
  /** the expression; none: every flow (within the window) */
  readonly text?: string;
}

export class FlowFilter {
  readonly select: BatchSelector;
  constructor(readonly spec: FilterSpec) {
    this.select = compileFilter(spec.text === undefined ? undefined : parseFilter(spec.text), spec);
  }

  get text(): string | undefined {
    return this.spec.text;
  }
}

/**
 * Copies rows[0 … count) of `src` into `dst` from row `at` (0: a fresh batch; dst.length: appending), so encoders
 * and accumulators see a plain batch.
 */
export const compactRows = (src: FlowBatch, rows: Uint32Array, count: number, dst: FlowBatch, at = 0): void => {
  for (let k = 0, j = at; k < count; k++, j++) {
    const i = rows[k]!;
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
  dst.length = at + count;
};

/**
 * One unit of analyze/aggregate work: the flows of one byte range of one file, optionally filtered, into
 * fresh accumulators. Free of oclif and Effect: worker threads run it (jobs/scan-job.ts), and the main thread
 * runs it directly when there is a single range.
 */
import type { FlowBatch } from '@flowgen/core';
// subpaths, not the barrel: worker start-up time
import { openFlowRange, type ByteRange } from '@flowgen/exporters/read/open-flow-file';
import { ReadError } from '@flowgen/exporters/read/flow-reader';
import { compactRows, FlowFilter, FlowSummary, GroupBy, type FilterSpec, type GroupKey, type TopKey } from '@flowgen/stats';

export interface ScanTask {
  readonly file: string;
  readonly range: ByteRange;
  readonly filter?: FilterSpec;
  /** a summary, with top tables for these keys */
  readonly summary?: ReadonlyArray<TopKey>;
  readonly group?: { readonly keys: ReadonlyArray<GroupKey>; readonly binNs: number };
  /** stop after this many flows passed the filter (-c) */
  readonly limit?: number;
}

export interface ScanResult {
  readonly flows: number;
  /** flows that passed the filter */
  readonly matched: number;
  readonly format: string;
  readonly error?: { readonly file: string; readonly offset: number; readonly problem: string };
  readonly summary?: FlowSummary;
  readonly group?: GroupBy;
}

/** progress every this many batches (~0.5 M flows) */
const PROGRESS_BATCHES = 32;

/** `onProgress(bytes, flows)`: bytes of the range done and flows read so far, now and then */
export const scanRange = (task: ScanTask, onProgress?: (bytes: number, flows: number) => void): ScanResult => {
  let reader;
  try {
    reader = openFlowRange(task.file, task.range);
  } catch (e) {
    // a stream's first bytes are only seen here (nothing opened it before): report like a read error
    if (!(e instanceof ReadError)) throw e;
    return { flows: 0, matched: 0, format: 'unknown', error: { file: e.file, offset: e.offset, problem: e.problem } };
  }
  const filter = task.filter === undefined ? undefined : new FlowFilter(task.filter);
  const summary = task.summary ? new FlowSummary(task.summary) : undefined;
  const group = task.group ? new GroupBy(task.group.keys, task.group.binNs) : undefined;
  const batch = reader.newBatch();
  const selected: FlowBatch = filter ? reader.newBatch() : batch;
  const rows = new Uint32Array(batch.capacity);
  let flows = 0, batches = 0, matched = 0;
  const limit = task.limit ?? Infinity;
  let error: ScanResult['error'];
  try {
    for (let k = reader.next(batch); k > 0; k = reader.next(batch)) {
      flows += k;
      if (onProgress && ++batches % PROGRESS_BATCHES === 0) onProgress(reader.offset() - task.range.start, flows);
      if (filter) compactRows(batch, rows, filter.select(batch, rows), selected);
      if (matched + selected.length > limit) selected.length = limit - matched;
      matched += selected.length;
      if (selected.length === 0) continue;
      summary?.update(selected);
      group?.update(selected);
      if (matched >= limit) break;
    }
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    error = { file: e.file, offset: e.offset, problem: e.problem };
  } finally {
    reader.close();
  }
  return { flows, matched, format: reader.format, ...(error ? { error } : {}), summary, group };
};

/** The accumulators of a result that crossed a worker boundary, with their methods back. */
export const reviveResult = (r: ScanResult): ScanResult => ({
  ...r,
  summary: r.summary && FlowSummary.revive(r.summary),
  group: r.group && GroupBy.revive(r.group),
});

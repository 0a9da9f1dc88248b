/**
 * One unit of parallel `filter` work: the flows of one byte range of one file that pass the filter, handed
 * out in batches of up to OUT_ROWS rows (columns only, ready to be transferred to the main thread). Free of
 * oclif and Effect: worker threads run it (jobs/filter-job.ts).
 */
import { FlowBatch } from '@flowgen/core';
// subpaths, not the packages' barrels: a worker loads only the readers and the filter (start-up time)
import { openFlowRange, type ByteRange } from '@flowgen/exporters/read/open-flow-file';
import { ReadError } from '@flowgen/exporters/read/flow-reader';
import { compactRows, FlowFilter, type FilterSpec } from '@flowgen/stats/filter/flow-filter';

export interface FilterRangeTask {
  readonly file: string;
  readonly range: ByteRange;
  readonly filter: FilterSpec;
}

/**
 * a batch of matching flows as plain columns (what crosses the thread boundary); patternNames are the range
 * reader's when the batch was handed out (pattern holds indices into them)
 */
export type FilteredColumns = Omit<FlowBatch, 'capacity' | 'duration'>;

export interface FilterRangeEnd {
  /** flows read from the range */
  readonly flows: number;
  readonly error?: { readonly file: string; readonly offset: number; readonly problem: string };
}

export const OUT_ROWS = 16384;

const columnsOf = (b: FlowBatch, names: ReadonlyArray<string>): FilteredColumns => {
  const n = b.length;
  // exact-length copies: a selective filter sends little, and the buffers transfer without copying again
  return {
    length: n, patternNames: [...names],
    startSec: b.startSec.slice(0, n), startNsec: b.startNsec.slice(0, n), endSec: b.endSec.slice(0, n), endNsec: b.endNsec.slice(0, n),
    srcIp: b.srcIp.slice(0, n), dstIp: b.dstIp.slice(0, n), srcPort: b.srcPort.slice(0, n), dstPort: b.dstPort.slice(0, n),
    protocol: b.protocol.slice(0, n), tcpFlags: b.tcpFlags.slice(0, n), pattern: b.pattern.slice(0, n),
    packets: b.packets.slice(0, n), bytes: b.bytes.slice(0, n),
  };
};

/**
 * Scans the range, calling `emit` with each full batch of matching flows (and the last, partial one). A worker
 * passes the filter it built for its first range: compiled and warmed up once.
 */
export const filterRange = (task: FilterRangeTask, emit: (c: FilteredColumns) => void, filter = new FlowFilter(task.filter)): FilterRangeEnd => {
  const reader = openFlowRange(task.file, task.range);
  const batch = reader.newBatch();
  const rows = new Uint32Array(batch.capacity);
  const out = new FlowBatch(OUT_ROWS);
  let flows = 0;
  let error: FilterRangeEnd['error'];
  try {
    for (let k = reader.next(batch); k > 0; k = reader.next(batch)) {
      flows += k;
      const n = filter.select(batch, rows);
      for (let done = 0; done < n; ) {
        const take = Math.min(n - done, OUT_ROWS - out.length);
        compactRows(batch, rows.subarray(done, done + take), take, out, out.length);
        done += take;
        if (out.length === OUT_ROWS) {
          emit(columnsOf(out, reader.patternNames));
          out.length = 0;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    error = { file: e.file, offset: e.offset, problem: e.problem };
  } finally {
    reader.close();
  }
  if (out.length > 0) emit(columnsOf(out, reader.patternNames));
  return error ? { flows, error } : { flows };
};

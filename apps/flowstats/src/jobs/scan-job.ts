/**
 * Worker thread entry for analyze/aggregate: runs one ScanTask, posting {progress} now and then and {result}
 * (its accumulators) at the end. The accumulators' typed arrays are transferred, not copied: a group-by
 * table can be gigabytes, and a structured-clone copy would hold it twice while the worker winds down.
 */
import * as v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
// the same inlining budget as the collect workers (packages/core/src/worker-entry.ts)
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=20000');
v8.setFlagsFromString('--max-inlined-bytecode-size=2000');
import { scanRange, type ScanTask } from '../analyze/scan-range';

/** the ArrayBuffers behind every typed array in a plain-data graph */
const buffersIn = (value: unknown, found = new Set<ArrayBuffer>()): Set<ArrayBuffer> => {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) buffersIn(v, found);
  return found;
};

const result = scanRange(workerData as ScanTask, (bytes, flows) => parentPort!.postMessage({ progress: { bytes, flows } }));
parentPort!.postMessage({ result }, [...buffersIn(result)]);

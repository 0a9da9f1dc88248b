/** Worker thread entry for analyze/aggregate: runs one ScanTask and posts its accumulators back. */
import * as v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
// the same inlining budget as the collect workers (packages/core/src/worker-entry.ts)
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=20000');
v8.setFlagsFromString('--max-inlined-bytecode-size=2000');
import { scanRange, type ScanTask } from '../analyze/scan-range';

parentPort!.postMessage(scanRange(workerData as ScanTask));

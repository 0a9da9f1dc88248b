/**
 * Worker thread entry for parallel `filter`: takes FilterRangeTasks one message at a time (a null message ends
 * it), posting {batch} for each batch of matching flows (its buffers transferred) and {end} per task. One
 * worker serves many ranges, so its start-up cost is paid once.
 */
import { parentPort } from 'node:worker_threads';
// no enlarged inlining budget here (unlike the collect workers): measured, it made the readers' warm-up in
// each range slower (big optimised functions compile late on a busy machine) without a faster steady state
import { FlowFilter } from '@flowgen/stats/filter/flow-filter';
import { filterRange, type FilteredColumns, type FilterRangeTask } from '../analyze/filter-range';

let filter: FlowFilter | undefined;
let filterKey = '';

const transferList = (c: FilteredColumns): ArrayBuffer[] =>
  [c.startSec, c.startNsec, c.endSec, c.endNsec, c.srcIp, c.dstIp, c.srcPort, c.dstPort, c.protocol, c.tcpFlags, c.pattern, c.packets, c.bytes].map((a) => a.buffer as ArrayBuffer);

parentPort!.on('message', (task: FilterRangeTask | null) => {
  if (task === null) {
    parentPort!.close();
    return;
  }
  const key = JSON.stringify(task.filter);
  if (!filter || key !== filterKey) (filter = new FlowFilter(task.filter)), (filterKey = key);
  const end = filterRange(task, (batch) => parentPort!.postMessage({ batch }, transferList(batch)), filter);
  parentPort!.postMessage({ end });
});

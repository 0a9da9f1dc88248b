/**
 * `filter` on worker threads with its output in file order: every file is cut into byte ranges (msgpack, CSV,
 * JSONL; about RANGES_PER_THREAD per thread, 8–64 MB each: fewer ranges, fewer reader start-ups; other formats are one range per file), worker threads take ranges in
 * order and send back their matching flows in batches, and the main thread hands the batches to the writer
 * strictly in file and range order — so the output is the same bytes as a one-thread read. Ranges are handed
 * out at most WINDOW_PER_THREAD × threads ahead of the one being written, which bounds the memory of batches
 * waiting their turn whatever the speed of the output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError, FlowBatch } from '@flowgen/core';
import { isStream, ReadError, splitFlowFile } from '@flowgen/exporters';
import type { FilterSpec } from '@flowgen/stats';
import type { ProgressStyle } from '../collect/progress-reporter';
import type { FilteredColumns, FilterRangeEnd, FilterRangeTask } from './filter-range';
import { ScanProgress } from './scan-progress';

const JOB = path.join(__dirname, '..', 'jobs', 'filter-job.js');
/** ranges: about RANGES_PER_THREAD per thread (each range costs a reader's start and warm-up), within these sizes */
const MIN_RANGE_BYTES = 8 << 20;
const MAX_RANGE_BYTES = 64 << 20;
const RANGES_PER_THREAD = 2;
const WINDOW_PER_THREAD = 2;

/** worker batches as FlowBatches over one growing list of pattern names (indices remapped when they differ) */
class PatternRemap {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private view: ReadonlyArray<string> = [];

  revive(c: FilteredColumns): FlowBatch {
    const local = c.patternNames;
    const map = new Uint8Array(local.length);
    let identity = true;
    for (let i = 0; i < local.length; i++) {
      let g = this.index.get(local[i]!);
      if (g === undefined) {
        g = this.names.push(local[i]!) - 1;
        this.index.set(local[i]!, g);
        this.view = [...this.names]; // a new identity tells the writer the names grew
      }
      map[i] = g;
      if (g !== i) identity = false;
    }
    if (!identity) for (let j = 0; j < c.length; j++) c.pattern[j] = map[c.pattern[j]!]!;
    return Object.assign(Object.create(FlowBatch.prototype) as FlowBatch, c, { capacity: c.length, patternNames: this.view, duration: new Float64Array(0) });
  }
}

/**
 * Filters `files` on `threads` workers, calling `visit` with the matching flows in file order. Returns false,
 * having read nothing, when the input is a single range (the caller reads it on its own thread).
 */
export const filterParallel = async (
  files: ReadonlyArray<string>, threads: number, filter: FilterSpec, visit: (b: FlowBatch) => void | Promise<void>, progress: ProgressStyle = 'none',
): Promise<boolean> => {
  // a stream (stdin) is read once, in order, by the caller
  if (threads < 2 || files.some((f) => isStream(f))) return false;
  const tasks: FilterRangeTask[] = [];
  const sizes: number[] = [];
  for (const file of files) {
    let ranges;
    try {
      const size = fs.statSync(file).size;
      const parts = Math.max(Math.ceil(size / MAX_RANGE_BYTES), Math.min(Math.ceil(size / MIN_RANGE_BYTES), RANGES_PER_THREAD * threads));
      ranges = splitFlowFile(file, parts, MIN_RANGE_BYTES / 2);
    } catch (e) {
      if (e instanceof ReadError) throw new ConfigError(e.file, `byte ${e.offset}`, e.problem);
      throw e;
    }
    for (const range of ranges) {
      tasks.push({ file, range, filter });
      // a compressed file is one range to its end (Infinity): its size on disk stands for it
      sizes.push(Number.isFinite(range.end) ? range.end - range.start : fs.statSync(file).size);
    }
  }
  if (tasks.length < 2) return false;

  const shown = new ScanProgress(progress, sizes);
  const slots: Array<{ batches: FilteredColumns[]; end?: FilterRangeEnd } | undefined> = tasks.map(() => ({ batches: [] }));
  const window = WINDOW_PER_THREAD * threads;
  let next = 0; // the next task to hand out
  let cur = 0; // the task being written
  let failure: Error | undefined;
  let finished = false;
  let wake: () => void = () => undefined;
  const idle: number[] = [];
  const working = new Int32Array(Math.min(threads, tasks.length));
  const workers = Array.from(working, (_, w) => {
    const worker = new Worker(JOB);
    worker.on('message', (m: { batch?: FilteredColumns; end?: FilterRangeEnd }) => {
      const slot = slots[working[w]!]!;
      if (m.batch) slot.batches.push(m.batch);
      else {
        slot.end = m.end!;
        shown.update(working[w]!, Infinity, m.end!.flows);
        assign(w);
      }
      wake();
    });
    worker.once('error', (e) => {
      failure ??= e;
      wake();
    });
    worker.once('exit', (code) => {
      if (!finished && code !== 0) failure ??= new Error(`filter worker exited with code ${code}`);
      wake();
    });
    return worker;
  });
  const assign = (w: number): void => {
    if (next < tasks.length && next < cur + window) {
      working[w] = next;
      workers[w]!.postMessage(tasks[next++]);
    } else idle.push(w);
  };

  const remap = new PatternRemap();
  shown.start();
  try {
    workers.forEach((_, w) => assign(w));
    while (cur < tasks.length) {
      if (failure) throw failure;
      const slot = slots[cur]!;
      const c = slot.batches.shift();
      if (c) {
        await visit(remap.revive(c));
        continue;
      }
      if (slot.end) {
        const e = slot.end.error;
        if (e) throw new ConfigError(e.file, `byte ${e.offset}`, e.problem);
        slots[cur++] = undefined;
        while (idle.length > 0 && next < tasks.length && next < cur + window) assign(idle.pop()!);
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    finished = true;
    shown.stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return true;
};

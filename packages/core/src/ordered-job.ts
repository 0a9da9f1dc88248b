/**
 * Runs chunks [firstChunk, endChunk) of a job on N worker threads and hands their outputs to `onChunk` strictly
 * in chunk order. Workers write into a ring of `window` slots in one SharedArrayBuffer; the main thread writes a
 * slot out (zero-copy view) and only then lets the chunk `window` places later reuse it. Memory is therefore
 * `window × slotBytes` whatever the run length, and output is identical for any thread count.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError } from './config-error';
import { CTRL_SIZE, CTRL_STOP, CTRL_WRITTEN, type WorkerBoot, type WorkerMessage } from './worker-protocol';

export interface OrderedJobOptions {
  readonly threads: number;
  /** absolute path of a module exporting `createJob` (see chunk-job.ts) */
  readonly jobModule: string;
  readonly jobData: unknown;
  readonly firstChunk: number;
  readonly endChunk: number;
  /** upper bound on one chunk's encoded size */
  readonly slotBytes: number;
  /** ring slots; default 2 × threads + 2 */
  readonly window?: number;
  /** called in chunk order; the view is only valid until the returned promise settles */
  readonly onChunk: (bytes: Uint8Array, chunk: number, records: number, info: ReadonlyArray<number>) => void | Promise<void>;
}

export interface OrderedJobHandle {
  /** resolves when every chunk was handed out, or after `stop()` once in-flight writing ended */
  readonly done: Promise<{ readonly chunks: number; readonly records: number; readonly stopped: boolean }>;
  /** stop claiming chunks; chunks not yet written are dropped (output stays whole-chunk) */
  stop(): void;
}

const entry = (): string => {
  // from src/ (tests run TypeScript) the built entry sits in ../dist
  const here = __filename.endsWith('.ts') ? path.join(__dirname, '..', 'dist') : __dirname;
  return path.join(here, 'worker-entry.js');
};

export const runOrderedJob = (o: OrderedJobOptions): OrderedJobHandle => {
  const chunks = Math.max(0, o.endChunk - o.firstChunk);
  const threads = Math.max(1, Math.min(o.threads, chunks || 1));
  const window = o.window ?? 2 * threads + 2;
  const control = new SharedArrayBuffer(CTRL_SIZE * 4);
  const ctrl = new Int32Array(control);
  const data = new SharedArrayBuffer(window * o.slotBytes);
  const pending = new Map<number, Extract<WorkerMessage, { type: 'chunk' }>>();
  const workers: Worker[] = [];
  let next = 0;
  let records = 0;
  let stopped = false;
  let draining = false;
  let finished = false;
  let live = 0;
  let resolveDone!: (v: { chunks: number; records: number; stopped: boolean }) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<{ chunks: number; records: number; stopped: boolean }>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });

  const haltWorkers = (): void => {
    Atomics.store(ctrl, CTRL_STOP, 1);
    Atomics.notify(ctrl, CTRL_WRITTEN);
  };
  const finish = (err?: unknown): void => {
    if (finished) return;
    finished = true;
    haltWorkers();
    for (const w of workers) void w.terminate();
    if (err !== undefined) rejectDone(err);
    else resolveDone({ chunks: next, records, stopped });
  };
  const maybeFinish = (): void => {
    if (draining) return;
    if (next >= chunks || stopped) finish();
    else if (live === 0 && !pending.has(next)) finish(new Error(`workers ended after ${next} of ${chunks} chunks`));
  };
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      while (!stopped && !finished) {
        const m = pending.get(next);
        if (!m) break;
        pending.delete(next);
        const view = new Uint8Array(data, (next % window) * o.slotBytes, m.bytes);
        await o.onChunk(view, o.firstChunk + next, m.records, m.info);
        records += m.records;
        next++;
        Atomics.store(ctrl, CTRL_WRITTEN, next);
        Atomics.notify(ctrl, CTRL_WRITTEN);
      }
    } catch (e) {
      draining = false;
      finish(e);
      return;
    }
    draining = false;
    maybeFinish();
  };

  if (chunks === 0) {
    resolveDone({ chunks: 0, records: 0, stopped: false });
    return { done, stop: () => undefined };
  }

  const boot: WorkerBoot = {
    jobModule: o.jobModule, jobData: o.jobData, control, data, firstChunk: o.firstChunk, chunks, window, slotBytes: o.slotBytes,
  };
  for (let i = 0; i < threads; i++) {
    const w = new Worker(entry(), { workerData: boot });
    live++;
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'chunk') {
        pending.set(m.rel, m);
        void drain();
      } else if (m.type === 'error') {
        const err = m.configError
          ? new ConfigError(m.configError.source, m.configError.path, m.configError.problem)
          : Object.assign(new Error(`worker failed: ${m.message}`), { workerStack: m.stack });
        finish(err);
      }
    });
    w.on('error', (e) => finish(new Error(`worker crashed: ${e.message}`)));
    w.on('exit', (code) => {
      live--;
      if (code !== 0) finish(new Error(`worker exited with code ${code}`));
      else maybeFinish();
    });
    workers.push(w);
  }
  return {
    done,
    stop: () => {
      if (stopped || finished) return;
      stopped = true;
      haltWorkers();
      maybeFinish();
    },
  };
};

/**
 * Worker thread body for `runOrderedJob`. Loads the job module itself (functions cannot cross threads), then
 * claims chunks with an atomic counter, waits (Atomics.wait) while its ring slot is still being written by the
 * main thread, encodes into the slot and posts a small message. It never receives messages, so its loop is
 * fully synchronous.
 */
import * as v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { CreateChunkJob } from './chunk-job';
import { CTRL_NEXT, CTRL_STOP, CTRL_WRITTEN, type WorkerBoot, type WorkerMessage } from './worker-protocol';

// Kernels are chains of small writers (digits, addresses, timestamps); V8's default cumulative inlining budget
// stops inlining them half-way through an encoder loop. Raising it makes csv ~1.5× and msgpack ~2× faster
// (measured: tools/bench). It only affects code compiled from now on, in this isolate.
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=20000');
v8.setFlagsFromString('--max-inlined-bytecode-size=2000');

const boot = workerData as WorkerBoot;
const ctrl = new Int32Array(boot.control);
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

try {
  const mod = require(boot.jobModule) as { createJob?: CreateChunkJob };
  if (typeof mod.createJob !== 'function') throw new Error(`${boot.jobModule} does not export createJob`);
  const job = mod.createJob(boot.jobData);
  const slots: Uint8Array[] = [];
  for (let s = 0; s < boot.window; s++) slots.push(new Uint8Array(boot.data, s * boot.slotBytes, boot.slotBytes));
  for (;;) {
    if (Atomics.load(ctrl, CTRL_STOP) !== 0) break;
    const rel = Atomics.add(ctrl, CTRL_NEXT, 1);
    if (rel >= boot.chunks) break;
    // slot rel % window is free once chunk rel - window has been written out
    for (;;) {
      const written = Atomics.load(ctrl, CTRL_WRITTEN);
      if (written > rel - boot.window || Atomics.load(ctrl, CTRL_STOP) !== 0) break;
      Atomics.wait(ctrl, CTRL_WRITTEN, written, 1000);
    }
    if (Atomics.load(ctrl, CTRL_STOP) !== 0) break;
    const r = job.runChunk(boot.firstChunk + rel, slots[rel % boot.window]!);
    if (r.bytes > boot.slotBytes) throw new Error(`chunk ${boot.firstChunk + rel} needs ${r.bytes} bytes, slot holds ${boot.slotBytes}`);
    post({ type: 'chunk', rel, bytes: r.bytes, records: r.records, info: r.info ?? [] });
  }
  post({ type: 'done' });
} catch (e) {
  const err = e as { _tag?: string; source?: string; path?: string; problem?: string; message?: string; stack?: string };
  post({
    type: 'error',
    configError: err?._tag === 'ConfigError' ? { source: err.source!, path: err.path!, problem: err.problem! } : undefined,
    message: err?.message ?? String(e),
    stack: err?.stack,
  });
}

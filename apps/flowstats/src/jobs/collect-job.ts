/**
 * Worker side of `flowstats collect`: rebuilds the flow engine and the encoder from plain data (kernels are
 * required by path from the registry) and turns chunk k into encoded bytes. Deliberately free of Effect and
 * oclif so a worker starts in milliseconds.
 */
import type { ChunkJob, CreateChunkJob } from '@flowgen/core';
// deep imports: the packages' index modules also export config decoding, which loads Effect
import { FlowEngine } from '@flowgen/emitters/flow/flow-engine';
import type { FlowPlan } from '@flowgen/emitters/flow/flow-plan';
import type { CreateEncoder, EncoderOptions } from '@flowgen/exporters/flow/flow-encoder';

export interface CollectJobData {
  readonly plan: FlowPlan;
  readonly encoderModule: string;
  /** as the main thread's encoder got them, less `patternNames` (from the engine) and `meta` (header only) */
  readonly encoderOptions: Omit<EncoderOptions, 'patternNames' | 'meta'>;
}

export const createJob: CreateChunkJob = (data): ChunkJob => {
  const d = data as CollectJobData;
  const engine = new FlowEngine(d.plan);
  const encoder = (require(d.encoderModule) as { createEncoder: CreateEncoder }).createEncoder({ ...d.encoderOptions, patternNames: engine.patternNames });
  const batch = engine.newBatch();
  return {
    runChunk(k, out) {
      const n = engine.fill(k, batch);
      const bytes = encoder.encode(batch, 0, n, out, 0, k * d.plan.chunkSize);
      let flowBytes = 0;
      for (let i = 0; i < n; i++) flowBytes += batch.bytes[i]!;
      // info: flow bytes in the chunk, the last and first start times (sec, nsec) for progress and pacing
      return {
        bytes,
        records: n,
        info: n > 0 ? [flowBytes, batch.startSec[n - 1]!, batch.startNsec[n - 1]!, batch.startSec[0]!, batch.startNsec[0]!] : [0, 0, 0, 0, 0],
      };
    },
  };
};

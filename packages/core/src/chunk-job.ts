/**
 * The contract between the worker runtime and the work it runs. A job module exports `createJob(data)`; the
 * returned job turns chunk index k into encoded bytes. Chunks are the unit of determinism: chunk k's output
 * depends only on (data, k), never on which worker ran it or when.
 */
export interface ChunkResult {
  /** bytes written at the start of `out` */
  readonly bytes: number;
  /** records those bytes hold */
  readonly records: number;
  /** job-defined numbers for progress (e.g. simulated time reached, flow bytes) */
  readonly info?: ReadonlyArray<number>;
}

export interface ChunkJob {
  runChunk(chunk: number, out: Uint8Array): ChunkResult;
}

export type CreateChunkJob = (data: unknown) => ChunkJob;

/**
 * Where each chunk of a Poisson arrival process starts. Chunk k spans the arrivals kC … kC+C−1, so its length
 * is a sum of C exponential gaps, i.e. Gamma(C, mean gap). Those lengths are drawn from one sequential stream
 * that every worker (and every shard) replays from the start — one gamma draw per chunk, so chunk k's start
 * costs O(k) cheap draws and never depends on which thread generated the chunks before it.
 */
import { Rng } from '@flowgen/core';
import { sampleGamma } from '@flowgen/distributions';

export const TIMING_STREAM = 0x7157; // "timing"

export class ChunkClock {
  private rng: Rng;
  private k = 0;
  private base = 0;
  /** length of the last block passed (chunk k − 1) */
  private lastDuration = 0;

  constructor(private readonly seed: bigint, private readonly chunkSize: number, private readonly meanGapNs: number) {
    this.rng = Rng.stream(seed, TIMING_STREAM);
  }

  /**
   * Chunk k's gap block: `[start offset from the run start, length]` in (float) ns. Calls with increasing k
   * (what every worker makes) cost one draw per chunk passed; going back replays from the start.
   */
  span(k: number): readonly [number, number] {
    if (k + 1 < this.k) this.reset();
    while (this.k < k + 1) this.advance();
    return [this.base - this.lastDuration, this.lastDuration];
  }

  private advance(): void {
    this.lastDuration = sampleGamma(this.rng, this.chunkSize, this.meanGapNs);
    this.base += this.lastDuration;
    this.k++;
  }

  private reset(): void {
    this.rng = Rng.stream(this.seed, TIMING_STREAM);
    this.k = 0;
    this.base = 0;
  }
}

/**
 * The pattern contract (apiVersion 1). A pattern module exports `createPattern(options, sdk)`; the engine hands it
 * the rows of each batch that drew this pattern (one call per pattern per batch, so the loop inside stays
 * monomorphic) and it fills ports, protocol, packets, bytes, tcp flags and duration. Addresses, timestamps and
 * direction are the engine's. `meanBytes` (expected bytes per flow) turns a bandwidth target into an arrival rate.
 */
import type { FlowBatch, Rng } from '@flowgen/core';

/**
 * How a pattern's flows pair up under `bidirectional_mode: pair`: which of two flows drawn from the pattern's
 * model is the reply (`larger`: downloads, query results; `smaller`: uploads such as mail; `same`: as drawn),
 * and whether each direction is a single datagram (DNS). Patterns without it never pair.
 */
export interface PatternPairing {
  readonly reply: 'larger' | 'smaller' | 'same';
  readonly singlePacket?: boolean;
}

export interface FlowPattern {
  readonly meanBytes: number;
  readonly pairing?: PatternPairing;
  fill(batch: FlowBatch, rows: Uint32Array, count: number, rng: Rng): void;
}
/**
 * `sdk` is the engine's own toolkit (see plugin-sdk.ts), handed in so a plugin needs no runtime dependency on
 * flowgen packages — it runs inside whichever copy of flowstats loaded it, in every worker.
 */
export type CreatePattern = (options: Record<string, unknown>, sdk: import('./plugin-sdk').PluginSdk) => FlowPattern;

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMP6 = 58;
/** cumulative TCP flags of a completed connection: FIN|SYN|PSH|ACK */
export const FLAGS_COMPLETE = 0x1b;
/** a reset connection: SYN|RST|ACK (+PSH) */
export const FLAGS_RESET = 0x1e;
/** a lone data segment (PSH|ACK): a single-packet piece of a longer conversation */
export const FLAGS_DATA = 0x18;
/** a lone SYN (single-packet attempt) */
export const FLAGS_SYN = 0x02;

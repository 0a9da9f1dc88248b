/**
 * A flow run reduced to plain, structured-cloneable numbers: what the main thread computes once and hands to
 * every worker (which rebuilds kernels from it). Fixes the chunk size — part of the output's identity, since
 * each chunk has its own random streams — and how many chunks the run has, so shards can split it up front.
 */
import { ConfigError, parseCidr, splitNs } from '@flowgen/core';
import { ChunkClock } from './chunk-clock';
import type { ResolvedFlowConfig, ResolvedSubnets } from './flow-config';
import type { HostPlan } from './host-config';
import { TimeWarp, type TimeProfilePlan } from './time-profile';
import { loadPatterns, type PatternRef } from './load-patterns';

/** flows per chunk; changing it changes every seeded output */
export const FLOW_CHUNK_SIZE = 16384;

export interface SubnetTable {
  readonly cum: ReadonlyArray<number>;
  /** first usable address (network + 1 for blocks of 4 or more) */
  readonly lo: ReadonlyArray<number>;
  readonly span: ReadonlyArray<number>;
}

export interface FlowPlan {
  readonly seed: bigint;
  readonly chunkSize: number;
  readonly startSec: number;
  readonly startNsec: number;
  /** ns after the start at which the run stops (exclusive), or undefined */
  readonly endOffsetNs: number | undefined;
  /** flows in the run when known up front (always, except Poisson runs bounded only by time) */
  readonly totalFlows: number | undefined;
  readonly chunks: number;
  readonly timing: 'poisson' | 'constant';
  /** Poisson: mean gap between flow starts; constant: the exact gap (FlowGen's formula) */
  readonly gapNs: number;
  readonly meanBytesPerFlow: number;
  readonly bandwidthGbps: number;
  readonly patterns: ReadonlyArray<PatternRef & { readonly weight: number }>;
  readonly src: SubnetTable;
  readonly dst: SubnetTable;
  readonly bidirectionalProbability: number;
  /** bidirectional_mode: pair */
  readonly pairs?: boolean;
  /** the host model, when the config has a `hosts` section */
  readonly hosts?: HostPlan;
  /** the time-of-day profile, when the config has a `time_profile` section */
  readonly timeProfile?: TimeProfilePlan;
}

const subnetTable = (s: ResolvedSubnets): SubnetTable => {
  let acc = 0;
  const cum: number[] = [], lo: number[] = [], span: number[] = [];
  s.cidrs.forEach((text, i) => {
    const c = parseCidr(text);
    acc += s.weights[i]!;
    cum.push(i === s.cidrs.length - 1 ? 1 : acc);
    const skipEnds = c.size >= 4; // leave out the network and broadcast addresses
    lo.push(c.base + (skipEnds ? 1 : 0));
    span.push(skipEnds ? c.size - 2 : c.size);
  });
  return { cum, lo, span };
};

/** The largest chunk count a run may have (2^31 chunks ≈ 3.5e13 flows). */
const MAX_CHUNKS = 2 ** 31 - 1;
/** the longest run in simulated time (as for an explicit end timestamp) */
const MAX_SPAN_NS = 2 ** 53;

export const planFlows = (cfg: ResolvedFlowConfig, chunkSize = FLOW_CHUNK_SIZE): FlowPlan => {
  const kernels = loadPatterns(cfg.patterns);
  const totalPct = cfg.patterns.reduce((a, p) => a + p.percentage, 0);
  const meanBytesPerFlow = cfg.patterns.reduce((a, p, i) => a + (p.percentage / totalPct) * kernels[i]!.meanBytes, 0);
  const { sec, nsec } = splitNs(cfg.startTimestampNs);
  const endOffsetNs = cfg.endTimestampNs === undefined ? undefined : Number(cfg.endTimestampNs - cfg.startTimestampNs);
  // constant: FlowGen's nominal spacing, flows/s = (Gbps·1e9/8) / average_packet_size
  // poisson: the mean gap that makes realised bytes·8 / time equal the bandwidth
  const gapNs = cfg.timing === 'constant' ? (8 * cfg.averagePacketSize) / cfg.bandwidthGbps : (8 * meanBytesPerFlow) / cfg.bandwidthGbps;

  let totalFlows = cfg.totalFlows;
  let chunks: number;
  const warp = cfg.timeProfile ? new TimeWarp(cfg.timeProfile) : undefined;
  if (cfg.timing === 'constant') {
    if (endOffsetNs !== undefined) {
      // flows whose offset, rounded as the engine rounds it (floor(x + 0.5)), is before the end
      const at = (i: number): number => Math.floor((warp ? warp.offsetAt(i * gapNs) : i * gapNs) + 0.5);
      let n = Math.max(0, Math.ceil(((warp ? warp.tauAt(endOffsetNs) : endOffsetNs) - 0.5) / gapNs));
      while (n > 0 && at(n - 1) >= endOffsetNs) n--;
      while (at(n) < endOffsetNs) n++;
      totalFlows = totalFlows === undefined ? n : Math.min(totalFlows, n);
    }
    chunks = Math.ceil(totalFlows! / chunkSize);
  } else if (endOffsetNs === undefined) {
    chunks = Math.ceil(totalFlows! / chunkSize);
  } else {
    const limit = totalFlows === undefined ? MAX_CHUNKS : Math.ceil(totalFlows / chunkSize);
    const clock = new ChunkClock(cfg.seed, chunkSize, gapNs);
    chunks = 0;
    // chunk k's first arrival is at τ = its block start; the profile maps τ to time monotonically
    const endTau = warp ? warp.tauAt(endOffsetNs) : endOffsetNs;
    while (chunks < limit && clock.span(chunks)[0] < endTau) chunks++;
  }
  if (chunks > MAX_CHUNKS) throw new ConfigError(cfg.bandwidthFrom?.source ?? 'config', '', `a run is limited to ${MAX_CHUNKS} chunks of ${chunkSize} flows`);
  // without an end timestamp the run lasts about totalFlows · gap: keep it inside what timestamps can say
  if (endOffsetNs === undefined && totalFlows! * gapNs > MAX_SPAN_NS) {
    const at = cfg.bandwidthFrom ?? { source: 'config', path: '' };
    throw new ConfigError(at.source, at.path, `at ${cfg.bandwidthGbps} Gbit/s, ${totalFlows} flows would span about ${(totalFlows! * gapNs / 1e9).toPrecision(3)} s; runs are limited to 2^53 ns (104 days): raise the bandwidth or write fewer flows`);
  }
  return {
    seed: cfg.seed,
    chunkSize,
    startSec: sec,
    startNsec: nsec,
    endOffsetNs,
    totalFlows,
    chunks,
    timing: cfg.timing,
    gapNs,
    meanBytesPerFlow,
    bandwidthGbps: cfg.bandwidthGbps,
    patterns: cfg.patterns.map((p) => ({ name: p.name, source: p.source, module: p.module, options: p.options, weight: p.percentage / totalPct })),
    src: subnetTable(cfg.source),
    dst: subnetTable(cfg.destination),
    bidirectionalProbability: cfg.bidirectionalProbability,
    ...(cfg.pairs ? { pairs: true } : {}),
    ...(cfg.hosts ? { hosts: cfg.hosts } : {}),
    ...(cfg.timeProfile ? { timeProfile: cfg.timeProfile } : {}),
  };
};

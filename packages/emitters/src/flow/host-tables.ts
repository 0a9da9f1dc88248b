/**
 * The host model's typed arrays, built once per run (in every worker, from the plan alone, so every thread
 * sees the same hosts): each population's addresses and an alias table of its activity or popularity, all
 * populations flattened into shared arrays so the per-row loop in FlowEngine indexes numbers only.
 *
 * Addresses are stable identities: host i of a population keeps one address for the whole run. They are
 * spread over the population's subnets by a random affine permutation of the usable addresses (drawn from
 * the run's seed), so ranks are not in address order and no two hosts share an address.
 */
import { Rng } from '@flowgen/core';
import { AliasTable, normalQuantile, zipfWeights } from '@flowgen/distributions';
import type { HostPlan, PopulationPlan, SkewPlan } from './host-config';

const STREAM_HOSTS = 0x4057; // "host"

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/** Weights for ranks 0..n−1, busiest first. */
export const skewWeights = (n: number, s: SkewPlan): Float64Array => {
  if (s.distribution === 'zipf') return zipfWeights(n, s.exponent);
  if (s.distribution === 'uniform') return new Float64Array(n).fill(1);
  // lognormal: the n equiprobable quantiles of exp(σZ), largest first (deterministic, no sampling noise)
  return Float64Array.from({ length: n }, (_, i) => Math.exp(s.sigma * normalQuantile(1 - (i + 0.5) / n)));
};

/** The addresses of a population's hosts, rank order. */
export const populationAddresses = (p: PopulationPlan, rng: Rng): Uint32Array => {
  if (p.addresses) return Uint32Array.from(p.addresses);
  const total = p.span.reduce((a, b) => a + b, 0);
  const out = new Uint32Array(p.count);
  // idx_i = (b + i·a) mod total with gcd(a, total) = 1: distinct for i < total; kept by additions (exact)
  let a = 1 + Math.floor(rng.float() * (total - 1 || 1));
  while (total > 1 && gcd(a, total) !== 1) a = (a % (total - 1)) + 1;
  let idx = Math.floor(rng.float() * total);
  for (let i = 0; i < p.count; i++) {
    let j = 0, rest = idx;
    while (rest >= p.span[j]!) rest -= p.span[j++]!;
    out[i] = p.lo[j]! + rest;
    idx += a;
    if (idx >= total) idx -= total;
  }
  return out;
};

export class HostTables {
  readonly clientAddr: Uint32Array;
  readonly clientProb: Float64Array;
  readonly clientAlias: Int32Array;
  readonly clientCount: number;
  /** all server populations, concatenated; alias entries are absolute indices into these arrays */
  readonly serverAddr: Uint32Array;
  readonly serverProb: Float64Array;
  readonly serverAlias: Int32Array;
  readonly popOffset: Int32Array;
  readonly popCount: Int32Array;
  /** per population: hash salt of the clients' favourite servers */
  readonly popSalt: Int32Array;
  /** per pattern (plan order): population index or −1 */
  readonly patternServers: Int32Array;
  readonly reuse: number;
  readonly favourites: number;

  constructor(seed: bigint, h: HostPlan) {
    const rng = Rng.stream(seed, STREAM_HOSTS);
    this.clientCount = h.clients.count;
    this.clientAddr = populationAddresses(h.clients, rng);
    const ct = new AliasTable(skewWeights(h.clients.count, h.clients.skew));
    this.clientProb = ct.prob;
    this.clientAlias = ct.alias;
    const total = h.servers.reduce((a, p) => a + p.count, 0);
    this.serverAddr = new Uint32Array(total);
    this.serverProb = new Float64Array(total);
    this.serverAlias = new Int32Array(total);
    this.popOffset = new Int32Array(h.servers.length);
    this.popCount = new Int32Array(h.servers.length);
    this.popSalt = new Int32Array(h.servers.length);
    let off = 0;
    h.servers.forEach((p, i) => {
      this.popOffset[i] = off;
      this.popCount[i] = p.count;
      this.popSalt[i] = rng.nextU32() | 0;
      this.serverAddr.set(populationAddresses(p, rng), off);
      const t = new AliasTable(skewWeights(p.count, p.skew));
      this.serverProb.set(t.prob, off);
      for (let j = 0; j < p.count; j++) this.serverAlias[off + j] = off + t.alias[j]!;
      off += p.count;
    });
    this.patternServers = Int32Array.from(h.patternServers);
    this.reuse = h.conversationReuse;
    this.favourites = h.favourites;
  }
}

/** murmur3's 32-bit finaliser: a good avalanche for hashing (client, favourite) into a server draw */
export const fmix32 = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

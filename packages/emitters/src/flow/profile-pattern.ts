/**
 * The parametric traffic profile behind every built-in pattern (and reusable by plugins): a pattern is a
 * weighted list of variants, each with protocol, destination ports, a clamped-lognormal bytes-per-flow
 * distribution (heavy-tailed mice and elephants), a per-flow share of small (40–100 B) vs. MTU (1500 B)
 * packets, and a throughput + RTT model for duration. Parameters are flattened into typed arrays once, so the
 * per-row loop touches no objects.
 */
import type { FlowBatch, Rng } from '@flowgen/core';
import * as distributions from '@flowgen/distributions';
import * as contract from './pattern-contract';
import type { FlowPattern } from './pattern-contract';

// bound once: TypeScript's CommonJS output calls a named import as `(0, mod.f)(…)` and reads a constant as
// `mod.X`, a property load per use in the per-record loop (measured ~10–30 % of a kernel)
const { FLAGS_COMPLETE, FLAGS_DATA, FLAGS_RESET, FLAGS_SYN, ICMP, ICMP6, TCP } = contract;
const { clampedLognormalMean, fastExp, normalQuantile } = distributions;

export interface PortWeight {
  readonly port: number;
  readonly weight: number;
}
export interface ProfileVariant {
  readonly weight: number;
  readonly protocol: number;
  /** either weighted ports or a range */
  readonly dst_ports?: ReadonlyArray<PortWeight>;
  readonly dst_port_range?: readonly [number, number];
  readonly src_port_range: readonly [number, number];
  readonly bytes: { readonly median: number; readonly sigma: number; readonly min: number; readonly max: number };
  /** per-flow share of small packets, uniform in [lo, hi] */
  readonly small_packet_share: readonly [number, number];
  /** per-flow throughput in bit/s, lognormal */
  readonly rate_bps: { readonly median: number; readonly sigma: number };
  readonly rtt_ms: readonly [number, number];
  readonly rst_probability: number;
  /** bytes on the wire of the small and the large packet mode (defaults 70 and 1500; QUIC uses ≤ 1350) */
  readonly small_packet_size?: number;
  readonly large_packet_size?: number;
}
export interface ProfileOptions {
  readonly variants: ReadonlyArray<ProfileVariant>;
  /** request/response pairing under bidirectional_mode: pair (see PatternPairing) */
  readonly pairing?: contract.PatternPairing;
}

const SMALL_PACKET_MEAN = 70; // the 40–100 B mode: ACKs, requests, control
const MTU = 1500; // the large mode: full Ethernet frames
const MIN_PACKET = 40;
/** flows longer than this are split by real exporters (Cisco's default active timeout, 30 min) */
const ACTIVE_TIMEOUT_NS = 1800e9;
const RATE_CELLS = 1024;
const Q_CELLS = 2048;
const INV_2_16 = 1 / 65536;
const INV_2_11 = 1 / 2048;

export const createProfilePattern = (o: ProfileOptions): FlowPattern => {
  const vs = o.variants;
  const nv = vs.length;
  const cumWeight = new Float64Array(nv);
  const proto = new Uint8Array(nv);
  const srcLo = new Float64Array(nv), srcSpan = new Float64Array(nv);
  const dstLo = new Float64Array(nv), dstSpan = new Float64Array(nv);
  const portTableStart = new Int32Array(nv), portTableLen = new Int32Array(nv);
  const mu = new Float64Array(nv), sigma = new Float64Array(nv), bMin = new Float64Array(nv), bMax = new Float64Array(nv);
  const qLo = new Float64Array(nv), qSpan = new Float64Array(nv);
  const rateMu = new Float64Array(nv), rateSigma = new Float64Array(nv);
  const rttLo = new Float64Array(nv), rttSpan = new Float64Array(nv);
  const rst = new Float64Array(nv);
  const large = new Float64Array(nv);
  const ports: number[] = [];
  const portCum: number[] = [];
  let totalW = 0;
  for (const v of vs) totalW += v.weight;
  let acc = 0;
  let meanBytes = 0;
  vs.forEach((v, i) => {
    acc += v.weight / totalW;
    cumWeight[i] = i === nv - 1 ? 1 : acc;
    proto[i] = v.protocol;
    srcLo[i] = v.src_port_range[0];
    srcSpan[i] = v.src_port_range[1] - v.src_port_range[0] + 1;
    if (v.dst_ports && v.dst_ports.length > 0) {
      portTableStart[i] = ports.length;
      portTableLen[i] = v.dst_ports.length;
      const tw = v.dst_ports.reduce((a, p) => a + p.weight, 0);
      let c = 0;
      v.dst_ports.forEach((p, j) => {
        ports.push(p.port);
        c += p.weight / tw;
        portCum.push(j === v.dst_ports!.length - 1 ? 1 : c);
      });
    } else {
      const r = v.dst_port_range ?? [1, 65535];
      dstLo[i] = r[0];
      dstSpan[i] = r[1] - r[0] + 1;
    }
    mu[i] = Math.log(v.bytes.median);
    sigma[i] = v.bytes.sigma;
    bMin[i] = Math.max(MIN_PACKET, v.bytes.min);
    bMax[i] = v.bytes.max;
    qLo[i] = v.small_packet_share[0];
    qSpan[i] = v.small_packet_share[1] - v.small_packet_share[0];
    rateMu[i] = Math.log(v.rate_bps.median);
    rateSigma[i] = v.rate_bps.sigma;
    rttLo[i] = v.rtt_ms[0] * 1e6;
    rttSpan[i] = (v.rtt_ms[1] - v.rtt_ms[0]) * 1e6;
    rst[i] = v.rst_probability;
    large[i] = v.large_packet_size ?? MTU;
    // bytes are rounded to integers: E[round(X)] = E[X] up to the rounding at the clamp edges (< 0.5 B)
    meanBytes += (v.weight / totalW) * clampedLognormalMean(mu[i]!, sigma[i]!, bMin[i]!, bMax[i]!);
  });
  // per-flow small-packet share q: 2048 equiprobable values of U[lo, hi], stored as 1 / mean packet size
  const invAvgPacket = new Float64Array(nv * Q_CELLS);
  for (let i = 0; i < nv; i++) {
    for (let c = 0; c < Q_CELLS; c++) {
      const q = qLo[i]! + (qSpan[i]! * (c + 0.5)) / Q_CELLS;
      invAvgPacket[i * Q_CELLS + c] = 1 / (q * (vs[i]!.small_packet_size ?? SMALL_PACKET_MEAN) + (1 - q) * large[i]!);
    }
  }
  // per-flow throughput: 1024 equiprobable quantiles of the lognormal, stored as ns per byte (8e9 / rate)
  const nsPerByte = new Float64Array(nv * RATE_CELLS);
  for (let i = 0; i < nv; i++) {
    for (let c = 0; c < RATE_CELLS; c++) nsPerByte[i * RATE_CELLS + c] = 8e9 / Math.exp(rateMu[i]! + rateSigma[i]! * normalQuantile((c + 0.5) / RATE_CELLS));
  }
  const portArr = Uint16Array.from(ports);
  const portCumArr = Float64Array.from(portCum);

  return {
    meanBytes,
    ...(o.pairing ? { pairing: o.pairing } : {}),
    fill(b: FlowBatch, rows: Uint32Array, count: number, rng: Rng): void {
      const srcPort = b.srcPort, dstPort = b.dstPort, protocol = b.protocol, packets = b.packets, bytes = b.bytes;
      const flags = b.tcpFlags, duration = b.duration;
      for (let j = 0; j < count; j++) {
        const row = rows[j]!;
        // branch-free inverse CDFs (see FlowEngine.pickPatterns): count the boundaries at or below the draw
        let v = 0;
        if (nv > 1) {
          const u = rng.float();
          for (let c = 0; c < nv - 1; c++) v += +(cumWeight[c]! <= u);
        }
        const p = proto[v]!;
        protocol[row] = p;
        // one draw, two independent 16-bit uniforms: source port (low half), destination port (high half)
        const u1 = rng.nextU32();
        // ICMP has no ports: NetFlow/IPFIX carry type·256 + code in the destination port (the variant's
        // dst_ports) and 0 in the source port (the draw is still made, so other rows do not shift)
        srcPort[row] = p === ICMP || p === ICMP6 ? 0 : srcLo[v]! + Math.floor((u1 & 0xffff) * srcSpan[v]! * INV_2_16);
        const fDst = (u1 >>> 16) * INV_2_16;
        const plen = portTableLen[v]!;
        if (plen > 0) {
          const start = portTableStart[v]!;
          let k = 0;
          for (let c = 0; c < plen - 1; c++) k += +(portCumArr[start + c]! <= fDst);
          dstPort[row] = portArr[start + k]!;
        } else {
          dstPort[row] = dstLo[v]! + Math.floor(fDst * dstSpan[v]!);
        }
        // bytes: clamped lognormal; packets from a per-flow mix of small and MTU packets
        // rounding as floor(x + 0.5): Math.round is a slow call in V8 (~7 ns per use), and every x here is ≥ 0
        let by = Math.floor(fastExp(mu[v]! + sigma[v]! * rng.normal()) + 0.5);
        if (by < bMin[v]!) by = bMin[v]!;
        else if (by > bMax[v]!) by = bMax[v]!;
        // one draw: small-packet share (11 bits), RTT (11 bits), throughput quantile (10 bits), all via tables
        const u2 = rng.nextU32();
        let pk = Math.floor(by * invAvgPacket[v * Q_CELLS + (u2 & 2047)]! + 0.5);
        // keep bytes/packets within [40, large] per packet (divisions only on the rare clamp)
        const lg = large[v]!;
        if (pk * lg < by) pk = Math.ceil(by / lg);
        else if (pk * MIN_PACKET > by) pk = Math.floor(by / MIN_PACKET);
        if (pk < 1) pk = 1;
        bytes[row] = by;
        packets[row] = pk;
        // duration: handshake and slow-start rounds plus transfer time at this flow's throughput
        let d = 0;
        if (pk > 1) {
          const rtt = rttLo[v]! + rttSpan[v]! * ((u2 >>> 11) & 2047) * INV_2_11;
          d = Math.floor(rtt * (33 - Math.clz32(pk - 1)) + by * nsPerByte[v * RATE_CELLS + (u2 >>> 22)]! + 0.5); // rtt · (1 + ⌈log2 pk⌉)
          if (d > ACTIVE_TIMEOUT_NS) d = ACTIVE_TIMEOUT_NS;
        }
        duration[row] = d;
        if (p === TCP) flags[row] = pk === 1 ? (by <= 64 ? FLAGS_SYN : FLAGS_DATA) : rng.float() < rst[v]! ? FLAGS_RESET : FLAGS_COMPLETE;
        else flags[row] = 0;
      }
    },
  };
};

/** Options every profile-based pattern accepts on top of its defaults (see docs/patterns.md). */
export interface ProfileOverrides {
  /** replaces the default variants wholesale */
  readonly variants?: ReadonlyArray<ProfileVariant>;
  /** multiplies every variant's bytes median, min and max */
  readonly bytes_scale?: number;
  /** replaces every variant's bytes sigma (the tail weight: 0 = all flows the median size) */
  readonly bytes_sigma?: number;
}

/** A pattern module's `createPattern` for a profile with these defaults. */
export const profilePattern =
  (defaults: ProfileOptions) =>
  (options: Record<string, unknown>): FlowPattern => {
    const o = options as ProfileOverrides;
    const scale = o.bytes_scale ?? 1;
    const variants = (o.variants ?? defaults.variants).map((v) => ({
      ...v,
      bytes: {
        median: v.bytes.median * scale,
        min: v.bytes.min * scale,
        max: v.bytes.max * scale,
        sigma: o.bytes_sigma ?? v.bytes.sigma,
      },
    }));
    return createProfilePattern({ variants, ...(defaults.pairing ? { pairing: defaults.pairing } : {}) });
  };

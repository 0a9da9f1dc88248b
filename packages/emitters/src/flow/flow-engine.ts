/**
 * Fills a FlowBatch with chunk k of a planned run. Each concern draws from its own stream of (seed, k, …):
 * arrival gaps, pattern choice, addresses and direction, and one stream per pattern — so flow i is the same
 * whatever the run's length or end time (a shorter run is a prefix of a longer one), and whatever thread runs
 * the chunk. Rows are grouped by pattern and each pattern fills its rows in one monomorphic call.
 */
import { ConfigError, FlowBatch, Rng } from '@flowgen/core';
import { ChunkClock } from './chunk-clock';
import type { FlowPlan, SubnetTable } from './flow-plan';
import { fmix32, HostTables } from './host-tables';
import { TimeWarp } from './time-profile';
import { loadPatterns } from './load-patterns';
import type { FlowPattern } from './pattern-contract';

const STREAM_GAPS = 1;
const STREAM_PICK = 2;
const STREAM_ADDRESSES = 3;
const STREAM_PAIRS = 4;
/** reply kinds per pattern (PatternPairing) */
const PAIR_NONE = 0, PAIR_LARGER = 1, PAIR_SMALLER = 2, PAIR_SAME = 3;
const TCP_ACK = 0x10;
const TCP_PROTO = 6;
/** a single-datagram reply (DNS) follows its query by the server's response time, U[0.2, 20] ms */
const REPLY_LATENCY_MIN_NS = 2e5, REPLY_LATENCY_SPAN_NS = 1.98e7;
const STREAM_PATTERN_BASE = 16;
const ICMP = 1;
const ICMP6 = 58;
/**
 * The ICMP type of a response to a flow of type t: [0, 256) for ICMPv4, [256, 512) for ICMPv6. Requests map to
 * their replies (v4: echo 8→0, router solicitation 10→9, timestamp 13→14, information 15→16, address mask
 * 17→18; v6: echo 128→129, router 133→134, neighbour 135→136); every other type is its own response.
 */
const REPLY_TYPE = (() => {
  const t = new Uint8Array(512);
  for (let i = 0; i < 256; i++) t[i] = t[256 + i] = i;
  for (const [q, a] of [[8, 0], [10, 9], [13, 14], [15, 16], [17, 18]] as const) t[q] = a;
  for (const [q, a] of [[128, 129], [133, 134], [135, 136]] as const) t[256 + q] = a;
  return t;
})();

/**
 * Row r becomes a response (server → client): ports swapped, except that ICMP keeps NetFlow's convention in both
 * directions (type·256 + code in the destination port, 0 in the source port) and a request's response is its
 * reply type (echo request 8 → echo reply 0, …).
 */
const respondPorts = (srcPort: Uint16Array, dstPort: Uint16Array, protocol: Uint8Array, r: number): void => {
  const pr = protocol[r]!;
  if (pr === ICMP || pr === ICMP6) {
    const dp = dstPort[r]!;
    dstPort[r] = (REPLY_TYPE[(pr === ICMP ? 0 : 256) + (dp >>> 8)]! << 8) | (dp & 255);
    srcPort[r] = 0;
  } else {
    const sp = srcPort[r]!;
    srcPort[r] = dstPort[r]!;
    dstPort[r] = sp;
  }
};
const INV_2_32 = 1 / 4294967296;
/** bounds of what a pattern may write (see checkPatternOutput) */
const MAX_COUNT = 2 ** 53;
const MAX_DURATION_NS = 2 ** 42;

interface AddressTable {
  readonly cum: Float64Array;
  /** cumulative weight before subnet i */
  readonly prev: Float64Array;
  readonly lo: Float64Array;
  /** hosts per unit of probability: span / weight */
  readonly scale: Float64Array;
}

const addressTable = (t: SubnetTable): AddressTable => {
  const cum = Float64Array.from(t.cum);
  const prev = Float64Array.from(t.cum, (_, i) => (i === 0 ? 0 : t.cum[i - 1]!));
  return {
    cum,
    prev,
    lo: Float64Array.from(t.lo),
    // a zero-weight subnet is never picked; its scale is irrelevant
    scale: Float64Array.from(t.span, (span, i) => (cum[i]! > prev[i]! ? span / (cum[i]! - prev[i]!) : 0)),
  };
};

export class FlowEngine {
  readonly patterns: ReadonlyArray<FlowPattern>;
  readonly patternNames: ReadonlyArray<string>;
  private readonly clock: ChunkClock | undefined;
  private readonly patternCum: Float64Array;
  private readonly gaps: Float64Array;
  private readonly rows: Uint32Array;
  private readonly counts: Int32Array;
  private readonly src: AddressTable;
  private readonly dst: AddressTable;
  private readonly hosts: HostTables | undefined;
  private readonly warp: TimeWarp | undefined;
  /** per pattern: PAIR_* kind (all PAIR_NONE unless bidirectional_mode is pair) and single-datagram flag */
  private readonly pairKind: Uint8Array;
  private readonly pairSingle: Uint8Array;
  /** per row of the current chunk: 1 if it is the reply to the row before */
  private readonly isReply: Uint8Array;

  constructor(readonly plan: FlowPlan) {
    this.patterns = loadPatterns(plan.patterns);
    this.patternNames = plan.patterns.map((p) => p.name);
    this.clock = plan.timing === 'poisson' ? new ChunkClock(plan.seed, plan.chunkSize, plan.gapNs) : undefined;
    let acc = 0;
    this.patternCum = Float64Array.from(plan.patterns, (p, i) => (i === plan.patterns.length - 1 ? 1 : (acc += p.weight)));
    this.gaps = new Float64Array(plan.chunkSize);
    this.rows = new Uint32Array(plan.chunkSize);
    this.counts = new Int32Array(plan.patterns.length + 1);
    this.src = addressTable(plan.src);
    this.dst = addressTable(plan.dst);
    this.hosts = plan.hosts ? new HostTables(plan.seed, plan.hosts) : undefined;
    this.warp = plan.timeProfile ? new TimeWarp(plan.timeProfile) : undefined;
    this.pairKind = Uint8Array.from(this.patterns, (p) =>
      !plan.pairs || !p.pairing ? PAIR_NONE : p.pairing.reply === 'larger' ? PAIR_LARGER : p.pairing.reply === 'smaller' ? PAIR_SMALLER : PAIR_SAME);
    this.pairSingle = Uint8Array.from(this.patterns, (p) => (plan.pairs && p.pairing?.singlePacket ? 1 : 0));
    this.isReply = new Uint8Array(plan.chunkSize);
  }

  /** A batch sized for one chunk, naming this run's patterns. */
  newBatch(): FlowBatch {
    return new FlowBatch(this.plan.chunkSize, this.patternNames);
  }

  /** Generates chunk k into `b` (capacity ≥ chunk size) and returns how many flows it holds. */
  fill(k: number, b: FlowBatch): number {
    const plan = this.plan;
    const C = plan.chunkSize;
    let n = plan.totalFlows === undefined ? C : Math.max(0, Math.min(C, plan.totalFlows - k * C));
    n = this.fillTimes(k, b, n);
    b.length = n;
    if (n === 0) return 0;
    // with pairs, a request in the last row still gets its reply drawn (one row past n, then dropped): the
    // request's own values depend on the reply's draw, and must not depend on where the run stops
    const m = this.pickPatterns(k, b, n);
    if (this.hosts) this.fillHostAddresses(k, b, m, this.hosts);
    else this.fillAddresses(k, b, m);
    if (this.plan.pairs) n = b.length = this.fillReplies(k, b, m, n);
    this.fillEnds(b, n);
    return n;
  }

  /** Start timestamps; returns the flow count left after the end-time cut. */
  private fillTimes(k: number, b: FlowBatch, n: number): number {
    const plan = this.plan;
    const C = plan.chunkSize;
    const endOff = plan.endOffsetNs ?? Infinity;
    const sec0 = plan.startSec, nsec0 = plan.startNsec;
    const startSec = b.startSec, startNsec = b.startNsec;
    let base: number, scale: number;
    const gaps = this.gaps;
    if (this.clock) {
      // Poisson: the chunk's gap block has length G (from the clock); inside it, arrivals are the normalised
      // partial sums of C exponentials — together exactly a Poisson process.
      const [b0, g] = this.clock.span(k);
      const rng = Rng.stream(plan.seed, k, STREAM_GAPS);
      let s = 0;
      for (let r = 0; r < C; r++) {
        gaps[r] = s;
        s += rng.exponential();
      }
      base = b0;
      scale = g / s;
    } else {
      base = 0;
      scale = plan.gapNs;
      const first = k * C;
      for (let r = 0; r < n; r++) gaps[r] = first + r;
    }
    // offsets only grow, so the second is tracked incrementally instead of dividing for every flow
    let secOff = -1;
    let secStart = 0;
    let secEnd = -Infinity;
    const warp = this.warp;
    if (warp) warp.reset();
    for (let r = 0; r < n; r++) {
      // floor(x + 0.5), not Math.round: V8 compiles Math.round to a slow call (~7 ns); x ≥ 0 here.
      // With a time profile, x is operational time and the warp maps it to real time.
      const x = base + gaps[r]! * scale;
      const off = Math.floor((warp ? warp.offsetAt(x) : x) + 0.5);
      if (off >= endOff) return r;
      const t = nsec0 + off;
      if (t >= secEnd) {
        secOff = Math.floor(t / 1e9);
        if (t - secOff * 1e9 < 0) secOff--; // t / 1e9 can round up near 2^53
        secStart = secOff * 1e9;
        secEnd = secStart + 1e9;
      }
      startSec[r] = sec0 + secOff;
      startNsec[r] = t - secStart;
    }
    return n;
  }

  /** Picks and fills patterns; returns the rows filled (n, or n + 1 when a pair's reply falls just past n). */
  private pickPatterns(k: number, b: FlowBatch, n: number): number {
    const np = this.patterns.length;
    const pattern = b.pattern, cum = this.patternCum, counts = this.counts, rows = this.rows;
    const rng = Rng.stream(this.plan.seed, k, STREAM_PICK);
    counts.fill(0);
    const last = cum.length - 1;
    let m = n;
    if (this.plan.pairs) {
      // a pattern that pairs takes two rows: the request and, right after it, its reply (the same pattern,
      // filled from the same model). Pairs never straddle chunks; whether row r+1 exists is decided by the
      // chunk size, not the run's length, so a shorter run is still a prefix of a longer one.
      const C = this.plan.chunkSize, kind = this.pairKind, isReply = this.isReply;
      let r = 0;
      while (r < n) {
        const u = rng.float();
        let p = 0;
        for (let j = 0; j < last; j++) p += +(cum[j]! <= u);
        pattern[r] = p;
        isReply[r] = 0;
        counts[p + 1]!++;
        if (kind[p]! !== PAIR_NONE && r + 1 < C) {
          pattern[r + 1] = p;
          isReply[r + 1] = 1;
          counts[p + 1]!++;
          r += 2;
        } else r++;
      }
      m = r;
    } else {
      for (let r = 0; r < n; r++) {
        const u = rng.float();
        // branch-free inverse CDF: count the boundaries at or below u (cum is increasing and ends at 1) — the
        // same index a scan finds, without its data-dependent branch that mispredicts about once per draw
        let p = 0;
        for (let j = 0; j < last; j++) p += +(cum[j]! <= u);
        pattern[r] = p;
        counts[p + 1]!++;
      }
    }
    // counting sort: rows of pattern p are rows[counts[p] … counts[p+1])
    for (let p = 0; p < np; p++) counts[p + 1]! += counts[p]!;
    const cursor = counts.slice(0, np);
    for (let r = 0; r < m; r++) rows[cursor[pattern[r]!]!++] = r;
    for (let p = 0; p < np; p++) {
      const from = counts[p]!, to = counts[p + 1]!;
      if (to > from) {
        const r = rows.subarray(from, to);
        try {
          this.patterns[p]!.fill(b, r, to - from, Rng.stream(this.plan.seed, k, STREAM_PATTERN_BASE + p));
        } catch (e) {
          // once per pattern and chunk, not per row: a plugin's exception names the plugin and pattern
          const ref = this.plan.patterns[p]!;
          if (ref.source.startsWith('@flowgen/')) throw e;
          throw new ConfigError(ref.source, `pattern ${ref.name}`, `fill failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        this.checkPatternOutput(p, b, r);
      }
    }
    return m;
  }

  /**
   * A pattern's rows as it left them: packets and bytes integers within [0, 2^53), durations within
   * [0, 2^42) ns (what end-time arithmetic and every format can carry). A plugin writing NaN or huge values
   * fails the run naming it, instead of encoders silently writing nothing or garbage.
   */
  private checkPatternOutput(p: number, b: FlowBatch, rows: Uint32Array): void {
    const packets = b.packets, bytes = b.bytes, duration = b.duration;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const pk = packets[r]!, by = bytes[r]!, d = duration[r]!;
      if (pk >= 0 && pk < MAX_COUNT && by >= 0 && by < MAX_COUNT && d >= 0 && d < MAX_DURATION_NS && pk === Math.floor(pk) && by === Math.floor(by)) continue;
      const ref = this.plan.patterns[p]!;
      const what = !(pk >= 0 && pk < MAX_COUNT && pk === Math.floor(pk)) ? `packets ${pk}` : !(by >= 0 && by < MAX_COUNT && by === Math.floor(by)) ? `bytes ${by}` : `duration ${d} ns`;
      throw new ConfigError(ref.source, `pattern ${ref.name}`, `wrote ${what}; a pattern must write integer packets and bytes within 0…2^53 and durations within 0…2^42 ns`);
    }
  }

  private fillAddresses(k: number, b: FlowBatch, n: number): void {
    const rng = Rng.stream(this.plan.seed, k, STREAM_ADDRESSES);
    const srcIp = b.srcIp, dstIp = b.dstIp, srcPort = b.srcPort, dstPort = b.dstPort, protocol = b.protocol;
    const sCum = this.src.cum, sPrev = this.src.prev, sLo = this.src.lo, sScale = this.src.scale;
    const dCum = this.dst.cum, dPrev = this.dst.prev, dLo = this.dst.lo, dScale = this.dst.scale;
    const pBidi = this.plan.bidirectionalProbability;
    const sLast = sCum.length - 1, dLast = dCum.length - 1;
    for (let r = 0; r < n; r++) {
      // one draw per side: the subnet by inverse CDF (branch-free, as in pickPatterns), the host from the same
      // uniform's position inside its subnet's slice (still uniform, with 32 bits shared between the choices)
      let u = rng.float();
      let i = 0;
      for (let j = 0; j < sLast; j++) i += +(sCum[j]! <= u);
      const src = sLo[i]! + Math.floor((u - sPrev[i]!) * sScale[i]!);
      u = rng.float();
      i = 0;
      for (let j = 0; j < dLast; j++) i += +(dCum[j]! <= u);
      const dst = dLo[i]! + Math.floor((u - dPrev[i]!) * dScale[i]!);
      if (pBidi > 0 && rng.float() < pBidi) {
        // the response direction: server → client
        srcIp[r] = dst;
        dstIp[r] = src;
        respondPorts(srcPort, dstPort, protocol, r);
      } else {
        srcIp[r] = src;
        dstIp[r] = dst;
      }
    }
  }

  /**
   * Addresses from the host model: the client by its activity (alias table), the server from the population
   * that serves the row's pattern — with probability `reuse` one of the client's few favourite servers of that
   * population (a hash of client and favourite number into the popularity table: stable conversations with no
   * per-client state), else a fresh draw by popularity. Patterns no population serves keep the uniform
   * destination subnets. Source ports stay the pattern's fresh ephemeral ports.
   */
  private fillHostAddresses(k: number, b: FlowBatch, n: number, h: HostTables): void {
    const rng = Rng.stream(this.plan.seed, k, STREAM_ADDRESSES);
    const srcIp = b.srcIp, dstIp = b.dstIp, srcPort = b.srcPort, dstPort = b.dstPort, pattern = b.pattern, protocol = b.protocol;
    const cAddr = h.clientAddr, cProb = h.clientProb, cAlias = h.clientAlias, cN = h.clientCount;
    const sAddr = h.serverAddr, sProb = h.serverProb, sAlias = h.serverAlias;
    const popOff = h.popOffset, popN = h.popCount, popSalt = h.popSalt, patServers = h.patternServers;
    const reuse = h.reuse, fav = h.favourites;
    const dCum = this.dst.cum, dPrev = this.dst.prev, dLo = this.dst.lo, dScale = this.dst.scale;
    const dLast = dCum.length - 1;
    const pBidi = this.plan.bidirectionalProbability;
    for (let r = 0; r < n; r++) {
      let ci = Math.floor(rng.float() * cN);
      if (rng.float() >= cProb[ci]!) ci = cAlias[ci]!;
      const src = cAddr[ci]!;
      const sp = patServers[pattern[r]!]!;
      let dst: number;
      if (sp < 0) {
        const u = rng.float();
        let i = 0;
        for (let j = 0; j < dLast; j++) i += +(dCum[j]! <= u);
        dst = dLo[i]! + Math.floor((u - dPrev[i]!) * dScale[i]!);
      } else {
        const off = popOff[sp]!, m = popN[sp]!;
        const w = rng.float();
        let u: number, v: number;
        if (w < reuse) {
          // favourite f of client ci: two hashed uniforms stand in for the popularity draw
          const f = Math.floor((w / reuse) * fav);
          const h1 = fmix32((Math.imul(ci, 0x9e3779b1) ^ popSalt[sp]!) + Math.imul(f + 1, 0x85ebca77));
          u = h1 * INV_2_32;
          v = fmix32(h1 ^ 0x5bd1e995) * INV_2_32;
        } else {
          u = rng.float();
          v = rng.float();
        }
        let si = off + Math.floor(u * m);
        if (v >= sProb[si]!) si = sAlias[si]!;
        dst = sAddr[si]!;
      }
      if (pBidi > 0 && rng.float() < pBidi) {
        srcIp[r] = dst;
        dstIp[r] = src;
        respondPorts(srcPort, dstPort, protocol, r);
      } else {
        srcIp[r] = src;
        dstIp[r] = dst;
      }
    }
  }

  /**
   * bidirectional_mode: pair — turns each reply row into the answer to the row before it: swapped addresses
   * and ports, the request's protocol, the larger (or smaller) of the two flows the model drew as the reply,
   * a start after the request's start and before its end (a single-datagram query, which has no duration, is
   * answered after the server's response time), and an end no later than the request's. Replies that would
   * start at or after the run's end time are dropped. Returns the row count.
   */
  private fillReplies(k: number, b: FlowBatch, m: number, n: number): number {
    const rng = Rng.stream(this.plan.seed, k, STREAM_PAIRS);
    const isReply = this.isReply, kind = this.pairKind, single = this.pairSingle;
    const srcIp = b.srcIp, dstIp = b.dstIp, srcPort = b.srcPort, dstPort = b.dstPort, protocol = b.protocol, pattern = b.pattern;
    const packets = b.packets, bytes = b.bytes, duration = b.duration, flags = b.tcpFlags;
    const startSec = b.startSec, startNsec = b.startNsec;
    const endOff = this.plan.endOffsetNs ?? Infinity;
    const sec0 = this.plan.startSec, nsec0 = this.plan.startNsec;
    let dropped = 0;
    for (let r = 1; r < m; r++) {
      if (isReply[r] === 0) continue;
      const q = r - 1;
      const p = pattern[q]!;
      srcIp[r] = dstIp[q]!;
      dstIp[r] = srcIp[q]!;
      srcPort[r] = dstPort[q]!;
      dstPort[r] = srcPort[q]!;
      protocol[r] = protocol[q]!;
      const kd = kind[p]!;
      if (single[p] === 1) {
        packets[q] = 1;
        packets[r] = 1;
        duration[q] = 0;
        duration[r] = 0;
      }
      if ((kd === PAIR_LARGER && bytes[r]! < bytes[q]!) || (kd === PAIR_SMALLER && bytes[r]! > bytes[q]!)) {
        let t = bytes[r]!; bytes[r] = bytes[q]!; bytes[q] = t;
        t = packets[r]!; packets[r] = packets[q]!; packets[q] = t;
        t = duration[r]!; duration[r] = duration[q]!; duration[q] = t;
        t = flags[r]!; flags[r] = flags[q]!; flags[q] = t;
      }
      if (protocol[r] === TCP_PROTO) flags[r] = flags[r]! | TCP_ACK;
      const dq = duration[q]!;
      let delta: number;
      if (dq >= 2) {
        // strictly inside (start, end): 1 … dq − 1 ns after the request's start
        delta = 1 + Math.floor(rng.float() * (dq - 1));
        const room = dq - delta;
        if (duration[r]! > room) duration[r] = room;
      } else {
        delta = REPLY_LATENCY_MIN_NS + Math.floor(rng.float() * REPLY_LATENCY_SPAN_NS);
      }
      const t = startNsec[q]! + delta;
      const s = Math.floor(t / 1e9);
      startSec[r] = startSec[q]! + s;
      startNsec[r] = t - s * 1e9;
      if (endOff !== Infinity && (startSec[r]! - sec0) * 1e9 + (startNsec[r]! - nsec0) >= endOff) {
        isReply[r] = 2; // marked for removal
        dropped++;
      }
    }
    if (m > n && isReply[n] !== 2) {
      isReply[n] = 2; // the reply past the run's last row: drawn for its request's sake, not emitted
      dropped++;
    }
    return dropped === 0 ? m : this.compact(b, m);
  }

  /** Removes rows marked 2 in isReply (replies past the end time), keeping order. Rare: only at a run's end. */
  private compact(b: FlowBatch, n: number): number {
    const cols = [b.startSec, b.startNsec, b.endSec, b.endNsec, b.srcIp, b.dstIp, b.srcPort, b.dstPort, b.protocol, b.tcpFlags, b.pattern, b.packets, b.bytes, b.duration];
    let w = 0;
    for (let r = 0; r < n; r++) {
      if (this.isReply[r] === 2) continue;
      if (w !== r) for (const c of cols) c[w] = c[r]!;
      w++;
    }
    return w;
  }

  private fillEnds(b: FlowBatch, n: number): void {
    const startSec = b.startSec, startNsec = b.startNsec, endSec = b.endSec, endNsec = b.endNsec, duration = b.duration;
    for (let r = 0; r < n; r++) {
      const t = startNsec[r]! + duration[r]!;
      const s = Math.floor(t / 1e9);
      endSec[r] = startSec[r]! + s;
      endNsec[r] = t - s * 1e9; // t < 2^42: the division is exact enough here
    }
  }
}

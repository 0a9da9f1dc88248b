/**
 * A columnar batch of flow records: one typed array per field, reused from chunk to chunk.
 * Timestamps are split into whole seconds and nanoseconds (both exact in 32 bits until 2106) so that printing
 * an integer-nanosecond timestamp never goes through a float.
 */
export const FLOW_FIELDS = [
  'start_ns', 'end_ns', 'src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'packets', 'bytes', 'tcp_flags', 'pattern',
] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];

export class FlowBatch {
  length = 0;
  readonly startSec: Uint32Array;
  readonly startNsec: Uint32Array;
  readonly endSec: Uint32Array;
  readonly endNsec: Uint32Array;
  readonly srcIp: Uint32Array;
  readonly dstIp: Uint32Array;
  readonly srcPort: Uint16Array;
  readonly dstPort: Uint16Array;
  readonly protocol: Uint8Array;
  readonly tcpFlags: Uint8Array;
  /** index into `patternNames` */
  readonly pattern: Uint8Array;
  /** Float64 so heavy-tailed counts above 2^32 stay exact (up to 2^53) */
  readonly packets: Float64Array;
  readonly bytes: Float64Array;
  /** flow duration in ns, written by patterns and turned into end timestamps by the engine */
  readonly duration: Float64Array;

  constructor(readonly capacity: number, readonly patternNames: ReadonlyArray<string> = []) {
    this.startSec = new Uint32Array(capacity);
    this.startNsec = new Uint32Array(capacity);
    this.endSec = new Uint32Array(capacity);
    this.endNsec = new Uint32Array(capacity);
    this.srcIp = new Uint32Array(capacity);
    this.dstIp = new Uint32Array(capacity);
    this.srcPort = new Uint16Array(capacity);
    this.dstPort = new Uint16Array(capacity);
    this.protocol = new Uint8Array(capacity);
    this.tcpFlags = new Uint8Array(capacity);
    this.pattern = new Uint8Array(capacity);
    this.packets = new Float64Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.duration = new Float64Array(capacity);
  }
}

/** One flow as a plain object: the convenience API (slow path; never used per record inside the engine). */
export interface Flow {
  /** integer nanoseconds since the Unix epoch */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly srcIp: number;
  readonly dstIp: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: number;
  readonly packets: number;
  readonly bytes: number;
  readonly tcpFlags: number;
  readonly pattern: string;
}

export const flowAt = (b: FlowBatch, i: number): Flow => ({
  startNs: BigInt(b.startSec[i]!) * 1_000_000_000n + BigInt(b.startNsec[i]!),
  endNs: BigInt(b.endSec[i]!) * 1_000_000_000n + BigInt(b.endNsec[i]!),
  srcIp: b.srcIp[i]!,
  dstIp: b.dstIp[i]!,
  srcPort: b.srcPort[i]!,
  dstPort: b.dstPort[i]!,
  protocol: b.protocol[i]!,
  packets: b.packets[i]!,
  bytes: b.bytes[i]!,
  tcpFlags: b.tcpFlags[i]!,
  pattern: b.patternNames[b.pattern[i]!] ?? String(b.pattern[i]),
});

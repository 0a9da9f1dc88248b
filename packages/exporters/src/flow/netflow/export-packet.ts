/**
 * What NetFlow v5, v9 and IPFIX share: big-endian writers, the exporter's clock (SysUptime relative to a boot
 * time, NTP timestamps), and framing — how one export datagram is laid out in the output stream:
 *   raw     datagrams back to back (an RFC 5655 IPFIX file is exactly this)
 *   pcap    each datagram inside IPv4/UDP headers in a nanosecond pcap (LINKTYPE_RAW), for tshark/Wireshark
 *           and tcpreplay — the file form of v5 and v9, which have no file format of their own
 *   length  a 2-byte length before each datagram: what `collect --send` reads to send whole datagrams
 */
export type Framing = 'raw' | 'pcap' | 'length';

/** Every datagram fits a 1500-byte MTU: 1500 − 20 (IPv4) − 8 (UDP). */
export const MAX_DATAGRAM = 1472;

export const u16 = (out: Uint8Array, pos: number, v: number): void => {
  out[pos] = (v >>> 8) & 255;
  out[pos + 1] = v & 255;
};

export const u32 = (out: Uint8Array, pos: number, v: number): void => {
  out[pos] = (v >>> 24) & 255;
  out[pos + 1] = (v >>> 16) & 255;
  out[pos + 2] = (v >>> 8) & 255;
  out[pos + 3] = v & 255;
};

/** An integer in [0, 2^53) as a big-endian uint64 (exact double arithmetic). */
export const u64 = (out: Uint8Array, pos: number, v: number): void => {
  const hi = Math.floor(v / 4294967296);
  u32(out, pos, hi);
  u32(out, pos + 4, v - hi * 4294967296);
};

/** Saturates at 2^32 − 1: the 32-bit counters of NetFlow v5. */
export const u32Saturating = (out: Uint8Array, pos: number, v: number): void => u32(out, pos, v > 4294967295 ? 4294967295 : v);

/**
 * The simulated exporter booted a minute before the run's start (whole ms), so SysUptime-relative times are
 * never 0 — nfdump reads a FIRST_SWITCHED of 0 as "unset" — and wrap 49.7 days later.
 */
export const exporterBootMs = (startNs: string | undefined): number => Math.floor(Number(BigInt(startNs ?? '0') / 1_000_000n)) - 60_000;

/** ms since the epoch of (sec, nsec), truncated to the millisecond */
export const epochMs = (sec: number, nsec: number): number => sec * 1000 + Math.floor(nsec / 1e6);

export const NTP_UNIX_OFFSET = 2208988800;

/**
 * dateTimeNanoseconds (RFC 7011 §6.1.10): NTP seconds and a 2^-32 s fraction, rounded *up* so that a reader
 * flooring fraction·1e9/2^32 gets the nanosecond back. nsec·2^32/1e9 = nsec·2^23/5^9, and nsec·2^23 < 2^53,
 * so the division is exact integer arithmetic.
 */
export const ntp = (out: Uint8Array, pos: number, sec: number, nsec: number): void => {
  const num = nsec * 8388608;
  let frac = Math.floor(num / 1953125);
  if (num - frac * 1953125 > 0) frac++;
  let s = sec + NTP_UNIX_OFFSET;
  if (frac === 4294967296) (frac = 0), s++;
  u32(out, pos, s % 4294967296);
  u32(out, pos + 4, frac);
};

/** Settings every packet exporter accepts (validated against the contribution's options schema). */
export interface PacketSettings {
  readonly framing: Framing;
  /** v5 engine_type / engine_id; v9 source_id and IPFIX observation domain come from `domain` */
  readonly engineType: number;
  readonly engineId: number;
  readonly domain: number;
  /** UDP destination port written into pcap framing */
  readonly port: number;
}

export const packetSettings = (s: Readonly<Record<string, unknown>> | undefined, defaultPort: number, defaultFraming: Framing): PacketSettings => ({
  framing: (s?.framing as Framing | undefined) ?? defaultFraming,
  engineType: (s?.engine_type as number | undefined) ?? 0,
  engineId: (s?.engine_id as number | undefined) ?? 0,
  domain: (s?.observation_domain as number | undefined) ?? 0,
  port: (s?.port as number | undefined) ?? defaultPort,
});

const PCAP_HEADER = 24;
const PCAP_RECORD = 16;
const IP_UDP = 28;
/** exporter 192.0.2.1:50000 → collector 192.0.2.2:port (TEST-NET-1) in pcap framing */
const EXPORTER_IP = 0xc0000201;
const COLLECTOR_IP = 0xc0000202;
const EXPORTER_PORT = 50000;

/** bytes of framing before a datagram's payload */
export const framingBytes = (f: Framing): number => (f === 'pcap' ? PCAP_RECORD + IP_UDP : f === 'length' ? 2 : 0);

/** the stream header: pcap's global header (nanosecond timestamps, LINKTYPE_RAW), nothing otherwise */
export const streamHeader = (f: Framing): Uint8Array => {
  if (f !== 'pcap') return new Uint8Array(0);
  const h = new Uint8Array(PCAP_HEADER);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0xa1b23c4d, true); // nanosecond-resolution magic
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true); // snaplen
  v.setUint32(20, 101, true); // LINKTYPE_RAW: the packet starts with the IPv4 header
  return h;
};

const le32 = (out: Uint8Array, pos: number, v: number): void => {
  out[pos] = v & 255;
  out[pos + 1] = (v >>> 8) & 255;
  out[pos + 2] = (v >>> 16) & 255;
  out[pos + 3] = (v >>> 24) & 255;
};

/**
 * Completes the framing of the datagram whose payload is out[start + framingBytes … end): lengths, and for
 * pcap the capture time (the export time) and the IPv4/UDP headers. `ipId` is the IPv4 identification.
 */
export const closeFrame = (out: Uint8Array, start: number, end: number, s: PacketSettings, sec: number, nsec: number, ipId: number): void => {
  if (s.framing === 'raw') return;
  const payload = end - start - framingBytes(s.framing);
  if (s.framing === 'length') {
    u16(out, start, payload);
    return;
  }
  const ipLen = payload + IP_UDP;
  le32(out, start, sec);
  le32(out, start + 4, nsec);
  le32(out, start + 8, ipLen);
  le32(out, start + 12, ipLen);
  const ip = start + PCAP_RECORD;
  out[ip] = 0x45;
  out[ip + 1] = 0;
  u16(out, ip + 2, ipLen);
  u16(out, ip + 4, ipId & 0xffff);
  u16(out, ip + 6, 0x4000); // don't fragment
  out[ip + 8] = 64;
  out[ip + 9] = 17;
  u16(out, ip + 10, 0);
  u32(out, ip + 12, EXPORTER_IP);
  u32(out, ip + 16, COLLECTOR_IP);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (out[ip + i]! << 8) | out[ip + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  u16(out, ip + 10, ~sum & 0xffff);
  const udp = ip + 20;
  u16(out, udp, EXPORTER_PORT);
  u16(out, udp + 2, s.port);
  u16(out, udp + 4, payload + 8);
  u16(out, udp + 6, 0); // no UDP checksum (allowed over IPv4)
};

/** The latest end time among rows [from, to), as [sec, nsec]: the datagram's export time. */
export const latestEnd = (endSec: Uint32Array, endNsec: Uint32Array, from: number, to: number, into: Float64Array): void => {
  let s = endSec[from]!, n = endNsec[from]!;
  for (let i = from + 1; i < to; i++) {
    const si = endSec[i]!, ni = endNsec[i]!;
    if (si > s || (si === s && ni > n)) (s = si), (n = ni);
  }
  into[0] = s;
  into[1] = n;
};

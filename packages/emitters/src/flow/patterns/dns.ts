/** dns: one query or response over UDP/53 — a single small datagram, occasionally a retry. */
import { UDP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const DNS = {
  variants: [{
    weight: 1, protocol: UDP, dst_ports: [{ port: 53, weight: 1 }], src_port_range: [49152, 65535],
    bytes: { median: 110, sigma: 0.5, min: 60, max: 1500 }, small_packet_share: [0.5, 1],
    rate_bps: { median: 1e6, sigma: 0.5 }, rtt_ms: [1, 50], rst_probability: 0,
  }],
  pairing: { reply: 'larger', singlePacket: true },
} as const;
export const createPattern = profilePattern(DNS);

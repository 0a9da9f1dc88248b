/** web: HTTPS (443, 70%) and HTTP (80) over TCP. Page loads are mostly mice; downloads and video are the elephants. */
import { TCP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const WEB = {
  variants: [{
    weight: 1, protocol: TCP, dst_ports: [{ port: 443, weight: 70 }, { port: 80, weight: 30 }], src_port_range: [49152, 65535],
    bytes: { median: 2500, sigma: 1.7, min: 40, max: 5e8 }, small_packet_share: [0.1, 0.9],
    rate_bps: { median: 20e6, sigma: 1.2 }, rtt_ms: [5, 80], rst_probability: 0.03,
  }],
  pairing: { reply: 'larger' },
} as const;
export const createPattern = profilePattern(WEB);

/** smtp: mail submission and relay on 25, 587 and 465 (uniform) over TCP. */
import { TCP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const SMTP = {
  variants: [{
    weight: 1, protocol: TCP, dst_ports: [{ port: 25, weight: 1 }, { port: 587, weight: 1 }, { port: 465, weight: 1 }],
    src_port_range: [49152, 65535], bytes: { median: 12000, sigma: 1.3, min: 200, max: 5e7 }, small_packet_share: [0.1, 0.6],
    rate_bps: { median: 10e6, sigma: 1.0 }, rtt_ms: [10, 100], rst_probability: 0.02,
  }],
  pairing: { reply: 'smaller' },
} as const;
export const createPattern = profilePattern(SMTP);

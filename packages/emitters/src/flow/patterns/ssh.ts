/** ssh: TCP/22 — interactive sessions (small packets, long-lived) and occasional scp/rsync bulk copies. */
import { TCP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const SSH = {
  variants: [{
    weight: 1, protocol: TCP, dst_ports: [{ port: 22, weight: 1 }], src_port_range: [49152, 65535],
    bytes: { median: 4000, sigma: 1.6, min: 40, max: 2e9 }, small_packet_share: [0.3, 0.95],
    rate_bps: { median: 2e6, sigma: 1.5 }, rtt_ms: [5, 100], rst_probability: 0.02,
  }],
  pairing: { reply: 'same' },
} as const;
export const createPattern = profilePattern(SSH);

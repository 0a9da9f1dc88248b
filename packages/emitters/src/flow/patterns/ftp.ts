/** ftp: control connections on 21 (small, chatty) and data transfers on 20 (bulk), half each. */
import { TCP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const FTP = {
  variants: [
    {
      weight: 1, protocol: TCP, dst_ports: [{ port: 21, weight: 1 }], src_port_range: [49152, 65535],
      bytes: { median: 800, sigma: 0.8, min: 64, max: 1e5 }, small_packet_share: [0.8, 1],
      rate_bps: { median: 1e6, sigma: 0.8 }, rtt_ms: [5, 80], rst_probability: 0.02,
    },
    {
      weight: 1, protocol: TCP, dst_ports: [{ port: 20, weight: 1 }], src_port_range: [49152, 65535],
      bytes: { median: 200000, sigma: 1.8, min: 1000, max: 4e9 }, small_packet_share: [0.02, 0.2],
      rate_bps: { median: 50e6, sigma: 1.0 }, rtt_ms: [5, 80], rst_probability: 0.02,
    },
  ],
  pairing: { reply: 'larger' },
} as const;
export const createPattern = profilePattern(FTP);

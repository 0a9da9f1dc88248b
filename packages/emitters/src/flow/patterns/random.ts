/** random: background noise — TCP (70%) and UDP (30%) to any destination port 1–65535. */
import { TCP, UDP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

const common = {
  dst_port_range: [1, 65535], src_port_range: [49152, 65535],
  bytes: { median: 300, sigma: 1.5, min: 40, max: 1e7 }, small_packet_share: [0.3, 1],
  rate_bps: { median: 5e6, sigma: 1.2 }, rtt_ms: [5, 150], rst_probability: 0.1,
} as const;
export const RANDOM = {
  variants: [{ weight: 70, protocol: TCP, ...common }, { weight: 30, protocol: UDP, ...common }],
} as const;
export const createPattern = profilePattern(RANDOM);

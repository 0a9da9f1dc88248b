/** database: MySQL 3306, PostgreSQL 5432, MongoDB 27017, Redis 6379 (uniform) — short, fast intra-DC queries. */
import { TCP } from '../pattern-contract';
import { profilePattern } from '../profile-pattern';

export const DATABASE = {
  variants: [{
    weight: 1, protocol: TCP,
    dst_ports: [{ port: 3306, weight: 1 }, { port: 5432, weight: 1 }, { port: 27017, weight: 1 }, { port: 6379, weight: 1 }],
    src_port_range: [49152, 65535], bytes: { median: 1200, sigma: 1.6, min: 40, max: 1e8 }, small_packet_share: [0.2, 0.9],
    rate_bps: { median: 100e6, sigma: 1.0 }, rtt_ms: [0.1, 2], rst_probability: 0.01,
  }],
  pairing: { reply: 'larger' },
} as const;
export const createPattern = profilePattern(DATABASE);

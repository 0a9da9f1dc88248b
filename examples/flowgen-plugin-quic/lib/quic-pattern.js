'use strict';
/**
 * quic: HTTP/3 and other QUIC traffic over UDP/443. QUIC datagrams stay at or below ~1350 bytes (path-MTU
 * safety: 1200 minimum, 1252/1280/1350 common), so the large-packet mode is the datagram size, not 1500.
 * Transfers are heavy-tailed like HTTPS; a QUIC "flow" has no TCP flags.
 *
 * Contract (flowgen apiVersion 1): export createPattern(options, sdk). `sdk` is the running flowstats'
 * toolkit — this module needs no flowgen package at run time.
 */
const createPattern = (options, sdk) => {
  const scale = options.bytes_scale ?? 1;
  const datagram = options.max_datagram ?? 1350;
  return sdk.createProfilePattern({
    variants: [
      {
        // page loads and API calls: mostly mice
        weight: 85,
        protocol: sdk.protocols.UDP,
        dst_ports: [{ port: 443, weight: 1 }],
        src_port_range: [49152, 65535],
        bytes: { median: 3000 * scale, sigma: 1.6, min: 1200, max: 2e8 * scale },
        small_packet_share: [0.2, 0.8],
        small_packet_size: 60,
        large_packet_size: datagram,
        rate_bps: { median: 25e6, sigma: 1.0 },
        rtt_ms: [5, 60],
        rst_probability: 0,
      },
      {
        // video segments and downloads: the elephants
        weight: 15,
        protocol: sdk.protocols.UDP,
        dst_ports: [{ port: 443, weight: 1 }],
        src_port_range: [49152, 65535],
        bytes: { median: 400000 * scale, sigma: 1.4, min: 1200, max: 4e9 * scale },
        small_packet_share: [0.02, 0.1],
        small_packet_size: 60,
        large_packet_size: datagram,
        rate_bps: { median: 40e6, sigma: 0.8 },
        rtt_ms: [5, 60],
        rst_probability: 0,
      },
    ],
  });
};

module.exports = { createPattern };

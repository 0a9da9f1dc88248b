/**
 * The UDP payloads of a pcap capture as a stream of length-prefixed datagrams (2-byte big-endian length, then
 * the datagram — collect's `length` framing), for the NetFlow/IPFIX readers. Reads classic pcap in either byte
 * order and timestamp resolution, with raw IPv4/IPv6, Ethernet (VLAN tags too), Linux cooked (SLL, SLL2) or
 * BSD loopback link layers; packets that are not UDP are skipped. pcapng is refused with the conversion hint.
 */
import type { ByteSource } from './byte-source';
import type { BlockFile } from './flow-reader';
import { ReadError } from './read-error';

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xa1b23c4d]);

/** true for the first bytes of a pcap file (either byte order) */
export const isPcap = (head: Uint8Array): boolean => {
  if (head.length < 4) return false;
  const be = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const le = ((head[3]! << 24) | (head[2]! << 16) | (head[1]! << 8) | head[0]!) >>> 0;
  return PCAP_MAGICS.has(be) || PCAP_MAGICS.has(le);
};

/** true for a pcapng section header block */
export const isPcapng = (head: Uint8Array): boolean => head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a;

export const pcapDatagrams = (outer: BlockFile): ByteSource => {
  if (outer.ensure(24) < 24) throw new ReadError(outer.path, outer.offset(), 'truncated pcap header');
  const little = outer.buf[outer.pos] === 0xd4 || outer.buf[outer.pos] === 0x4d;
  const u32 = (p: number): number => (little ? outer.buf.readUInt32LE(p) : outer.buf.readUInt32BE(p));
  const link = u32(outer.pos + 20) & 0xffff;
  if (![0, 1, 101, 113, 228, 229, 276].includes(link)) {
    throw new ReadError(outer.path, outer.offset() + 20, `pcap link type ${link} is not supported (raw IP, Ethernet, Linux cooked or loopback captures are)`);
  }
  outer.pos += 24;
  // the datagram being handed out: [0, pendingEnd) of scratch, from pendingPos
  const scratch = Buffer.allocUnsafe(65537);
  let pendingPos = 0, pendingEnd = 0;

  /** [start, end) of the UDP payload of the packet at p (incl bytes), or start −1 when it is not UDP */
  const udpPayload = (buf: Buffer, p: number, incl: number, out: Int32Array): void => {
    out[0] = -1;
    const end = p + incl;
    let ip = p;
    let ethertype = 0x0800;
    if (link === 1) {
      if (incl < 14) return;
      ethertype = buf.readUInt16BE(p + 12);
      ip = p + 14;
      while ((ethertype === 0x8100 || ethertype === 0x88a8) && ip + 4 <= end) (ethertype = buf.readUInt16BE(ip + 2)), (ip += 4);
    } else if (link === 113) {
      if (incl < 16) return;
      ethertype = buf.readUInt16BE(p + 14);
      ip = p + 16;
    } else if (link === 276) {
      if (incl < 20) return;
      ethertype = buf.readUInt16BE(p);
      ip = p + 20;
    } else if (link === 0) {
      ip = p + 4;
      ethertype = 0; // by the IP version nibble
    } else ethertype = 0;
    if (ip >= end) return;
    const version = buf[ip]! >> 4;
    let udp: number;
    if ((ethertype === 0x0800 || ethertype === 0) && version === 4) {
      const ihl = (buf[ip]! & 15) * 4;
      if (buf[ip + 9] !== 17 || (buf.readUInt16BE(ip + 6) & 0x3fff) !== 0) return; // not UDP, or a fragment
      udp = ip + ihl;
    } else if ((ethertype === 0x86dd || ethertype === 0) && version === 6) {
      if (buf[ip + 6] !== 17) return;
      udp = ip + 40;
    } else return;
    if (udp + 8 > end) return;
    const udpEnd = Math.min(end, udp + buf.readUInt16BE(udp + 4));
    out[0] = udp + 8;
    out[1] = udpEnd;
  };
  const span = new Int32Array(2);

  return {
    seekable: false,
    compression: outer.source.compression,
    read(buf, off, len) {
      let written = 0;
      while (written < len) {
        if (pendingPos < pendingEnd) {
          const n = Math.min(len - written, pendingEnd - pendingPos);
          buf.set(scratch.subarray(pendingPos, pendingPos + n), off + written);
          pendingPos += n;
          written += n;
          continue;
        }
        const avail = outer.ensure(16);
        if (avail === 0) break;
        const at = outer.offset();
        if (avail < 16) throw new ReadError(outer.path, at, 'truncated pcap record header');
        const incl = u32(outer.pos + 8);
        if (incl > 262144) throw new ReadError(outer.path, at, `pcap record of ${incl} bytes (corrupt file?)`);
        if (outer.ensure(16 + incl) < 16 + incl) throw new ReadError(outer.path, at, `truncated pcap record (${incl} bytes declared)`);
        udpPayload(outer.buf, outer.pos + 16, incl, span);
        if (span[0]! >= 0 && span[1]! > span[0]!) {
          const n = span[1]! - span[0]!;
          scratch.writeUInt16BE(n, 0);
          outer.buf.copy(scratch, 2, span[0]!, span[1]!);
          pendingPos = 0;
          pendingEnd = n + 2;
        }
        outer.pos += 16 + incl;
      }
      return written;
    },
    close: () => outer.close(),
  };
};

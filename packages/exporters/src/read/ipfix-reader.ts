/**
 * Reads IPFIX files (RFC 5655: messages back to back) — ours and other exporters' — through their templates:
 * addresses (8/12), ports (7/11), protocol (4), tcpControlBits (6), packet and octet counts (2/1, any
 * reduced size), and times from flowStart/EndNanoseconds (156/157), else Milliseconds (152/153), else
 * Seconds (150/151). ICMP type and code (icmpTypeCodeIPv4/IPv6 32/139, or icmpType/CodeIPv4/IPv6 176–179),
 * when present, become the destination port as type·256 + code (source port 0), the NetFlow convention every
 * flowstats format uses. Records without IPv4 addresses are skipped; IPFIX has no pattern, so it reads "ipfix".
 */
import { FlowBatch } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';

interface Template {
  /** per field: information element (−1: enterprise-specific, skipped), length (65535: variable) */
  readonly ies: Int32Array;
  readonly lens: Int32Array;
  readonly hasAddresses: boolean;
}

const NTP_UNIX_OFFSET = 2208988800;
const TWO32 = 4294967296;

/** `lengthPrefixed`: each message follows a 2-byte length (collect's `length` framing, and pcap captures) */
export const openIpfixReader = (file: BlockFile, lengthPrefixed = false): FlowReader => {
  const patterns = new PatternIndex(file.path);
  const ipfix = patterns.of('ipfix', 0);
  const templates = new Map<string, Template>(); // `${domain}/${id}`
  // the data set being read: [pos, end) in the current message, with its template
  let setPos = 0, setEnd = 0, msgEnd = 0, domain = 0;
  let tpl: Template | undefined;
  const f = new Float64Array(19); // field values of the record being decoded

  const readTemplates = (buf: Buffer, p: number, end: number): void => {
    while (p + 4 <= end) {
      const id = buf.readUInt16BE(p), count = buf.readUInt16BE(p + 2);
      p += 4;
      if (count === 0) break; // padding or withdrawal
      const ies = new Int32Array(count), lens = new Int32Array(count);
      let recordBytes = 0;
      for (let i = 0; i < count; i++) {
        if (p + 4 > end) throw new ReadError(file.path, file.base + p, 'truncated template record');
        const ie = buf.readUInt16BE(p);
        const len = (lens[i] = buf.readUInt16BE(p + 2));
        const allowed = IE_LENGTHS.get(ie);
        if (allowed && !allowed.includes(len)) {
          throw new ReadError(file.path, file.base + p, `template ${id}: information element ${ie} has length ${len === 65535 ? 'variable' : len}, expected ${allowed.join(' or ')} bytes`);
        }
        recordBytes += len === 65535 ? 1 : len;
        p += 4;
        if (ie & 0x8000) {
          ies[i] = -1;
          p += 4;
        } else ies[i] = ie;
      }
      if (recordBytes === 0) throw new ReadError(file.path, file.base + p, `template ${id}: records of 0 bytes`);
      templates.set(`${domain}/${id}`, { ies, lens, hasAddresses: ies.includes(8) && ies.includes(12) });
    }
  };

  /** next data set with a known template, reading message and set headers; false at the end of the file */
  const nextSet = (): boolean => {
    for (;;) {
      const buf = file.buf;
      if (setPos < msgEnd && setPos + 4 <= msgEnd) {
        const id = buf.readUInt16BE(setPos), len = buf.readUInt16BE(setPos + 2);
        if (len < 4 || setPos + len > msgEnd) throw new ReadError(file.path, file.base + setPos, `bad set length ${len}`);
        const body = setPos + 4;
        setPos += len;
        if (id === 2) readTemplates(buf, body, setPos);
        else if (id >= 256) {
          tpl = templates.get(`${domain}/${id}`);
          if (tpl?.hasAddresses) {
            setEnd = setPos;
            setPos = body;
            return true;
          }
        }
        continue;
      }
      // next message
      file.pos = msgEnd > file.pos ? msgEnd : file.pos;
      let avail = file.ensure(1 << 16);
      if (avail === 0) return false;
      let p = file.pos;
      if (lengthPrefixed) {
        if (avail < 2) throw new ReadError(file.path, file.base + p, 'truncated datagram length');
        p += 2;
        avail -= 2;
      }
      if (avail < 16) throw new ReadError(file.path, file.base + p, 'truncated IPFIX message header');
      const b = file.buf;
      const version = b.readUInt16BE(p), length = b.readUInt16BE(p + 2);
      if (version !== 10) throw new ReadError(file.path, file.base + p, `not an IPFIX message (version ${version})`);
      if (length < 16) throw new ReadError(file.path, file.base + p, `bad message length ${length}`);
      if (length > avail) throw new ReadError(file.path, file.base + p, `truncated IPFIX message (${length} bytes declared, ${avail} present)`);
      domain = b.readUInt32BE(p + 12);
      setPos = p + 16;
      msgEnd = p + length;
      setEnd = 0;
    }
  };

  return readerOf('ipfix', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (setPos >= setEnd || !tpl) {
        if (!nextSet()) break;
      }
      const t = tpl!;
      const buf = file.buf;
      let p = setPos;
      const recordAt = p;
      // a record must fit in what is left of the set; the rest is padding
      f.fill(-1);
      let ok = true;
      for (let i = 0; i < t.ies.length; i++) {
        let len = t.lens[i]!;
        if (len === 65535) {
          if (p >= setEnd) (ok = false), (i = t.ies.length);
          else if (buf[p] === 255) (len = buf.readUInt16BE(p + 1)), (p += 3);
          else (len = buf[p]!), p++;
        }
        if (p + len > setEnd) {
          ok = false;
          break;
        }
        const ie = t.ies[i]!;
        switch (ie) {
          case 8: f[0] = buf.readUInt32BE(p); break;
          case 12: f[1] = buf.readUInt32BE(p); break;
          case 7: f[2] = buf.readUIntBE(p, Math.min(len, 2)); break;
          case 11: f[3] = buf.readUIntBE(p, Math.min(len, 2)); break;
          case 4: f[4] = buf[p]!; break;
          case 6: f[5] = len === 1 ? buf[p]! : buf.readUInt16BE(p) & 0xff; break;
          case 2: f[6] = len <= 6 ? buf.readUIntBE(p, len) : buf.readUInt32BE(p) * TWO32 + buf.readUInt32BE(p + 4); break;
          case 1: f[7] = len <= 6 ? buf.readUIntBE(p, len) : buf.readUInt32BE(p) * TWO32 + buf.readUInt32BE(p + 4); break;
          case 156: case 157: {
            const k = ie === 156 ? 8 : 10;
            f[k] = buf.readUInt32BE(p) - NTP_UNIX_OFFSET;
            // fraction·1e9/2^32 = fraction·5^9/2^23: the product stays below 2^53, so the floor is exact
            f[k + 1] = Math.floor((buf.readUInt32BE(p + 4) * 1953125) / 8388608);
            break;
          }
          case 152: case 153:
            f[ie === 152 ? 12 : 13] = buf.readUInt32BE(p) * TWO32 + buf.readUInt32BE(p + 4);
            break;
          case 32: case 139: f[16] = buf.readUInt16BE(p); break;
          case 176: case 178: f[17] = buf[p]!; break;
          case 177: case 179: f[18] = buf[p]!; break;
          case 150: f[14] = buf.readUInt32BE(p); break;
          case 151: f[15] = buf.readUInt32BE(p); break;
        }
        p += len;
      }
      if (!ok) {
        setPos = setEnd; // padding at the end of the set
        continue;
      }
      setPos = p;
      // times: ns if present, else ms, else s
      for (const [k, ms, s, secCol, nsecCol] of TIME_SLOTS) {
        let sec: number, nsec: number;
        if (f[k]! >= 0) (sec = f[k]!), (nsec = f[k + 1]!);
        else if (f[ms]! >= 0) (sec = Math.floor(f[ms]! / 1000)), (nsec = (f[ms]! - sec * 1000) * 1e6);
        else (sec = Math.max(0, f[s]!)), (nsec = 0);
        if (!(sec >= 0 && sec <= 0xffffffff)) throw new ReadError(file.path, file.base + recordAt, `flow time ${sec} s is outside 1970…2106`);
        (b[secCol] as Uint32Array)[n] = sec;
        (b[nsecCol] as Uint32Array)[n] = nsec;
      }
      b.srcIp[n] = f[0]!;
      b.dstIp[n] = f[1]!;
      const icmp = f[4] === 1 || f[4] === 58 ? (f[16]! >= 0 ? f[16]! : f[17]! >= 0 ? f[17]! * 256 + Math.max(0, f[18]!) : -1) : -1;
      if (icmp >= 0) (b.srcPort[n] = 0), (b.dstPort[n] = icmp);
      else (b.srcPort[n] = Math.max(0, f[2]!)), (b.dstPort[n] = Math.max(0, f[3]!));
      b.protocol[n] = Math.max(0, f[4]!);
      b.tcpFlags[n] = Math.max(0, f[5]!);
      b.packets[n] = Math.max(0, f[6]!);
      b.bytes[n] = Math.max(0, f[7]!);
      b.pattern[n] = ipfix;
      b.length = ++n;
    }
    b.length = n;
    return n;
  });
};

/** the lengths (bytes) this reader accepts for the information elements it reads (reduced-size encoding included) */
const IE_LENGTHS = new Map<number, number[]>([
  [8, [4]], [12, [4]], [7, [1, 2]], [11, [1, 2]], [4, [1]], [6, [1, 2]],
  [2, [1, 2, 3, 4, 5, 6, 7, 8]], [1, [1, 2, 3, 4, 5, 6, 7, 8]],
  [156, [8]], [157, [8]], [152, [8]], [153, [8]], [150, [4]], [151, [4]],
  [32, [2]], [139, [2]], [176, [1]], [177, [1]], [178, [1]], [179, [1]],
]);

/** [ns seconds slot, ms slot, s slot, batch columns] for start and end */
const TIME_SLOTS = [
  [8, 12, 14, 'startSec', 'startNsec'],
  [10, 13, 15, 'endSec', 'endNsec'],
] as const;

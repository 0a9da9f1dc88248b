/**
 * Reads NetFlow v5 and v9 export datagrams — collect's `-o netflow-v5|netflow-v9` in any framing (pcap, via
 * pcap-source.ts; `length`: a 2-byte length before each; `raw`: back to back) and other exporters' captures.
 * v5 records are fixed; v9 records go through their templates (addresses 8/12, ports 7/11, protocol 4, TCP
 * flags 6, counters 2/1 of any size, FIRST/LAST_SWITCHED 22/21 in SysUptime ms, or absolute ms 152/153).
 * Times come back to the millisecond the protocol carries. Pattern: "netflow-v5" / "netflow-v9".
 */
import { FlowBatch } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';

interface V9Template {
  readonly types: Int32Array;
  readonly lens: Int32Array;
  readonly size: number;
}

const TWO32 = 4294967296;
const V5_HEADER = 24;
const V5_RECORD = 48;

/** `framing`: `length` (a 2-byte length before each datagram) or `raw` (back to back) */
export const openNetflowReader = (file: BlockFile, framing: 'length' | 'raw'): FlowReader => {
  const patterns = new PatternIndex(file.path);
  let v5 = -1;
  const templates = new Map<number, V9Template>(); // (source_id · 65536 + template id)
  // the datagram being read: [pos, end) in file.buf
  let dEnd = 0, version = 0, count = 0, recordsLeft = 0;
  let exportMs = 0, uptime = 0, sourceId = 0;
  // v9: the flowset being read
  let setEnd = 0;
  let tpl: V9Template | undefined;
  let v9 = -1;
  const f = new Float64Array(12);

  const timeOf = (relative: number): number => exportMs - ((((uptime - relative) % TWO32) + TWO32) % TWO32);

  /** moves to the next datagram; false at the end of the input */
  const nextDatagram = (): boolean => {
    if (dEnd > file.pos) file.pos = dEnd;
    let avail = file.ensure(1 << 16);
    if (avail === 0) return false;
    let p = file.pos;
    const at = file.offset();
    let len: number;
    if (framing === 'length') {
      if (avail < 2) throw new ReadError(file.path, at, 'truncated datagram length');
      len = file.buf.readUInt16BE(p);
      p += 2;
      avail -= 2;
      if (len > avail) throw new ReadError(file.path, at, `truncated datagram (${len} bytes declared, ${avail} present)`);
    } else len = avail; // raw: the datagram's own header says where it ends (below)
    if (len < 4) throw new ReadError(file.path, at, 'datagram too short for a NetFlow header');
    const buf = file.buf;
    version = buf.readUInt16BE(p);
    count = buf.readUInt16BE(p + 2);
    if (version === 5) {
      const need = V5_HEADER + count * V5_RECORD;
      if (count > 30 || need > len) throw new ReadError(file.path, at, `truncated or corrupt NetFlow v5 datagram (${count} records declared)`);
      uptime = buf.readUInt32BE(p + 4);
      exportMs = buf.readUInt32BE(p + 8) * 1000 + Math.floor(buf.readUInt32BE(p + 12) / 1e6);
      recordsLeft = count;
      file.pos = p + V5_HEADER;
      dEnd = framing === 'length' ? p + len : p + need;
      return true;
    }
    if (version === 9) {
      if (len < 20) throw new ReadError(file.path, at, 'truncated NetFlow v9 header');
      uptime = buf.readUInt32BE(p + 4);
      exportMs = buf.readUInt32BE(p + 8) * 1000;
      sourceId = buf.readUInt32BE(p + 16);
      file.pos = p + 20;
      if (framing === 'length') dEnd = p + len;
      else {
        // raw: flowsets up to the next datagram header (a flowset id of 9 does not exist) or the end
        let q = p + 20;
        while (q + 4 <= p + len && buf.readUInt16BE(q) !== 9) {
          const l = buf.readUInt16BE(q + 2);
          if (l < 4 || q + l > p + len) throw new ReadError(file.path, file.base + q, `bad flowset length ${l}`);
          q += l;
        }
        dEnd = q;
      }
      setEnd = file.pos;
      tpl = undefined;
      return true;
    }
    throw new ReadError(file.path, at, `not a NetFlow v5/v9 datagram (version ${version})`);
  };

  const readTemplates = (buf: Buffer, p: number, end: number): void => {
    while (p + 4 <= end) {
      const id = buf.readUInt16BE(p), fields = buf.readUInt16BE(p + 2);
      p += 4;
      if (fields === 0 || p + fields * 4 > end) break;
      const types = new Int32Array(fields), lens = new Int32Array(fields);
      let size = 0;
      for (let i = 0; i < fields; i++, p += 4) {
        types[i] = buf.readUInt16BE(p);
        lens[i] = buf.readUInt16BE(p + 2);
        size += lens[i]!;
      }
      if (size === 0) throw new ReadError(file.path, file.base + p, `template ${id}: records of 0 bytes`);
      templates.set(sourceId * 65536 + id, { types, lens, size });
    }
  };

  /** v9: the next data flowset with a known template in the current datagram; false when there is none */
  const nextSet = (): boolean => {
    const buf = file.buf;
    if (file.pos < setEnd) file.pos = setEnd; // the padding after the last record of a set
    while (file.pos + 4 <= dEnd) {
      const id = buf.readUInt16BE(file.pos), len = buf.readUInt16BE(file.pos + 2);
      if (len < 4 || file.pos + len > dEnd) throw new ReadError(file.path, file.offset(), `bad flowset length ${len}`);
      const body = file.pos + 4;
      file.pos += len;
      if (id === 0) readTemplates(buf, body, file.pos);
      else if (id >= 256) {
        tpl = templates.get(sourceId * 65536 + id);
        if (tpl) {
          setEnd = file.pos;
          file.pos = body;
          return true;
        }
      }
    }
    return false;
  };

  const put = (b: FlowBatch, n: number, startMs: number, endMs: number, at: number): void => {
    if (!(startMs >= 0 && endMs >= 0 && startMs < TWO32 * 1000 && endMs < TWO32 * 1000)) throw new ReadError(file.path, at, 'flow time outside 1970…2106');
    const s = Math.floor(startMs / 1000), e = Math.floor(endMs / 1000);
    b.startSec[n] = s;
    b.startNsec[n] = (startMs - s * 1000) * 1e6;
    b.endSec[n] = e;
    b.endNsec[n] = (endMs - e * 1000) * 1e6;
  };

  return readerOf('netflow', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity) {
      if (version === 5 && recordsLeft > 0) {
        const buf = file.buf, r = file.pos;
        b.srcIp[n] = buf.readUInt32BE(r);
        b.dstIp[n] = buf.readUInt32BE(r + 4);
        b.packets[n] = buf.readUInt32BE(r + 16);
        b.bytes[n] = buf.readUInt32BE(r + 20);
        put(b, n, timeOf(buf.readUInt32BE(r + 24)), timeOf(buf.readUInt32BE(r + 28)), file.base + r);
        b.srcPort[n] = buf.readUInt16BE(r + 32);
        b.dstPort[n] = buf.readUInt16BE(r + 34);
        b.tcpFlags[n] = buf[r + 37]!;
        b.protocol[n] = buf[r + 38]!;
        if (v5 < 0) v5 = patterns.of('netflow-v5', file.base + r);
        b.pattern[n] = v5;
        file.pos = r + V5_RECORD;
        recordsLeft--;
        b.length = ++n;
        continue;
      }
      if (version === 9 && tpl && file.pos + tpl.size <= setEnd) {
        const buf = file.buf, t = tpl;
        let p = file.pos;
        const at = file.base + p;
        f.fill(-1);
        for (let i = 0; i < t.types.length; i++) {
          const len = t.lens[i]!;
          switch (t.types[i]) {
            case 8: if (len === 4) f[0] = buf.readUInt32BE(p); break;
            case 12: if (len === 4) f[1] = buf.readUInt32BE(p); break;
            case 7: f[2] = buf.readUIntBE(p, Math.min(len, 2)); break;
            case 11: f[3] = buf.readUIntBE(p, Math.min(len, 2)); break;
            case 4: f[4] = buf[p]!; break;
            case 6: f[5] = buf[p + len - 1]!; break;
            case 2: f[6] = len <= 6 ? buf.readUIntBE(p, len) : buf.readUInt32BE(p + len - 8) * TWO32 + buf.readUInt32BE(p + len - 4); break;
            case 1: f[7] = len <= 6 ? buf.readUIntBE(p, len) : buf.readUInt32BE(p + len - 8) * TWO32 + buf.readUInt32BE(p + len - 4); break;
            case 22: f[8] = buf.readUInt32BE(p); break;
            case 21: f[9] = buf.readUInt32BE(p); break;
            case 152: if (len === 8) f[10] = buf.readUInt32BE(p) * TWO32 + buf.readUInt32BE(p + 4); break;
            case 153: if (len === 8) f[11] = buf.readUInt32BE(p) * TWO32 + buf.readUInt32BE(p + 4); break;
          }
          p += len;
        }
        file.pos = p;
        if (f[0]! < 0 || f[1]! < 0) continue; // not an IPv4 flow record
        const startMs = f[10]! >= 0 ? f[10]! : f[8]! >= 0 ? timeOf(f[8]!) : exportMs;
        const endMs = f[11]! >= 0 ? f[11]! : f[9]! >= 0 ? timeOf(f[9]!) : startMs;
        put(b, n, startMs, endMs, at);
        b.srcIp[n] = f[0]!;
        b.dstIp[n] = f[1]!;
        b.srcPort[n] = Math.max(0, f[2]!);
        b.dstPort[n] = Math.max(0, f[3]!);
        b.protocol[n] = Math.max(0, f[4]!);
        b.tcpFlags[n] = Math.max(0, f[5]!);
        b.packets[n] = Math.max(0, f[6]!);
        b.bytes[n] = Math.max(0, f[7]!);
        if (v9 < 0) v9 = patterns.of('netflow-v9', at);
        b.pattern[n] = v9;
        b.length = ++n;
        continue;
      }
      if (version === 9 && nextSet()) continue;
      if (!nextDatagram()) break;
    }
    b.length = n;
    return n;
  });
};

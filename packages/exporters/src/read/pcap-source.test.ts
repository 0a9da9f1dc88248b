/**
 * NetFlow in someone else's capture: v5 and v9 datagrams from our encoders, wrapped by hand in a microsecond,
 * big-endian pcap with Ethernet (and a VLAN tag) or Linux cooked headers and a non-UDP packet between them,
 * read back through openFlowFile; and pcapng, refused with the conversion hint. (Compressed inputs need the
 * built decompression worker: the CLI tests in apps/flowstats cover them.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlowBatch } from '@flowgen/core';
import type { CreateEncoder } from '../flow/flow-encoder';
import { openFlowFile } from './open-flow-file';
import { ReadError } from './read-error';

// startSec, startMs, endSec, endMs, src, dst, sport, dport, proto, packets, bytes, flags
const rows = [
  [1704067200, 0, 1704067200, 5, 167772161, 3232235778, 49152, 443, 6, 2, 1500, 27],
  [1704067201, 123, 1704067261, 999, 1, 2, 53, 53, 17, 1, 80, 0],
  [1704070800, 500, 1704070800, 500, 3405803906, 168454089, 1, 80, 6, 300, 65536, 31],
] as const;
const batch = (() => {
  const b = new FlowBatch(rows.length, ['web']);
  rows.forEach((r, i) => {
    [b.startSec[i], b.startNsec[i], b.endSec[i], b.endNsec[i]] = [r[0], r[1] * 1e6, r[2], r[3] * 1e6];
    [b.srcIp[i], b.dstIp[i], b.srcPort[i], b.dstPort[i], b.protocol[i], b.packets[i], b.bytes[i], b.tcpFlags[i]] = r.slice(4) as unknown as number[];
  });
  b.length = rows.length;
  return b;
})();

/** the raw datagrams of an encoder (length framing, split here) */
const datagrams = (format: string): Buffer[] => {
  const { createEncoder } = require(`../flow/netflow/${format}`) as { createEncoder: CreateEncoder };
  const enc = createEncoder({ patternNames: ['web'], header: true, startNs: '1704067200000000000', settings: { framing: 'length' } });
  const out = new Uint8Array(rows.length * enc.maxRecordBytes);
  const bytes = Buffer.from(out.subarray(0, enc.encode(batch, 0, rows.length, out, 0, 0)));
  const list: Buffer[] = [];
  for (let p = 0; p < bytes.length; p += 2 + bytes.readUInt16BE(p)) list.push(bytes.subarray(p + 2, p + 2 + bytes.readUInt16BE(p)));
  return list;
};

const ipv4Udp = (payload: Buffer, proto = 17): Buffer => {
  const h = Buffer.alloc(28);
  h[0] = 0x45;
  h.writeUInt16BE(28 + payload.length, 2);
  h[8] = 64;
  h[9] = proto;
  h.writeUInt16BE(50000, 20);
  h.writeUInt16BE(2055, 22);
  h.writeUInt16BE(8 + payload.length, 24);
  return Buffer.concat([h, payload]);
};

/** microsecond pcap, big-endian, with the given link type and link header per packet */
const pcap = (link: number, linkHeader: Buffer, packets: Buffer[]): Buffer => {
  const g = Buffer.alloc(24);
  g.writeUInt32BE(0xa1b2c3d4, 0);
  g.writeUInt16BE(2, 4);
  g.writeUInt16BE(4, 6);
  g.writeUInt32BE(65535, 16);
  g.writeUInt32BE(link, 20);
  const recs = packets.map((p) => {
    const r = Buffer.alloc(16);
    const len = linkHeader.length + p.length;
    r.writeUInt32BE(len, 8);
    r.writeUInt32BE(len, 12);
    return Buffer.concat([r, linkHeader, p]);
  });
  return Buffer.concat([g, ...recs]);
};

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-source-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readAll = (file: string) => {
  const r = openFlowFile(file);
  const b = r.newBatch();
  const got: number[][] = [];
  const names: string[] = [];
  for (let n = r.next(b); n > 0; n = r.next(b)) {
    for (let i = 0; i < n; i++) {
      got.push([b.startSec[i]!, b.startNsec[i]! / 1e6, b.endSec[i]!, b.endNsec[i]! / 1e6, b.srcIp[i]!, b.dstIp[i]!, b.srcPort[i]!, b.dstPort[i]!, b.protocol[i]!, b.packets[i]!, b.bytes[i]!, b.tcpFlags[i]!]);
      names.push(b.patternNames[b.pattern[i]!]!);
    }
  }
  r.close();
  return { got, names, format: r.format };
};

const ethernet = Buffer.from('ffffffffffff0000000000018100000a0800', 'hex'); // dst, src, VLAN 10, IPv4
const cooked = Buffer.concat([Buffer.alloc(14), Buffer.from('0800', 'hex')]);

test.each([
  ['netflow-v5', 1, ethernet],
  ['netflow-v9', 1, ethernet],
  ['netflow-v5', 113, cooked],
  ['netflow-v9', 113, cooked],
])('%s in a link type %d capture, with a TCP packet between the datagrams, reads back to the ms', (format, link, header) => {
  const packets = datagrams(format).map((d) => ipv4Udp(d));
  packets.splice(1, 0, ipv4Udp(Buffer.alloc(40), 6)); // not UDP: skipped
  const file = path.join(dir, `${format}-${link}.pcap`);
  fs.writeFileSync(file, pcap(link, header, packets));
  const { got, names, format: detected } = readAll(file);
  expect(detected).toBe('netflow');
  expect(got).toEqual(rows.map((r) => [...r]));
  expect(new Set(names)).toEqual(new Set([format]));
});

test('pcapng is refused with the conversion hint', () => {
  const file = path.join(dir, 'x.pcapng');
  fs.writeFileSync(file, Buffer.from('0a0d0d0a1c0000004d3c2b1a', 'hex'));
  expect(() => openFlowFile(file)).toThrow(ReadError);
  expect(() => openFlowFile(file)).toThrow(/pcapng capture: convert it to pcap first \(editcap -F pcap IN OUT/);
});

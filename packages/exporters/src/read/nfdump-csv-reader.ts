/**
 * Reads nfdump's `-o csv` output (nfdump 1.7: header `ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,…`, then
 * one line per flow, then `Summary` lines, which end the data), so `nfdump -r FILE -o csv > x.csv; flowstats
 * analyze x.csv` works. Columns are found by name; without a header (nfdump -q) the 1.7 order is assumed.
 * ts is UTC (run nfdump with TZ=UTC) at whole seconds; the flow ends ts + td (td keeps milliseconds); pr is
 * a name or number, flg nfdump's letters (CEUAPRSF, '.' for unset), an ICMP port "type.code" is type·256+code.
 * nfdump CSV has no pattern: flows read as pattern "nfdump".
 */
import { FlowBatch, PROTOCOLS } from '@flowgen/core';
import { BlockFile, PatternIndex, ReadError, readerOf, type FlowReader } from './flow-reader';
import { parsed, parseIp, parseUint } from './text-fields';

const MAX_LINE = 1 << 16;
const NFDUMP_17 = 'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt'.split(',');
/** the columns read, in the order of their kind codes 1…10 */
const READ = ['ts', 'td', 'sa', 'da', 'sp', 'dp', 'pr', 'flg', 'ipkt', 'ibyt'];

export const openNfdumpCsvReader = (file: BlockFile): FlowReader => {
  const patterns = new PatternIndex(file.path);
  const nfdump = patterns.of('nfdump', 0);
  file.ensure(MAX_LINE);
  let cols = NFDUMP_17;
  if (file.buf[file.pos] === 0x74 /* t */) {
    const nl = file.buf.indexOf(10, file.pos);
    if (nl < 0 || nl >= file.end) throw new ReadError(file.path, file.offset(), 'CSV header row has no line end');
    cols = file.buf.toString('latin1', file.pos, nl).replace(/\r$/, '').split(',');
    file.pos = nl + 1;
  }
  const kindOf = new Uint8Array(cols.length);
  for (const [k, name] of READ.entries()) {
    const c = cols.indexOf(name);
    if (c < 0) throw new ReadError(file.path, 0, `nfdump CSV header lacks the column "${name}" (has: ${cols.join(', ')})`);
    kindOf[c] = k + 1;
  }
  let last = 0;
  for (let c = 0; c < kindOf.length; c++) if (kindOf[c]) last = c;
  let done = false;
  let tdNs = 0;

  return readerOf('nfdump-csv', file, patterns, (b: FlowBatch): number => {
    let n = 0;
    while (n < b.capacity && !done) {
      if (file.ensure(MAX_LINE) === 0 || file.atLimit()) break;
      const buf = file.buf, end = file.end;
      const lineStart = file.pos;
      let p = lineStart;
      if (buf[p] === 10 || buf[p] === 13) {
        file.pos++;
        continue;
      }
      if (buf[p] === 0x53 /* S */) {
        done = true; // "Summary": the rest is nfdump's totals
        break;
      }
      const bad = (what: string): never => {
        throw new ReadError(file.path, file.base + p, `${what} (nfdump CSV line starting at byte ${file.base + lineStart})`);
      };
      for (let col = 0; col <= last; col++) {
        const kind = kindOf[col]!;
        switch (kind) {
          case 0:
            while (p < end && buf[p] !== 44 && buf[p] !== 10) p++;
            break;
          case 1: {
            // YYYY-MM-DD hh:mm:ss[.mmm]
            if (end - p < 19 || buf[p + 4] !== 45 || buf[p + 10] !== 32) bad('bad ts (expected YYYY-MM-DD hh:mm:ss)');
            const d2 = (at: number) => (buf[at]! - 48) * 10 + buf[at + 1]! - 48;
            const sec = Date.UTC(d2(p) * 100 + d2(p + 2), d2(p + 5) - 1, d2(p + 8), d2(p + 11), d2(p + 14), d2(p + 17)) / 1000;
            if (!Number.isFinite(sec)) bad('bad ts');
            p += 19;
            let ns = 0;
            if (buf[p] === 46) p = fraction(buf, p + 1, end), (ns = parsed[0]!);
            b.startSec[n] = sec;
            b.startNsec[n] = ns;
            break;
          }
          case 2: {
            // seconds with a fraction: 1.234
            let q = skipSpaces(buf, p, end);
            q = parseUint(buf, q, end);
            if (q < 0) bad('bad td');
            tdNs = parsed[0]! * 1e9;
            if (buf[q] === 46) (q = fraction(buf, q + 1, end)), (tdNs += parsed[0]!);
            p = q;
            break;
          }
          case 3:
          case 4:
            p = parseIp(buf, p, end);
            if (p < 0) bad(`bad ${kind === 3 ? 'sa' : 'da'} (IPv4 only)`);
            if (kind === 3) b.srcIp[n] = parsed[0]!;
            else b.dstIp[n] = parsed[0]!;
            break;
          case 5:
          case 6: {
            const s = p;
            p = parseUint(buf, s, end);
            if (p < 0) (p = s), bad(`bad ${kind === 5 ? 'sp' : 'dp'}`);
            let v = parsed[0]!;
            if (buf[p] === 46) {
              // ICMP type.code
              p = parseUint(buf, p + 1, end);
              if (p < 0 || v > 255 || parsed[0]! > 255) (p = s), bad('bad ICMP type.code (each 0…255)');
              v = v * 256 + parsed[0]!;
            }
            if (v > 65535) (p = s), bad(`${kind === 5 ? 'sp' : 'dp'} ${v} is not a port (0…65535)`);
            if (kind === 5) b.srcPort[n] = v;
            else b.dstPort[n] = v;
            break;
          }
          case 7: {
            const s = p;
            while (p < end && buf[p] !== 44 && buf[p] !== 10) p++;
            const name = buf.toString('latin1', s, p).trim();
            const v = /^\d+$/.test(name) ? Number(name) : PROTOCOLS[name.toLowerCase()];
            if (v === undefined || v > 255) bad(`unknown protocol "${name}"`);
            b.protocol[n] = v!;
            break;
          }
          case 8: {
            const s = p;
            while (p < end && buf[p] !== 44 && buf[p] !== 10) p++;
            let f = 0;
            if (buf[s]! >= 48 && buf[s]! <= 57) f = parseInt(buf.toString('latin1', s, p)) & 255;
            else for (let k = s; k < p; k++) if (buf[k] !== 46) f |= 1 << (p - 1 - k);
            b.tcpFlags[n] = f & 255;
            break;
          }
          default:
            p = parseUint(buf, p, end);
            if (p < 0) bad(`bad ${kind === 9 ? 'ipkt' : 'ibyt'}`);
            if (kind === 9) b.packets[n] = parsed[0]!;
            else b.bytes[n] = parsed[0]!;
        }
        if (p >= end) bad('truncated line');
        if (col < last && buf[p] !== 44) bad('expected a comma');
        p++;
      }
      // the columns after the last one read
      p--;
      while (p < end && buf[p] !== 10) p++;
      if (p >= end) bad('truncated line');
      file.pos = p + 1;
      const endNs = b.startNsec[n]! + (tdNs % 1e9);
      b.endSec[n] = b.startSec[n]! + Math.floor(tdNs / 1e9) + (endNs >= 1e9 ? 1 : 0);
      b.endNsec[n] = endNs >= 1e9 ? endNs - 1e9 : endNs;
      b.pattern[n] = nfdump;
      b.length = ++n;
    }
    b.length = n;
    return n;
  });
};

const skipSpaces = (buf: Uint8Array, p: number, end: number): number => {
  while (p < end && buf[p] === 32) p++;
  return p;
};

/** digits after a decimal point as nanoseconds (up to 9 digits kept) → parsed[0] */
const fraction = (buf: Uint8Array, p: number, end: number): number => {
  let v = 0, digits = 0;
  while (p < end && buf[p]! >= 48 && buf[p]! <= 57) {
    if (digits < 9) (v = v * 10 + buf[p]! - 48), digits++;
    p++;
  }
  while (digits < 9) (v *= 10), digits++;
  parsed[0] = v;
  return p;
};

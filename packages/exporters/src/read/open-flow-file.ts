/** Opens any flow file collect writes, by content — whole, or one byte range of it for a worker. */
import * as fs from 'node:fs';
import { BlockFile, detectFormat, ReadError, type FlowReader } from './flow-reader';
import { openCsvReader } from './csv-reader';
import { openNfdumpCsvReader } from './nfdump-csv-reader';
import { openIpfixReader } from './ipfix-reader';
import { openJsonReader } from './json-reader';
import { openMsgpackReader } from './msgpack-reader';
import { isStdin } from './byte-source';
import { openNetflowReader } from './netflow-reader';
import { pcapDatagrams } from './pcap-source';
import { openTextReader } from './text-reader';

/** stdin, a FIFO, a character device: anything but a regular file (or a missing one: opening it names the problem) */
export const isStream = (path: string): boolean => {
  if (isStdin(path)) return true;
  try {
    return !fs.statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Records decoded before a ReadError are kept: the failing call returns them (readers count complete records
 * in `batch.length` as they go) and the error is thrown by the next call — so --lenient loses nothing valid.
 */
const keepValidPrefix = (r: FlowReader): FlowReader => {
  let pending: ReadError | undefined;
  return {
    format: r.format,
    patternNames: r.patternNames,
    compression: r.compression,
    newBatch: (capacity) => r.newBatch(capacity),
    close: () => r.close(),
    offset: () => r.offset(),
    next(b) {
      if (pending) throw pending;
      try {
        return r.next(b);
      } catch (e) {
        if (!(e instanceof ReadError) || b.length === 0) throw e;
        pending = e;
        return b.length;
      }
    },
  };
};

export const openFlowFile = (path: string): FlowReader => keepValidPrefix(openReader(path));

const openReader = (path: string, limit = Infinity): FlowReader => {
  const file = new BlockFile(path, 0, limit); // ReadErrors name the file
  try {
    const format = detectFormat(file.path, file.buf.subarray(file.pos, Math.min(file.end, file.pos + 64)));
    switch (format) {
      case 'text': return openTextReader(file);
      case 'netflow': return openNetflowReader(file, 'raw');
      case 'length': return datagramReader(file);
      case 'pcap': {
        const inner = new BlockFile(path, 0, Infinity, pcapDatagrams(file));
        if (inner.end > inner.pos && inner.buf.length) return datagramReader(inner);
        return openNetflowReader(inner, 'length'); // a capture without UDP packets: no flows
      }
      case 'msgpack': return openMsgpackReader(file);
      case 'csv': return openCsvReader(file);
      case 'nfdump-csv': return openNfdumpCsvReader(file);
      case 'jsonl': return openJsonReader(file, false);
      case 'json': return openJsonReader(file, true);
      case 'ipfix': return openIpfixReader(file);
    }
  } catch (e) {
    file.close();
    throw e;
  }
};

/** length-framed datagrams: IPFIX messages, or NetFlow v5/v9 (the version of the first one decides) */
const datagramReader = (file: BlockFile): FlowReader =>
  file.end - file.pos >= 4 && file.buf[file.pos + 3] === 10 ? openIpfixReader(file, true) : openNetflowReader(file, 'length');

/** A byte range of a file: the records that start in [start, end). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a file into up to `parts` byte ranges that readers can take independently (msgpack, CSV, JSONL: record
 * boundaries can be found from any offset); other formats, and small files, stay one range.
 */
export const splitFlowFile = (path: string, parts: number, minBytes = 1 << 24): ByteRange[] => {
  // a stream is read once, in order: not even its first bytes are taken here
  if (isStream(path)) return [{ start: 0, end: Infinity }];
  const head = openReader(path); // first: a missing or unreadable file is a ReadError naming it
  const { format } = head;
  const compressed = head.compression !== undefined;
  head.close();
  const size = fs.statSync(path).size;
  if (compressed) return [{ start: 0, end: Infinity }];
  if (parts <= 1 || size < minBytes * 2 || !(format === 'msgpack' || format === 'csv' || format === 'jsonl')) return [{ start: 0, end: size }];
  const n = Math.min(parts, Math.floor(size / minBytes));
  return Array.from({ length: n }, (_, i) => ({ start: Math.floor((i * size) / n), end: i === n - 1 ? size : Math.floor(((i + 1) * size) / n) }));
};

/** Opens the records of one byte range (from splitFlowFile). */
export const openFlowRange = (path: string, range: ByteRange): FlowReader => {
  if (range.start === 0) return keepValidPrefix(openReader(path, range.end));
  const head = openReader(path);
  const { format, order, columns } = head;
  head.close();
  const start = format === 'msgpack' ? msgpackSync(path, range.start) : lineSync(path, range.start);
  const file = new BlockFile(path, start, range.end);
  return keepValidPrefix(format === 'msgpack' ? openMsgpackReader(file, order) : format === 'csv' ? openCsvReader(file, { order: order!, columns: columns! }) : openJsonReader(file, false));
};

/** the first line start at or after `at`: just past the first newline at or after at − 1 */
const lineSync = (path: string, at: number): number => {
  const f = new BlockFile(path, at - 1);
  try {
    for (;;) {
      const nl = f.buf.indexOf(10, f.pos);
      if (nl >= 0 && nl < f.end) return f.base + nl + 1;
      f.pos = f.end;
      if (f.ensure(1) === 0) return f.base + f.pos;
    }
  } finally {
    f.close();
  }
};

/**
 * The first record start at or after `at` in our msgpack stream: a 0x9b 0xcf pair (11-field array, uint64
 * timestamp) from which three records in a row decode with the same shape — a false match inside a record
 * would have to fake all three.
 */
const msgpackSync = (path: string, at: number): number => {
  const f = new BlockFile(path, at);
  try {
    for (;;) {
      f.ensure(1 << 16);
      const buf = f.buf;
      for (let p = f.pos; p + 3 * 400 < f.end || (f.eof && p < f.end); p++) {
        if (buf[p] === 0x9b && buf[p + 1] === 0xcf && recordsFrom(buf, p, f.end, 3)) return f.base + p;
      }
      if (f.eof) return f.base + f.end;
      f.pos = Math.max(f.pos, f.end - 3 * 400);
      f.ensure(f.buf.length);
    }
  } finally {
    f.close();
  }
};

/** true when `count` records (or the end of the data) follow p: arrays of 11 msgpack scalars or short strings */
const recordsFrom = (buf: Buffer, p: number, end: number, count: number): boolean => {
  for (let r = 0; r < count && p < end; r++) {
    if (buf[p] !== 0x9b) return false;
    p++;
    for (let c = 0; c < 11; c++) {
      if (p >= end) return true;
      const t = buf[p]!;
      if (t < 0x80) p += 1;
      else if (t === 0xcc) p += 2;
      else if (t === 0xcd) p += 3;
      else if (t === 0xce) p += 5;
      else if (t === 0xcf) p += 9;
      else if ((t & 0xe0) === 0xa0) p += 1 + (t & 0x1f);
      else if (t === 0xd9) p += 2 + buf[p + 1]!;
      else return false;
    }
  }
  return true;
};

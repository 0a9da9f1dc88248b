/**
 * Where a reader's bytes come from: a regular file (read at offsets, so workers can take byte ranges of it),
 * a stream — `-` (stdin), /dev/stdin, a FIFO — read once, in order, or either of them through a decompressor
 * chosen by magic bytes (gzip, zstd where Node has it) or by the `.br` extension (brotli has no magic). The
 * readers are synchronous; decompression runs in a worker (decompress-pump.ts) that hands bytes over a shared
 * ring buffer, so a 10 GB .gz streams in flat memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { ReadError } from './read-error';

export type Compression = 'gzip' | 'zstd' | 'brotli';

export interface ByteSource {
  /** reads up to len bytes into buf at off, in order; 0 at the end */
  read(buf: Uint8Array, off: number, len: number): number;
  close(): void;
  /** a regular uncompressed file: offsets are file offsets and byte ranges can be read independently */
  readonly seekable: boolean;
  readonly compression?: Compression;
}

/** true for the names that mean standard input */
export const isStdin = (file: string): boolean => file === '-';

/** the name used in messages: `-` reads as stdin */
export const displayName = (file: string): string => (isStdin(file) ? 'stdin' : file);

/** zstd decompression needs Node ≥ 22.15 / 23.8 */
export const hasZstd = (): boolean => typeof (zlib as unknown as { createZstdDecompress?: unknown }).createZstdDecompress === 'function';

const sleep = new Int32Array(new SharedArrayBuffer(4));

/** readSync that waits out EAGAIN (a non-blocking stdin) instead of failing */
const readBlocking = (fd: number, buf: Uint8Array, off: number, len: number, position: number | null): number => {
  for (;;) {
    try {
      return fs.readSync(fd, buf, off, len, position);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(sleep, 0, 0, 2);
      else if (code === 'EOF') return 0;
      else throw e;
    }
  }
};

const openError = (file: string, e: unknown): ReadError => {
  const code = (e as NodeJS.ErrnoException).code;
  const problem = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e as Error).message})`;
  return new ReadError(displayName(file), 0, problem);
};

/**
 * Opens `file` (`-`: stdin) from byte `start` (a regular file's byte range; streams and compressed files are
 * read from their beginning). Errors are ReadErrors naming the file.
 */
export const openByteSource = (file: string, start = 0): ByteSource => {
  const stdin = isStdin(file);
  let fd: number;
  try {
    fd = stdin ? 0 : fs.openSync(file, 'r');
  } catch (e) {
    throw openError(file, e);
  }
  const closeFd = (): void => {
    if (!stdin) fs.closeSync(fd);
  };
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new ReadError(displayName(file), 0, 'is a directory');
    const regular = stat.isFile();
    // the first bytes: peeked at offset 0 of a regular file, taken from a stream (and handed on first)
    const head = Buffer.alloc(4);
    let headLen = 0;
    if (regular) headLen = readBlocking(fd, head, 0, 4, 0);
    else {
      for (let n = 1; headLen < 4 && n > 0; headLen += n) n = readBlocking(fd, head, headLen, 4 - headLen, null);
    }
    const compression = compressionOf(file, head.subarray(0, headLen));
    if (compression) {
      if (start !== 0) throw new Error('a byte range of a compressed file');
      return pumpSource(file, fd, closeFd, regular ? Buffer.alloc(0) : head.subarray(0, headLen), compression);
    }
    if (regular) return positionalSource(fd, closeFd, start);
    return streamSource(fd, closeFd, head.subarray(0, headLen));
  } catch (e) {
    closeFd();
    if (e instanceof ReadError) throw e;
    throw openError(file, e);
  }
};

/** gzip and zstd by magic bytes; brotli (no magic) by the .br extension */
export const compressionOf = (file: string, head: Uint8Array): Compression | undefined => {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    if (!hasZstd()) throw new ReadError(displayName(file), 0, `zstd-compressed, and this Node (${process.version}) cannot decompress zstd (Node 22.15 or later can); decompress it first: zstd -dc FILE | flowstats …`);
    return 'zstd';
  }
  if (path.extname(file).toLowerCase() === '.br') return 'brotli';
  return undefined;
};

const positionalSource = (fd: number, close: () => void, start: number): ByteSource => {
  let pos = start;
  return {
    seekable: true,
    read(buf, off, len) {
      const n = readBlocking(fd, buf, off, len, pos);
      pos += n;
      return n;
    },
    close,
  };
};

const streamSource = (fd: number, close: () => void, prefix: Buffer): ByteSource => {
  let pending = prefix;
  return {
    seekable: false,
    read(buf, off, len) {
      if (pending.length > 0) {
        const n = Math.min(len, pending.length);
        buf.set(pending.subarray(0, n), off);
        pending = pending.subarray(n);
        return n;
      }
      return readBlocking(fd, buf, off, len, null);
    },
    close,
  };
};

/** ring buffer layout shared with decompress-pump.ts: Int32 [filled, state, errorLength], then error text, then data */
export const RING = { FILLED: 0, STATE: 1, ERROR_LENGTH: 2, HEADER: 16, ERROR_BYTES: 512, DATA: 1 << 22 } as const;
export const PUMP_RUNNING = 0;
export const PUMP_DONE = 1;
export const PUMP_FAILED = 2;

const PUMP = path.join(__dirname, 'decompress-pump.js');

const pumpSource = (file: string, fd: number, closeFd: () => void, prefix: Buffer, compression: Compression): ByteSource => {
  const shared = new SharedArrayBuffer(RING.HEADER + RING.ERROR_BYTES + RING.DATA);
  const ctl = new Int32Array(shared, 0, 4);
  const data = new Uint8Array(shared, RING.HEADER + RING.ERROR_BYTES, RING.DATA);
  const worker = new Worker(PUMP, { workerData: { fd, prefix, compression, shared } });
  worker.unref();
  let readPos = 0;
  let closed = false;
  return {
    seekable: false,
    compression,
    read(buf, off, len) {
      for (;;) {
        const filled = Atomics.load(ctl, RING.FILLED);
        if (filled > 0) {
          const n = Math.min(len, filled, RING.DATA - readPos);
          buf.set(data.subarray(readPos, readPos + n), off);
          readPos = (readPos + n) % RING.DATA;
          Atomics.sub(ctl, RING.FILLED, n);
          Atomics.notify(ctl, RING.FILLED);
          return n;
        }
        const state = Atomics.load(ctl, RING.STATE);
        if (state === PUMP_DONE && Atomics.load(ctl, RING.FILLED) === 0) return 0;
        if (state === PUMP_FAILED) {
          const text = Buffer.from(new Uint8Array(shared, RING.HEADER, Atomics.load(ctl, RING.ERROR_LENGTH))).toString('utf8');
          throw new ReadError(displayName(file), 0, `${compression} data: ${text}`);
        }
        Atomics.wait(ctl, RING.FILLED, 0, 100);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
      closeFd();
    },
  };
};

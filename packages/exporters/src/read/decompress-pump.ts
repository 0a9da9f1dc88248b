/**
 * Worker thread behind a compressed ByteSource (byte-source.ts): streams the file descriptor through Node's
 * zlib decompressor and copies the output into the shared ring buffer, waiting while the reader has not
 * taken it — the synchronous readers never hold more than the ring's 4 MiB of decompressed bytes.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { workerData } from 'node:worker_threads';
import { PUMP_DONE, PUMP_FAILED, RING, type Compression } from './byte-source';

const { fd, prefix, compression, shared } = workerData as { fd: number; prefix: Uint8Array; compression: Compression; shared: SharedArrayBuffer };
const ctl = new Int32Array(shared, 0, 4);
const data = new Uint8Array(shared, RING.HEADER + RING.ERROR_BYTES, RING.DATA);
let writePos = 0;

const put = (chunk: Uint8Array): void => {
  let off = 0;
  while (off < chunk.length) {
    const filled = Atomics.load(ctl, RING.FILLED);
    const space = RING.DATA - filled;
    if (space === 0) {
      Atomics.wait(ctl, RING.FILLED, filled, 1000);
      continue;
    }
    const n = Math.min(space, chunk.length - off, RING.DATA - writePos);
    data.set(chunk.subarray(off, off + n), writePos);
    writePos = (writePos + n) % RING.DATA;
    off += n;
    Atomics.add(ctl, RING.FILLED, n);
    Atomics.notify(ctl, RING.FILLED);
  }
};

const finish = (state: number, message?: string): void => {
  if (message !== undefined) {
    const bytes = Buffer.from(message.slice(0, 200));
    new Uint8Array(shared, RING.HEADER, RING.ERROR_BYTES).set(bytes);
    Atomics.store(ctl, RING.ERROR_LENGTH, bytes.length);
  }
  Atomics.store(ctl, RING.STATE, state);
  Atomics.notify(ctl, RING.FILLED);
};

const decompressor = (): zlib.Gunzip | zlib.BrotliDecompress => {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'brotli') return zlib.createBrotliDecompress();
  return (zlib as unknown as { createZstdDecompress: () => zlib.Gunzip }).createZstdDecompress();
};

const z = decompressor();
z.on('data', (chunk: Buffer) => put(chunk));
z.on('end', () => finish(PUMP_DONE));
z.on('error', (e: Error) => finish(PUMP_FAILED, e.message));
if (prefix.length > 0) z.write(prefix);
const input = fs.createReadStream('', { fd, start: prefix.length > 0 ? undefined : 0, autoClose: false, highWaterMark: 1 << 20 });
input.on('error', (e: Error) => finish(PUMP_FAILED, e.message));
input.pipe(z);

/**
 * Where encoded bytes go: a file written under a temporary name and renamed into place only on success (so a
 * failed run leaves no half-written file), or stdout, where a closed pipe (`| head`) is reported as
 * BrokenPipe so the caller can end quietly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class BrokenPipe extends Error {
  readonly _tag = 'BrokenPipe';
  constructor() {
    super('output closed by reader');
  }
}

/** What a chunk of encoded bytes holds, for sinks that pace their output (UDP). */
export interface ChunkTiming {
  readonly records: number;
  /** simulated time (ms since the epoch) of the chunk's first and last flow start */
  readonly simFromMs: number;
  readonly simToMs: number;
}

export interface OutputSink {
  readonly name: string;
  /** resolves when the bytes are handed to the OS; the view may be reused after that */
  write(bytes: Uint8Array, timing?: ChunkTiming): Promise<void> | void;
  /** success: flush and publish (rename into place) */
  commit(): Promise<void>;
  /** failure: remove what was written */
  abort(): void;
}

/** Writes to an open descriptor; `publish` runs after it is closed on success, `discard` after it is closed on failure. */
const fdSink = (name: string, fd: number, publish: () => void, discard: () => void): OutputSink => {
  let closed = false;
  const close = (): void => {
    if (!closed) {
      closed = true;
      fs.closeSync(fd);
    }
  };
  return {
    name,
    write(bytes) {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    },
    async commit() {
      close();
      publish();
    },
    abort() {
      close();
      discard();
    },
  };
};

/**
 * A regular file is written under a temporary name and renamed into place; anything else that already exists
 * (/dev/null, a FIFO, a terminal) is written in place — renaming over it would replace the device with a file.
 */
export const fileSink = (file: string): OutputSink => {
  let special = false;
  try {
    special = !fs.statSync(file).isFile();
  } catch {
    /* does not exist yet: a new regular file */
  }
  if (special) return fdSink(file, fs.openSync(file, 'w'), () => undefined, () => undefined);
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  return fdSink(file, fs.openSync(tmp, 'w'), () => fs.renameSync(tmp, file), () => fs.rmSync(tmp, { force: true }));
};

export const stdoutSink = (): OutputSink => {
  let broken: Error | undefined;
  const onError = (e: NodeJS.ErrnoException): void => {
    broken = e.code === 'EPIPE' ? new BrokenPipe() : e;
  };
  process.stdout.on('error', onError);
  return {
    name: 'stdout',
    write(bytes) {
      if (broken) throw broken;
      return new Promise<void>((resolve, reject) => {
        process.stdout.write(bytes, (err) => {
          if (err || broken) reject(broken ?? ((err as NodeJS.ErrnoException).code === 'EPIPE' ? new BrokenPipe() : err));
          else resolve();
        });
      });
    },
    async commit() {
      if (broken) throw broken;
    },
    abort() {
      /* nothing to undo on a stream */
    },
  };
};

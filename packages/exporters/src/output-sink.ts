/**
 * Where encoded bytes go: a file written under a temporary name and renamed into place only on success (so a
 * failed run leaves no half-written file; an interrupted one keeps its complete records as NAME.partial),
 * compressed when its name ends in .gz, .br or .zst; or stdout, where a closed pipe (`| head`) is reported as
 * BrokenPipe so the caller can end quietly. Write errors (full disk, no permission, a closed output) are
 * ConfigErrors naming `--out FILE` or `stdout`, never the temporary name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ConfigError } from '@flowgen/core';

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
  /** resolves when the bytes are handed to the OS (or the compressor); the view may be reused after that */
  write(bytes: Uint8Array, timing?: ChunkTiming): Promise<void> | void;
  /** success: flush and publish (rename into place) */
  commit(): Promise<void>;
  /**
   * interrupted: flush what was written and keep it as NAME.partial (never under the final name); returns
   * that name, or undefined when the output is a stream
   */
  commitPartial?(): Promise<string | undefined>;
  /** failure: remove what was written */
  abort(): void;
}

export type OutputCompression = 'gzip' | 'brotli' | 'zstd';

const PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EPIPE: 'the reader closed the pipe',
  EBADF: 'the output is closed',
  EFBIG: 'file too large',
  EIO: 'input/output error',
};

/** an errno as the one-line problem users see */
export const writeProblem = (verb: string, e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${verb}: ${PROBLEMS[code] ?? code.toLowerCase()} (${code})` : `${verb}: ${(e as Error).message}`;
};

/** compression chosen by the output name's extension */
export const compressionOfName = (file: string): OutputCompression | undefined => {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.gz') return 'gzip';
  if (ext === '.br') return 'brotli';
  if (ext === '.zst') return 'zstd';
  return undefined;
};

/** fast settings: flow output is large and compresses well even at low levels */
const compressor = (source: string, c: OutputCompression): zlib.Gzip | zlib.BrotliCompress => {
  if (c === 'gzip') return zlib.createGzip({ level: 3 });
  if (c === 'brotli') return zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  const create = (zlib as unknown as { createZstdCompress?: () => zlib.Gzip }).createZstdCompress;
  if (!create) throw new ConfigError(source, '', `.zst output needs Node 22.15 or later (this is ${process.version}); use .gz or .br, or pipe through zstd`);
  return create();
};

/**
 * Writes to an open descriptor, through a compressor when given; `publish(partial)` runs after it is closed
 * on success, `discard` after it is closed on failure.
 */
const fdSink = (
  name: string, fd: number, compression: OutputCompression | undefined, publish: (partial: boolean) => string | undefined, discard: () => void,
): OutputSink => {
  let closed = false;
  let failed: Error | undefined;
  const close = (): void => {
    if (!closed) {
      closed = true;
      try {
        fs.closeSync(fd);
      } catch (e) {
        failed ??= new ConfigError(name, '', writeProblem('cannot write', e));
      }
    }
  };
  const writeAll = (bytes: Uint8Array): void => {
    let off = 0;
    try {
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      throw new ConfigError(name, '', writeProblem('cannot write', e));
    }
  };
  const z = compression ? compressor(name, compression) : undefined;
  z?.on('data', (chunk: Buffer) => {
    if (failed) return;
    try {
      writeAll(chunk);
    } catch (e) {
      failed = e as Error;
    }
  });
  z?.on('error', (e: Error) => (failed ??= new ConfigError(name, '', `compression failed: ${e.message}`)));
  /** flushes the compressor; throws the first write error */
  const finish = async (): Promise<void> => {
    if (z && !failed) {
      await new Promise<void>((resolve) => {
        z.once('end', resolve);
        z.once('error', () => resolve());
        z.end();
      });
    }
    close();
    if (failed) throw failed;
  };
  const end = async (partial: boolean): Promise<string | undefined> => {
    try {
      await finish();
    } catch (e) {
      discard();
      throw e;
    }
    try {
      return publish(partial);
    } catch (e) {
      discard();
      throw new ConfigError(name, '', writeProblem('cannot publish the output', e));
    }
  };
  return {
    name,
    write(bytes) {
      if (failed) throw failed;
      if (!z) return writeAll(bytes);
      // the compressor keeps the chunk until it has processed it: give it a copy, wait when it is behind
      if (z.write(Buffer.from(bytes))) return;
      return new Promise<void>((resolve) => z.once('drain', resolve)).then(() => {
        if (failed) throw failed;
      });
    },
    async commit() {
      await end(false);
    },
    commitPartial: () => end(true),
    abort() {
      z?.destroy();
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
  const name = `--out ${file}`;
  let special = false;
  try {
    special = !fs.statSync(file).isFile();
  } catch {
    /* does not exist yet: a new regular file */
  }
  const compression = compressionOfName(file);
  const open = (target: string): number => {
    try {
      return fs.openSync(target, 'w');
    } catch (e) {
      throw new ConfigError(name, '', writeProblem('cannot create', e));
    }
  };
  if (special) return fdSink(name, open(file), compression, () => undefined, () => undefined);
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = open(tmp);
  return fdSink(
    name, fd, compression,
    (partial) => {
      const target = partial ? `${file}.partial` : file;
      fs.renameSync(tmp, target);
      return target;
    },
    () => fs.rmSync(tmp, { force: true }),
  );
};

/**
 * True when the shell closed stdout (`>&-`): Node then opens /dev/null read-write in its place, where a user's
 * `> /dev/null` opens it write-only (Linux; elsewhere this cannot be told and is false).
 */
export const stdoutClosed = (): boolean => {
  try {
    if (fs.readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /flags:\s*([0-7]+)/.exec(fs.readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & 3) === 2;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EBADF';
  }
};

/** refuses a closed stdout before any work starts */
export const checkStdout = (): void => {
  if (stdoutClosed()) throw new ConfigError('stdout', '', 'is closed (>&-): redirect it to a file, or write with --out FILE');
};

export const stdoutSink = (): OutputSink => {
  checkStdout();
  let broken: Error | undefined;
  const failure = (e: NodeJS.ErrnoException): Error => (e.code === 'EPIPE' ? new BrokenPipe() : new ConfigError('stdout', '', writeProblem('cannot write', e)));
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (broken ??= failure(e)));
  return {
    name: 'stdout',
    write(bytes) {
      if (broken) throw broken;
      return new Promise<void>((resolve, reject) => {
        try {
          process.stdout.write(bytes, (err) => {
            if (err || broken) reject((broken ??= failure(err as NodeJS.ErrnoException)));
            else resolve();
          });
        } catch (e) {
          // stdout to a file is written synchronously: ENOSPC (/dev/full) is thrown here
          reject((broken ??= failure(e as NodeJS.ErrnoException)));
        }
      });
    },
    async commit() {
      if (broken) throw broken;
    },
    async commitPartial() {
      if (broken) throw broken;
      return undefined;
    },
    abort() {
      /* nothing to undo on a stream */
    },
  };
};

/** `--out FILE`, or stdout when there is none */
export const openOutput = (out: string | undefined): OutputSink => (out === undefined ? stdoutSink() : fileSink(out));

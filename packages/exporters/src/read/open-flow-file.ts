/** Opens any flow file collect writes, by content. */
import { BlockFile, detectFormat, ReadError, type FlowReader } from './flow-reader';
import { openCsvReader } from './csv-reader';
import { openIpfixReader } from './ipfix-reader';
import { openJsonReader } from './json-reader';
import { openMsgpackReader } from './msgpack-reader';

/**
 * Records decoded before a ReadError are kept: the failing call returns them (readers count complete records
 * in `batch.length` as they go) and the error is thrown by the next call — so --lenient loses nothing valid.
 */
const keepValidPrefix = (r: FlowReader): FlowReader => {
  let pending: ReadError | undefined;
  return {
    format: r.format,
    patternNames: r.patternNames,
    newBatch: (capacity) => r.newBatch(capacity),
    close: () => r.close(),
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

const openReader = (path: string): FlowReader => {
  let file: BlockFile;
  try {
    file = new BlockFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReadError(path, 0, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`);
  }
  try {
    const format = detectFormat(path, file.buf.subarray(file.pos, Math.min(file.end, file.pos + 64)));
    switch (format) {
      case 'msgpack': return openMsgpackReader(file);
      case 'csv': return openCsvReader(file);
      case 'jsonl': return openJsonReader(file, false);
      case 'json': return openJsonReader(file, true);
      case 'ipfix': return openIpfixReader(file);
    }
  } catch (e) {
    file.close();
    throw e;
  }
};

/**
 * The read loop `analyze`, `aggregate` and `filter` share: every file through its reader, an optional filter
 * compacting each batch to the matching rows, and a visitor per batch. ReadErrors become one-line errors
 * naming the file and byte offset; with `lenient` they are warnings after the valid prefix was visited.
 */
import { ConfigError, type FlowBatch } from '@flowgen/core';
import { displayName, isStream, openFlowFile, ReadError } from '@flowgen/exporters';
import { compactRows, FilterError, FlowFilter, type FilterOptions } from '@flowgen/stats';
import * as fs from 'node:fs';
import { printError } from '../cli/base-command';
import type { ProgressStyle } from '../collect/progress-reporter';
import { ScanProgress } from './scan-progress';

export interface FileReport {
  readonly file: string;
  readonly format: string;
  /** flows read (before the filter) */
  readonly flows: number;
  readonly error?: string;
}

/**
 * `--filter EXPR` (or filter's positional expression) and the time window → a FlowFilter (none when neither is
 * given); syntax errors name the column
 */
export const filterOf = (source: string, text: string | undefined, options: FilterOptions = {}): FlowFilter | undefined => {
  if (text === undefined && options.window === undefined) return undefined;
  try {
    return new FlowFilter({ text, ...options });
  } catch (e) {
    if (e instanceof FilterError) throw new ConfigError(source, `column ${e.column}`, e.problem);
    throw e;
  }
};

/** `-` (stdin) can be read once: naming it twice is a usage error */
export const checkStdinOnce = (files: ReadonlyArray<string>): void => {
  if (files.filter((f) => f === '-').length > 1) throw new ConfigError('-', '', 'standard input can be read only once (name - once)');
};

/** `visit` may return a promise (an output with backpressure); the batch is reused once it settles */
export const readFlows = async (
  files: ReadonlyArray<string>,
  filter: FlowFilter | undefined,
  lenient: boolean,
  visit: (b: FlowBatch, file: string) => void | Promise<void>,
  progress: ProgressStyle = 'none',
  limit = Infinity,
): Promise<FileReport[]> => {
  const reports: FileReport[] = [];
  checkStdinOnce(files);
  const sizes = files.map((f) => {
    try {
      return isStream(f) ? 0 : fs.statSync(f).size;
    } catch {
      return 0; // openFlowFile below names the problem
    }
  });
  const shown = new ScanProgress(progress, sizes);
  shown.start();
  try {
    const left = { flows: limit };
    for (const [i, file] of files.entries()) {
      if (left.flows === 0) break;
      reports.push(await readFile(file, filter, lenient, visit, (bytes, flows) => shown.update(i, bytes, flows), left));
    }
  } finally {
    shown.stop();
  }
  return reports;
};

const readFile = async (
  file: string, filter: FlowFilter | undefined, lenient: boolean, visit: (b: FlowBatch, file: string) => void | Promise<void>,
  onProgress: (bytes: number, flows: number) => void, left: { flows: number },
): Promise<FileReport> => {
  let reader;
  try {
    reader = openFlowFile(file);
  } catch (e) {
    if (e instanceof ReadError) throw new ConfigError(e.file, `byte ${e.offset}`, e.problem);
    throw e;
  }
  const batch = reader.newBatch();
  const selected = filter ? reader.newBatch() : batch;
  const rows = new Uint32Array(batch.capacity);
  let flows = 0;
  let error: string | undefined;
  try {
    for (let k = reader.next(batch); k > 0; k = reader.next(batch)) {
      flows += k;
      onProgress(reader.offset(), flows);
      if (filter) compactRows(batch, rows, filter.select(batch, rows), selected);
      if (selected.length > left.flows) selected.length = left.flows;
      left.flows -= selected.length;
      if (selected.length > 0) await visit(selected, file);
      if (left.flows === 0) break;
    }
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    if (!lenient) throw new ConfigError(e.file, `byte ${e.offset}`, e.problem);
    error = e.message;
    printError(`warning: ${e.message} (--lenient: used the ${flows} flows before it)`);
  } finally {
    reader.close();
  }
  onProgress(Infinity, flows);
  return { file: displayName(file), format: reader.format, flows, ...(error ? { error } : {}) };
};

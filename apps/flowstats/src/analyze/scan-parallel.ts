/**
 * analyze/aggregate over many files and threads: each file is split into byte ranges (splitFlowFile), every
 * range is scanned by a worker thread into its own accumulators, and the results are merged in file and range
 * order. Every figure is an integer sum, a max/min or a sketch merge, so the result is the same whatever the
 * thread count.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '@flowgen/core';
import { displayName, isStream, ReadError, splitFlowFile } from '@flowgen/exporters';
import { printError } from '../cli/base-command';
import type { ProgressStyle } from '../collect/progress-reporter';
import { checkStdinOnce, type FileReport } from './read-flows';
import { ScanProgress } from './scan-progress';
import { reviveResult, scanRange, type ScanResult, type ScanTask } from './scan-range';

const JOB = path.join(__dirname, '..', 'jobs', 'scan-job.js');

type ProgressCallback = (bytes: number, flows: number) => void;

const inWorker = (task: ScanTask, onProgress: ProgressCallback): Promise<ScanResult> =>
  new Promise((resolve, reject) => {
    const w = new Worker(JOB, { workerData: task });
    w.on('message', (m: { progress?: { bytes: number; flows: number }; result?: ScanResult }) => {
      if (m.progress) onProgress(m.progress.bytes, m.progress.flows);
      else resolve(reviveResult(m.result!));
    });
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`analyze worker exited with code ${code}`)));
  });

/** `progress`: how to show bytes of the input done, flows read and their rate on stderr */
export const scanFiles = async (
  files: ReadonlyArray<string>, threads: number, lenient: boolean, base: Omit<ScanTask, 'file' | 'range'>, progress: ProgressStyle = 'none',
): Promise<{ results: ScanResult[]; reports: FileReport[] }> => {
  const tasks: ScanTask[] = [];
  checkStdinOnce(files);
  for (const file of files) {
    let ranges;
    try {
      ranges = splitFlowFile(file, base.limit === undefined ? threads : 1);
    } catch (e) {
      if (e instanceof ReadError) throw new ConfigError(e.file, `byte ${e.offset}`, e.problem);
      throw e;
    }
    for (const range of ranges) tasks.push({ ...base, file, range });
  }
  // a stream or a compressed file (one range without a known end) counts its flows, not a share of its bytes
  const shown = new ScanProgress(progress, tasks.map((t) => (Number.isFinite(t.range.end) ? t.range.end - t.range.start : 0)));
  const progressOf = (i: number): ProgressCallback => (bytes, flows) => shown.update(i, bytes, flows);
  let results: ScanResult[];
  shown.start();
  try {
    if (base.limit !== undefined) {
      // -c: the first N matching flows in file order, one range after the other
      results = [];
      let left = base.limit;
      for (const [i, t] of tasks.entries()) {
        if (left === 0) break;
        const r = scanRange({ ...t, limit: left }, progressOf(i));
        left -= r.matched;
        results.push(r);
      }
    } else if (tasks.length === 1 || threads <= 1) results = tasks.map((t, i) => scanRange(t, progressOf(i)));
    else {
      results = new Array(tasks.length);
      let next = 0;
      const lane = async () => {
        while (next < tasks.length) {
          const i = next++;
          // a stream is read here, once: a worker could not share it
          results[i] = isStream(tasks[i]!.file) ? scanRange(tasks[i]!, progressOf(i)) : await inWorker(tasks[i]!, progressOf(i));
        }
      };
      await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
    }
    results.forEach((r, i) => progressOf(i)(Infinity, r.flows));
  } finally {
    shown.stop();
  }
  const reports = new Map<string, { file: string; format: string; flows: number; error?: string }>();
  results.forEach((r, i) => {
    const file = displayName(tasks[i]!.file);
    const rep = reports.get(file) ?? { file, format: r.format, flows: 0 };
    rep.flows += r.flows;
    if (r.error) {
      const message = `${r.error.file}: byte ${r.error.offset}: ${r.error.problem}`;
      if (!lenient) throw new ConfigError(r.error.file, `byte ${r.error.offset}`, r.error.problem);
      printError(`warning: ${message} (--lenient: used the ${r.flows} flows before it${tasks.length > 1 ? ' in its byte range' : ''})`);
      rep.error ??= message;
    }
    reports.set(file, rep);
  });
  return { results, reports: [...reports.values()] };
};

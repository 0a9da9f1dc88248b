/**
 * `flowstats analyze` as a program: every file (optionally filtered) into one FlowSummary holding the requested
 * top-N tables.
 */
import type { FlowFilter } from '@flowgen/stats';
import { FlowSummary, type SummaryResult, type TopKey, type TopOrder, type TopRow } from '@flowgen/stats';
import type { ProgressStyle } from '../collect/progress-reporter';
import type { FileReport } from './read-flows';
import { scanFiles } from './scan-parallel';

export interface TopRequest {
  readonly key: TopKey;
  readonly order: TopOrder;
}

export interface AnalyzeResult extends SummaryResult {
  readonly files: ReadonlyArray<FileReport>;
  readonly filter: string | null;
  /** the first --top table's rows: `top: [{key, flows, packets, bytes}]`, as the machines read it */
  readonly top: ReadonlyArray<TopRow>;
  /** every --top table, in the order asked for */
  readonly tops: ReadonlyArray<{ key: TopKey; order: TopOrder; rows: TopRow[] }>;
}

export const analyzeFiles = async (
  files: ReadonlyArray<string>, tops: ReadonlyArray<TopRequest>, n: number, lenient: boolean, filter: FlowFilter | undefined, threads: number,
  progress: ProgressStyle = 'none', limit?: number,
): Promise<AnalyzeResult> => {
  const keys = [...new Set(tops.map((t) => t.key))];
  const { results, reports } = await scanFiles(files, threads, lenient, { filter: filter?.spec, summary: keys, limit }, progress);
  const summary = new FlowSummary(keys);
  for (const r of results) summary.merge(r.summary!);
  const tables = tops.map((t) => ({ key: t.key, order: t.order, rows: summary.top(t.key, t.order, n) }));
  return {
    files: reports,
    filter: filter?.text ?? null,
    ...summary.finish(),
    top: tables[0]?.rows ?? [],
    tops: tables,
  };
};

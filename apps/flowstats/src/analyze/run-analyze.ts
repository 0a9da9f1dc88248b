/**
 * `flowstats analyze` as a program: every file (optionally filtered) into one FlowSummary and the requested
 * top-N accumulators.
 */
import type { FlowFilter } from '@flowgen/stats';
import { FlowSummary, TopKeys, type SummaryResult, type TopKey, type TopOrder, type TopRow } from '@flowgen/stats';
import type { FileReport } from './read-flows';
import { scanFiles } from './scan-parallel';

export interface TopRequest {
  readonly key: TopKey;
  readonly order: TopOrder;
}

export interface AnalyzeResult extends SummaryResult {
  readonly files: ReadonlyArray<FileReport>;
  readonly filter: string | null;
  readonly top: ReadonlyArray<{ key: TopKey; order: TopOrder; rows: TopRow[] }>;
}

export const analyzeFiles = async (
  files: ReadonlyArray<string>, tops: ReadonlyArray<TopRequest>, n: number, lenient: boolean, filter: FlowFilter | undefined, threads: number,
): Promise<AnalyzeResult> => {
  const keys = [...new Set(tops.map((t) => t.key))];
  const { results, reports } = await scanFiles(files, threads, lenient, { filter: filter?.text, summary: true, tops: keys });
  const summary = new FlowSummary();
  const merged = keys.map((k) => new TopKeys(k));
  for (const r of results) {
    summary.merge(r.summary!);
    r.tops.forEach((t, i) => merged[i]!.merge(t));
  }
  return {
    files: reports,
    filter: filter?.text ?? null,
    ...summary.finish(),
    top: tops.map((t) => ({ key: t.key, order: t.order, rows: merged[keys.indexOf(t.key)]!.top(t.order, n) })),
  };
};

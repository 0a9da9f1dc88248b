/**
 * `flowstats analyze` as a program: every file (optionally filtered) into one FlowSummary and the requested
 * top-N accumulators.
 */
import type { FlowFilter } from '@flowgen/stats';
import { FlowSummary, TopKeys, type SummaryResult, type TopKey, type TopOrder, type TopRow } from '@flowgen/stats';
import { readFlows, type FileReport } from './read-flows';

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
  files: ReadonlyArray<string>, tops: ReadonlyArray<TopRequest>, n: number, lenient: boolean, filter?: FlowFilter,
): Promise<AnalyzeResult> => {
  const summary = new FlowSummary();
  const keys = new Map<TopKey, TopKeys>();
  for (const t of tops) if (!keys.has(t.key)) keys.set(t.key, new TopKeys(t.key));
  const reports = await readFlows(files, filter, lenient, (b) => {
    summary.update(b);
    for (const acc of keys.values()) acc.update(b);
  });
  return {
    files: reports,
    filter: filter?.text ?? null,
    ...summary.finish(),
    top: tops.map((t) => ({ key: t.key, order: t.order, rows: keys.get(t.key)!.top(t.order, n) })),
  };
};

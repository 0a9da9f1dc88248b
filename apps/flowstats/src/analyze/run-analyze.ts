/**
 * `flowstats analyze` as a program: stream every file through the readers into one FlowSummary and the
 * requested top-N accumulators (mergeable: one per file, merged in file order). A truncated or corrupt file
 * fails with its byte offset; with `lenient` the valid prefix is analysed and the problem reported as a
 * warning.
 */
import { openFlowFile, ReadError } from '@flowgen/exporters';
import { FlowSummary, TopKeys, type SummaryResult, type TopKey, type TopOrder, type TopRow } from '@flowgen/stats';

export interface TopRequest {
  readonly key: TopKey;
  readonly order: TopOrder;
}

export interface AnalyzeResult extends SummaryResult {
  readonly files: ReadonlyArray<{ file: string; format: string; flows: number; error?: string }>;
  readonly top: ReadonlyArray<{ key: TopKey; order: TopOrder; rows: TopRow[] }>;
}

export const analyzeFiles = (files: ReadonlyArray<string>, tops: ReadonlyArray<TopRequest>, n: number, lenient: boolean): AnalyzeResult => {
  const summary = new FlowSummary();
  const keys = new Map<TopKey, TopKeys>();
  for (const t of tops) if (!keys.has(t.key)) keys.set(t.key, new TopKeys(t.key));
  const report: Array<{ file: string; format: string; flows: number; error?: string }> = [];
  for (const file of files) {
    const reader = openFlowFile(file);
    const batch = reader.newBatch();
    let flows = 0;
    let error: string | undefined;
    try {
      for (let k = reader.next(batch); k > 0; k = reader.next(batch)) {
        summary.update(batch);
        for (const acc of keys.values()) acc.update(batch);
        flows += k;
      }
    } catch (e) {
      if (!(e instanceof ReadError) || !lenient) throw e;
      error = e.message;
    } finally {
      reader.close();
    }
    report.push({ file, format: reader.format, flows, ...(error ? { error } : {}) });
  }
  return {
    files: report,
    ...summary.finish(),
    top: tops.map((t) => ({ key: t.key, order: t.order, rows: keys.get(t.key)!.top(t.order, n) })),
  };
};

/**
 * `analyze --json`: the result as one JSON document, with its ns timestamps (`time.*_ns`) in the chosen
 * --time-format, so they have the same type as the timestamps of the flows they came from.
 */
import { jsonTimeText, type TimeFormat } from '@flowgen/exporters/json-time';
import type { AnalyzeResult } from './run-analyze';

export const analysisJson = (r: AnalyzeResult, timeFormat: TimeFormat): string =>
  // the summary carries them as decimal strings (exact); only these keys hold one
  JSON.stringify(r, null, 2).replace(/^(\s*"(?:first_start|last_start|last_end)_ns": )"(\d+)"/gm, (_, key: string, ns: string) => `${key}${jsonTimeText(ns, timeFormat)}`);

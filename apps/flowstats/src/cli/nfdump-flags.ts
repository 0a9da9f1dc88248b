/**
 * The record-selection flags analyze, aggregate and filter share with nfdump: -t time window, -c record
 * limit, -f filter file, and --ms-time (nfdump's millisecond timestamps for duration, pps, bps and -t).
 * Parsing them into FilterOptions and a limit lives here so the three commands agree.
 */
import * as fs from 'node:fs';
import { Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import type { FilterOptions } from '@flowgen/stats';
import { parsePositiveInt } from './parse-flags';

export const selectionFlags = () => ({
  'time-window': Flags.string({
    char: 't',
    summary: 'only flows starting at or after FROM and ending at or before TO (UTC): nfdump\'s YYYY/MM/dd.hh:mm:ss[-YYYY/MM/dd.hh:mm:ss] (parts may be left off) or ISO FROM[/TO]',
    helpValue: 'FROM[-TO]',
  }),
  limit: Flags.string({ char: 'c', summary: 'only the first N flows that pass the filter, in file order (reads with one thread)', helpValue: 'N' }),
  'filter-file': Flags.string({ char: 'f', summary: 'read the filter expression from FILE (# comments, many lines); --filter takes precedence', helpValue: 'FILE' }),
  'ms-time': Flags.boolean({ summary: 'duration, pps, bps and -t on timestamps truncated to milliseconds, as nfdump stores them (default: exact nanoseconds)' }),
});

/** the filter expression from --filter (or the filter command's argument), else from --filter-file */
export const filterText = (text: string | undefined, file: string | undefined): string | undefined => {
  if (text !== undefined || file === undefined) return text;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, '', `cannot read the filter file (--filter-file): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
};

export const filterOptions = (flags: { 'time-window'?: string; 'ms-time'?: boolean }): FilterOptions => {
  const msTime = flags['ms-time'] ?? false;
  if (flags['time-window'] === undefined) return { msTime };
  const w = parseTimeWindow(flags['time-window']);
  // in milliseconds, a flow ending anywhere within TO's millisecond is "at or before TO"
  return { msTime, window: msTime && w.to !== undefined ? { ...w, to: String(BigInt(w.to) + 999_999n) } : w };
};

export const limitOf = (flags: { limit?: string }): number | undefined => (flags.limit === undefined ? undefined : parsePositiveInt('--limit', flags.limit));

const NFDUMP_TIME = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\.(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?$/;

/** One end of a window → ns since the epoch (decimal string). */
const instant = (text: string, all: string): string => {
  const m = NFDUMP_TIME.exec(text);
  let ms: number;
  if (m) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
    ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
    if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 23 || +mi > 59 || +s > 59) ms = NaN;
  } else if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    ms = Date.parse(/T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text);
  } else ms = NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError('--time-window', '', `"${text}" in "${all}" is not a time (YYYY/MM/dd.hh:mm:ss or ISO 2024-01-01T00:00:00Z; UTC)`);
  }
  return String(BigInt(ms) * 1_000_000n);
};

/** nfdump's FROM-TO (FROM alone: onwards), or ISO FROM/TO */
export const parseTimeWindow = (text: string): { from?: string; to?: string } => {
  const t = text.trim();
  if (/^[+-]\d+$/.test(t)) throw new ConfigError('--time-window', '', `relative windows (${t}) are not supported: give FROM-TO`);
  const [a, b, extra] = NFDUMP_TIME.test(t.split('-')[0]!) ? t.split('-') : t.split('/');
  if (extra !== undefined || !a) throw new ConfigError('--time-window', '', `expected FROM[-TO], got "${text}"`);
  const from = instant(a, text);
  const to = b === undefined || b === '' ? undefined : instant(b, text);
  if (to !== undefined && BigInt(to) < BigInt(from)) throw new ConfigError('--time-window', '', `ends before it starts: "${text}"`);
  return to === undefined ? { from } : { from, to };
};

/**
 * Event records as CSV: one column per emitter dimension (every emitter must have the same names in the same
 * order, or CSV does not fit), a header row unless disabled, a missing field as an empty cell, times as
 * ISO-8601 UTC, nested values as JSON; RFC 4180 quoting where needed.
 */
import { Instant } from '@flowgen/core';
import type { EventEncoder, EventValue } from './event-encoder';

const cell = (v: EventValue): string => {
  const s = typeof v === 'string' ? v : v === null ? '' : v instanceof Instant ? v.text() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const createEventCsvEncoder = (columns: ReadonlyArray<string>, withHeader: boolean): EventEncoder => {
  const col = new Map(columns.map((c, i) => [c, i]));
  const row: string[] = new Array(columns.length).fill('');
  return {
    header(out) {
      if (withHeader) out.string(`${columns.map((c) => cell(c)).join(',')}\n`);
    },
    record(out, _e, names, values, n) {
      row.fill('');
      for (let i = 0; i < n; i++) row[col.get(names[i]!)!] = cell(values[i]!);
      out.string(`${row.join(',')}\n`);
    },
  };
};

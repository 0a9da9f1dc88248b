/** Writes aggregate's result rows as text (aligned), csv, jsonl or msgpack (a header map, then arrays). */
import { Packr } from 'msgpackr';

export const ROW_FORMATS = ['text', 'csv', 'jsonl', 'msgpack'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

export const formatRows = (format: RowFormat, columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): Uint8Array => {
  switch (format) {
    case 'csv':
      return Buffer.from([columns.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
    case 'jsonl':
      // bin_start_ns stays a string: ns timestamps exceed 2^53
      return Buffer.from(rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i]])))).join('\n') + (rows.length ? '\n' : ''));
    case 'msgpack': {
      const p = new Packr({ useRecords: false });
      return Buffer.concat([p.pack({ format: 'flowgen-aggregate', version: 1, fields: columns }), ...rows.map((r) => p.pack(r))]);
    }
    case 'text': {
      const cells = [columns as ReadonlyArray<string | number>, ...rows].map((r) => r.map((v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v)));
      const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
      const numeric = columns.map((_, i) => rows.length > 0 && typeof rows[0]![i] === 'number');
      return Buffer.from(cells.map((r) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n');
    }
  }
};

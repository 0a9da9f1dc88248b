/**
 * Writes aggregate's result rows as text (aligned), csv, jsonl or msgpack (a header map, then arrays), in
 * chunks of about 1 MiB as the rows are made: all rows of millions of groups never exist at once.
 */
import { Packr } from 'msgpackr';
import { jsonTimeText, type TimeFormat } from '@flowgen/exporters/json-time';
import type { OutputSink } from '@flowgen/exporters/output-sink';
import type { RowSource } from '@flowgen/stats';

export const ROW_FORMATS = ['text', 'csv', 'jsonl', 'msgpack'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

const CHUNK = 1 << 20;
type Row = Array<string | number>;

export const writeRows = async (sink: OutputSink, format: RowFormat, columns: ReadonlyArray<string>, rows: RowSource, timeFormat: TimeFormat = 'ns'): Promise<void> => {
  let encode: (r: Row) => string | Uint8Array;
  let head: string | Uint8Array | undefined;
  switch (format) {
    case 'csv':
      head = columns.join(',') + '\n';
      encode = (r) => r.join(',') + '\n';
      break;
    case 'jsonl': {
      // bin_start_ns (a decimal string: ns exceed 2^53) in --time-format, like the flows' timestamps
      const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);
      encode = (r) => r.map((v, i) => keys[i] + (columns[i] === 'bin_start_ns' ? jsonTimeText(String(v), timeFormat) : JSON.stringify(v))).join('') + '}\n';
      break;
    }
    case 'msgpack': {
      const p = new Packr({ useRecords: false });
      head = p.pack({ format: 'flowgen-aggregate', version: 1, fields: columns });
      encode = (r) => p.pack(r);
      break;
    }
    case 'text': {
      // aligned columns: a first pass over the rows for the widths
      const cell = (v: string | number) => (typeof v === 'number' ? v.toLocaleString('en-US') : v);
      const widths = columns.map((c) => c.length);
      let numeric: boolean[] | undefined;
      const first = rows.open();
      for (let r = first(); r; r = first()) {
        numeric ??= r.map((v) => typeof v === 'number');
        r.forEach((v, i) => (widths[i] = Math.max(widths[i]!, cell(v).length)));
      }
      const line = (cells: ReadonlyArray<string>) => cells.map((v, i) => (numeric?.[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
      head = line(columns);
      encode = (r) => line(r.map(cell));
      break;
    }
  }
  // text formats gather a string per chunk (one Buffer each, not one per row); msgpack gathers byte arrays
  let text = '';
  const bin: Uint8Array[] = [];
  let size = 0;
  const take = (x: string | Uint8Array) => {
    if (typeof x === 'string') text += x;
    else bin.push(x);
    size += x.length;
  };
  const flush = async () => {
    const bytes = text ? Buffer.from(text) : Buffer.concat(bin);
    text = '';
    bin.length = 0;
    size = 0;
    await sink.write(bytes);
  };
  if (head !== undefined) take(head);
  const next = rows.open();
  for (let r = next(); r; r = next()) {
    take(encode(r));
    if (size >= CHUNK) await flush();
  }
  if (size > 0) await flush();
};

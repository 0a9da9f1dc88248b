/**
 * `aggregate`'s group-by: any list of keys — srcip, dstip (optionally masked: srcip/24), srcport, dstport,
 * proto, pattern — and optionally a time bin of the flow start, each group counting flows, packets and bytes.
 * Mergeable. Components are packed into words of ≤ 53 bits — one for srcip + dstport, two for srcip + dstip,
 * three for a 5-tuple with a time bin — in a typed hash table: no object per group.
 */
import { parseIsoDuration, uint32ToIp, type FlowBatch } from '@flowgen/core';
import { KeyTable } from '../key-table';
import { MultiKeyTable } from '../multi-key-table';
import { OrderedRecords, recordOrder } from './ordered-records';

export type GroupField = 'srcip' | 'dstip' | 'srcport' | 'dstport' | 'proto' | 'pattern';
export const GROUP_FIELDS: ReadonlyArray<GroupField> = ['srcip', 'dstip', 'srcport', 'dstport', 'proto', 'pattern'];

export interface GroupKey {
  readonly field: GroupField | 'bin';
  /** address prefix length for srcip/dstip (32: the address itself) */
  readonly mask: number;
}

const BITS: Record<GroupField | 'bin', number> = { srcip: 32, dstip: 32, srcport: 16, dstport: 16, proto: 8, pattern: 8, bin: 41 };

/** "srcip/24,dstport" → keys; the problem as a string when malformed */
export const parseGroupKeys = (text: string): GroupKey[] | string => {
  const keys: GroupKey[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^([a-z]+)(?:\/(\d{1,2}))?$/.exec(part);
    const field = m?.[1] as GroupField | undefined;
    if (!m || !field || !GROUP_FIELDS.includes(field)) return `unknown key "${part}" (valid: ${GROUP_FIELDS.join(', ')}; srcip and dstip take a mask, e.g. srcip/24)`;
    if (m[2] !== undefined && field !== 'srcip' && field !== 'dstip') return `"${part}": only srcip and dstip take a mask`;
    const mask = m[2] === undefined ? 32 : Number(m[2]);
    if (mask > 32) return `"${part}": mask must be 0–32`;
    keys.push({ field, mask });
  }
  return keys;
};

/** "1s", "5m", "100ms", "1h", "PT1M" → ns; bins must divide a second or be whole seconds (exact bin arithmetic) */
export const parseDuration = (text: string): number | string => {
  const iso = /^P/i.test(text.trim()) ? parseIsoDuration(text.trim().toUpperCase()) : undefined;
  if (typeof iso === 'string') return iso;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m && iso === undefined) return `expected a duration like 100ms, 1s, 5m, 1h, 1d, PT1M; got "${text}"`;
  const ns = iso !== undefined ? iso * 1000 : Number(m![1]) * { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 }[m![2] as 'ms']!;
  if (ns <= 0) return 'the bin must be longer than 0';
  if (ns < 1e9 ? 1e9 % ns !== 0 : ns % 1e9 !== 0) return `a bin must divide one second or be whole seconds, got ${text}`;
  return ns;
};

/** rows made on demand: `open()` starts a pass in order; its function returns undefined after the last row */
export interface RowSource {
  readonly count: number;
  open(): () => Array<string | number> | undefined;
}

/** where a component sits in the packed key: its word, width, and place value 2^low within the word */
interface Slot {
  readonly word: number;
  readonly bits: number;
  readonly low: number;
}

export class GroupBy {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: GroupBy): GroupBy {
    Object.setPrototypeOf(o, GroupBy.prototype);
    if (o.table) KeyTable.revive(o.table);
    if (o.multi) MultiKeyTable.revive(o.multi);
    return o;
  }

  /** keys plus the time bin, when there is one */
  private readonly all: ReadonlyArray<GroupKey | { field: 'bin'; mask: 0 }>;
  /** components packed in order into words of ≤ 53 bits (a 5-tuple with a time bin takes four) */
  private readonly slots: ReadonlyArray<Slot>;
  private readonly words: number;
  /** one-word keys */
  private readonly table: KeyTable | undefined;
  /** keys of several words */
  private readonly multi: MultiKeyTable | undefined;
  private readonly names: string[] = [];
  /** per-batch scratch: the packed key words */
  private scratch: Float64Array[] = [];
  /** merge's scratch: one group's key words as one-row columns */
  private one: Float64Array[] | undefined;

  constructor(readonly keys: ReadonlyArray<GroupKey>, readonly binNs = 0) {
    this.all = binNs ? [...keys, { field: 'bin', mask: 0 }] : keys;
    const placed: Array<{ word: number; bits: number }> = [];
    let word = 0, used = 0;
    for (const k of this.all) {
      if (used + BITS[k.field] > 53) (word++, (used = 0));
      used += BITS[k.field];
      placed.push({ word, bits: BITS[k.field] });
    }
    // place values: the last component of a word is its lowest bits
    this.slots = placed.map((p, c) => ({ ...p, low: placed.slice(c + 1).filter((q) => q.word === p.word).reduce((a, q) => a + q.bits, 0) }));
    this.words = word + 1;
    if (this.words === 1) this.table = new KeyTable();
    else this.multi = new MultiKeyTable(this.words);
  }

  private nameId(name: string): number {
    const i = this.names.indexOf(name);
    return i >= 0 ? i : this.names.push(name) - 1;
  }

  /**
   * out[i] = out[i]·2^bits + component c of flow i, for a whole batch: one monomorphic loop per field, so a
   * composite key costs a few passes over columns instead of a dispatch per flow and field.
   */
  private component(c: number, b: FlowBatch, ids: Uint8Array, out: Float64Array, bits: number): void {
    const k = this.all[c]!, n = b.length, m = 2 ** bits;
    switch (k.field) {
      case 'srcip':
      case 'dstip': {
        const col = k.field === 'srcip' ? b.srcIp : b.dstIp;
        // keep the top `mask` bits; a shift by 32 is a shift by 0 in JavaScript, hence mask 0 apart
        const keep = k.mask === 0 ? 0 : (0xffffffff << (32 - k.mask)) | 0;
        for (let i = 0; i < n; i++) out[i] = out[i]! * m + ((col[i]! & keep) >>> 0);
        break;
      }
      case 'srcport': for (let i = 0; i < n; i++) out[i] = out[i]! * m + b.srcPort[i]!; break;
      case 'dstport': for (let i = 0; i < n; i++) out[i] = out[i]! * m + b.dstPort[i]!; break;
      case 'proto': for (let i = 0; i < n; i++) out[i] = out[i]! * m + b.protocol[i]!; break;
      case 'pattern': for (let i = 0; i < n; i++) out[i] = out[i]! * m + ids[b.pattern[i]!]!; break;
      case 'bin': {
        // bin index since the epoch; exact: bins of ≥ 1 ms keep sec·(1e9 / bin) below 2^53
        const bin = this.binNs, ss = b.startSec, sn = b.startNsec;
        if (bin < 1e9) for (let i = 0; i < n; i++) out[i] = out[i]! * m + ss[i]! * (1e9 / bin) + Math.floor(sn[i]! / bin);
        else for (let i = 0; i < n; i++) out[i] = out[i]! * m + Math.floor(ss[i]! / (bin / 1e9));
        break;
      }
    }
  }

  update(b: FlowBatch): void {
    const n = b.length, pk = b.packets, by = b.bytes;
    const ids = Uint8Array.from(b.patternNames, (name) => this.nameId(name));
    if (this.scratch.length === 0 || this.scratch[0]!.length < n) this.scratch = Array.from({ length: this.words }, () => new Float64Array(b.capacity));
    const cols = this.scratch;
    for (const col of cols) col.fill(0, 0, n);
    this.slots.forEach((s, c) => this.component(c, b, ids, cols[s.word]!, s.bits));
    if (this.table) {
      const t = this.table, k1 = cols[0]!;
      for (let i = 0; i < n; i++) t.add(k1[i]!, 1, pk[i]!, by[i]!);
    } else {
      const t = this.multi!;
      for (let i = 0; i < n; i++) t.add(cols, i, 1, pk[i]!, by[i]!);
    }
  }

  /** visits every group with its key words (the array is reused between calls) */
  private forEachGroup(visit: (words: Float64Array, flows: number, packets: number, bytes: number) => void): void {
    const words = new Float64Array(this.words);
    if (this.table) this.table.forEach((key, f, p, b) => ((words[0] = key), visit(words, f, p, b)));
    else this.multi!.forEach((key, f, p, b) => (key.forEach((col, w) => (words[w] = col[0]!)), visit(words, f, p, b)));
  }

  private add(words: Float64Array, flows: number, packets: number, bytes: number): void {
    if (this.table) return this.table.add(words[0]!, flows, packets, bytes);
    // one-row columns for MultiKeyTable.add, reused from call to call
    const cols = (this.one ??= Array.from(words, () => new Float64Array(1)));
    words.forEach((w, i) => (cols[i]![0] = w));
    this.multi!.add(cols, 0, flows, packets, bytes);
  }

  /**
   * `remap` re-keys the pattern component of a group's words: pattern ids are per accumulator (the order
   * names were met), so merges map them by name and output orders them by name.
   */
  private remapPattern(words: Float64Array, remap: ArrayLike<number>): void {
    const slot = this.slots[this.all.findIndex((k) => k.field === 'pattern')];
    if (!slot) return;
    const { word, low } = slot;
    const place = 2 ** low;
    const id = Math.floor(words[word]! / place) % 256;
    words[word] = words[word]! + (remap[id]! - id) * place;
  }

  merge(o: GroupBy): void {
    (this.table ?? this.multi!).reserve(this.size + o.size);
    const remap = o.names.map((name) => this.nameId(name));
    o.forEachGroup((words, f, p, b) => {
      this.remapPattern(words, remap);
      this.add(words, f, p, b);
    });
  }

  get size(): number {
    return (this.table ?? this.multi!).size;
  }

  /** column names of result rows */
  columns(): string[] {
    return [...this.keys.map((k) => (k.mask < 32 ? `${k.field}/${k.mask}` : k.field)), ...(this.binNs ? ['bin_start_ns', 'bin_start'] : []), 'flows', 'packets', 'bytes'];
  }

  /**
   * Every group as records [flows, packets, bytes, key words…] with pattern ids replaced by their rank by name,
   * so that comparing words compares components the way rows are ordered; and the names in that order.
   */
  private records(): { data: Float64Array; stride: number; names: string[] } {
    const names = [...this.names].sort();
    const rank = this.names.map((name) => names.indexOf(name));
    const stride = 3 + this.words, data = new Float64Array(this.size * stride);
    let at = 0;
    this.forEachGroup((words, f, p, b) => {
      this.remapPattern(words, rank);
      data[at] = f, data[at + 1] = p, data[at + 2] = b;
      data.set(words, at + 3);
      at += stride;
    });
    return { data, stride, names };
  }

  /**
   * Result rows ordered by `order` (descending; ties by key components ascending) — with `timeOrder`, bins
   * ascending first — at most n (0: all): [key labels…, bin start (ns, ISO 8601)?, flows, packets, bytes]. `open()` starts a pass that makes rows one at a time
   * (undefined after the last), so millions of groups are written without holding them as objects.
   */
  ordered(order: 'flows' | 'packets' | 'bytes', n: number, timeOrder = false): RowSource {
    const o = ['flows', 'packets', 'bytes'].indexOf(order);
    const { data, stride, names } = this.records();
    // time order: the bin (the last component) first, ascending
    const slot = this.slots[this.all.length - 1]!;
    const binOf = timeOrder && this.binNs ? (at: number) => Math.floor(data[at + 3 + slot.word]! / 2 ** slot.low) % 2 ** slot.bits : undefined;
    const count = data.length / stride;
    const row = (at: number): Array<string | number> => {
      const comps = this.unpack(data, at + 3);
      return [
        ...this.keys.map((k, c) => this.label(k, comps[c]!, names)),
        ...(this.binNs ? binStart(comps[this.keys.length]!, this.binNs) : []),
        data[at]!, data[at + 1]!, data[at + 2]!,
      ];
    };
    if (n <= 0 || n >= count) {
      const sorted = new OrderedRecords(data, stride, count, o, binOf);
      return {
        count,
        open: () => {
          const next = sorted.cursor();
          return () => {
            const at = next();
            return at < 0 ? undefined : row(at);
          };
        },
      };
    }
    // the best n, kept sorted (n is small: --top): most records are rejected by one comparison with the last
    const before = recordOrder(data, stride, o, binOf);
    const best: number[] = [];
    for (let at = 0; at < data.length; at += stride) {
      if (best.length === n && !before(at, best[n - 1]!)) continue;
      let i = best.length;
      while (i > 0 && before(at, best[i - 1]!)) i--;
      best.splice(i, 0, at);
      if (best.length > n) best.pop();
    }
    return {
      count: best.length,
      open: () => {
        let i = 0;
        return () => (i < best.length ? row(best[i++]!) : undefined);
      },
    };
  }

  /** all rows as arrays, for small results (see ordered) */
  rows(order: 'flows' | 'packets' | 'bytes', n: number, timeOrder = false): Array<Array<string | number>> {
    const out: Array<Array<string | number>> = [];
    const next = this.ordered(order, n, timeOrder).open();
    for (let r = next(); r; r = next()) out.push(r);
    return out;
  }

  /** the components of the key whose words start at data[at] */
  private unpack(data: Float64Array, at: number): number[] {
    return this.slots.map((s) => Math.floor(data[at + s.word]! / 2 ** s.low) % 2 ** s.bits);
  }

  private label(k: GroupKey, v: number, names: ReadonlyArray<string>): string | number {
    if (k.field === 'srcip' || k.field === 'dstip') return k.mask < 32 ? `${uint32ToIp(v)}/${k.mask}` : uint32ToIp(v);
    if (k.field === 'pattern') return names[v]!;
    return v;
  }
}

/** bin index → its start, ns since the epoch, as an exact decimal string */
/** a bin's start as ns (decimal string) and as ISO 8601 UTC */
const binStart = (index: number, binNs: number): [string, string] => {
  const ns = BigInt(index) * BigInt(binNs);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return [ns.toString(), `${new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19)}${frac ? `.${frac}` : ''}Z`];
};

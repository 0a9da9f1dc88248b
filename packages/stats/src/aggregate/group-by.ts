/**
 * `aggregate`'s group-by: any list of keys — srcip, dstip (optionally masked: srcip/24), srcport, dstport,
 * proto, pattern — and optionally a time bin of the flow start, each group counting flows, packets and bytes.
 * Mergeable. Components are packed into one number (≤ 53 bits: srcip + dstport) or two (srcip + dstip) in a
 * typed hash table; only wider combinations (a 5-tuple with a time bin) fall back to a Map keyed by string.
 */
import { uint32ToIp, type FlowBatch } from '@flowgen/core';
import { KeyTable } from '../key-table';
import { PairKeyTable } from '../pair-key-table';

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

/** "1s", "5m", "100ms", "1h" → ns; bins must divide a second or be whole seconds (exact bin arithmetic) */
export const parseDuration = (text: string): number | string => {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return `expected a duration like 100ms, 1s, 5m, 1h, 1d; got "${text}"`;
  const ns = Number(m[1]) * { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 }[m[2] as 'ms']!;
  if (ns <= 0) return 'the bin must be longer than 0';
  if (ns < 1e9 ? 1e9 % ns !== 0 : ns % 1e9 !== 0) return `a bin must divide one second or be whole seconds, got ${text}`;
  return ns;
};

/** which word of the packed key a component goes to, and its place value there */
interface Slot {
  readonly word: number;
  readonly bits: number;
}

export class GroupBy {
  /** restores the methods of a copy that crossed a worker boundary (structured clone keeps only the data) */
  static revive(o: GroupBy): GroupBy {
    Object.setPrototypeOf(o, GroupBy.prototype);
    if (o.table) KeyTable.revive(o.table);
    if (o.pairs) PairKeyTable.revive(o.pairs);
    return o;
  }

  /** keys plus the time bin, when there is one */
  private readonly all: ReadonlyArray<GroupKey | { field: 'bin'; mask: 0 }>;
  /** components packed in order into words of ≤ 53 bits; undefined when they need more than two words */
  private readonly slots: ReadonlyArray<Slot> | undefined;
  /** one-word keys */
  private readonly table: KeyTable | undefined;
  /** two-word keys */
  private readonly pairs: PairKeyTable | undefined;
  /** wider composites: "c0,c1,…" → [flows, packets, bytes, c0, c1, …] */
  private readonly wide = new Map<string, Float64Array>();
  private readonly names: string[] = [];
  /** per-batch scratch: the packed key words, or each component for the wide case */
  private scratch: Float64Array[] = [];

  constructor(readonly keys: ReadonlyArray<GroupKey>, readonly binNs = 0) {
    this.all = binNs ? [...keys, { field: 'bin', mask: 0 }] : keys;
    const slots: Slot[] = [];
    let word = 0, used = 0;
    for (const k of this.all) {
      if (used + BITS[k.field] > 53) (word++, (used = 0));
      used += BITS[k.field];
      slots.push({ word, bits: BITS[k.field] });
    }
    this.slots = word <= 1 ? slots : undefined;
    if (word === 0) this.table = new KeyTable();
    else if (word === 1) this.pairs = new PairKeyTable();
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

  /** the packed words of one group's components (merge's slow path) */
  private pack(comps: ArrayLike<number>): [number, number] {
    const words: [number, number] = [0, 0];
    this.slots!.forEach((s, c) => (words[s.word] = words[s.word]! * 2 ** s.bits + comps[c]!));
    return words;
  }

  private unpack(k1: number, k2: number): Float64Array {
    const comps = new Float64Array(this.all.length);
    const words = [k1, k2];
    for (let c = this.all.length - 1; c >= 0; c--) {
      const s = this.slots![c]!, m = 2 ** s.bits;
      const v = words[s.word]! % m;
      comps[c] = v;
      words[s.word] = (words[s.word]! - v) / m;
    }
    return comps;
  }

  private add(comps: ArrayLike<number>, flows: number, packets: number, bytes: number): void {
    if (this.slots) {
      const [k1, k2] = this.pack(comps);
      if (this.table) this.table.add(k1, flows, packets, bytes);
      else this.pairs!.add(k1, k2, flows, packets, bytes);
      return;
    }
    const key = Array.prototype.join.call(comps, ',');
    let g = this.wide.get(key);
    if (!g) {
      g = new Float64Array(3 + comps.length);
      g.set(comps, 3);
      this.wide.set(key, g);
    }
    g[0]! += flows;
    g[1]! += packets;
    g[2]! += bytes;
  }

  update(b: FlowBatch): void {
    const n = b.length, pk = b.packets, by = b.bytes;
    const ids = Uint8Array.from(b.patternNames, (name) => this.nameId(name));
    const width = this.slots ? 2 : this.all.length;
    if (this.scratch.length !== width || this.scratch[0]!.length < n) this.scratch = Array.from({ length: width }, () => new Float64Array(b.capacity));
    const w = this.scratch;
    if (this.slots) {
      w[0]!.fill(0, 0, n);
      w[1]!.fill(0, 0, n);
      this.slots.forEach((s, c) => this.component(c, b, ids, w[s.word]!, s.bits));
      const k1 = w[0]!, k2 = w[1]!;
      if (this.table) {
        const t = this.table;
        for (let i = 0; i < n; i++) t.add(k1[i]!, 1, pk[i]!, by[i]!);
      } else {
        const t = this.pairs!;
        for (let i = 0; i < n; i++) t.add(k1[i]!, k2[i]!, 1, pk[i]!, by[i]!);
      }
      return;
    }
    this.all.forEach((_, c) => (w[c]!.fill(0, 0, n), this.component(c, b, ids, w[c]!, 0)));
    const comps = new Float64Array(width);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < width; c++) comps[c] = w[c]![i]!;
      this.add(comps, 1, pk[i]!, by[i]!);
    }
  }

  /** every group as [flows, packets, bytes, components…] */
  private groups(): Float64Array[] {
    const out: Float64Array[] = [];
    this.forEachGroup((f, p, b, comps) => out.push(Float64Array.of(f, p, b, ...comps())));
    return out;
  }

  /** visits every group; `comps` unpacks its components only when asked (most groups are never printed) */
  private forEachGroup(visit: (flows: number, packets: number, bytes: number, comps: () => Float64Array) => void): void {
    if (this.table) this.table.forEach((key, f, p, b) => visit(f, p, b, () => this.unpack(key, 0)));
    else if (this.pairs) this.pairs.forEach((k1, k2, f, p, b) => visit(f, p, b, () => this.unpack(k1, k2)));
    else for (const g of this.wide.values()) visit(g[0]!, g[1]!, g[2]!, () => g.subarray(3));
  }

  merge(o: GroupBy): void {
    this.table?.reserve(this.table.size + o.size);
    this.pairs?.reserve(this.pairs.size + o.size);
    const pi = this.all.findIndex((k) => k.field === 'pattern');
    // same packed layout and no per-accumulator ids: add keys as they are
    if (pi < 0 && this.table) {
      const t = this.table;
      o.table!.forEach((key, f, p, b) => t.add(key, f, p, b));
      return;
    }
    if (pi < 0 && this.pairs) {
      const t = this.pairs;
      o.pairs!.forEach((k1, k2, f, p, b) => t.add(k1, k2, f, p, b));
      return;
    }
    o.forEachGroup((f, p, b, comps) => {
      const c = Float64Array.from(comps());
      // pattern ids are per accumulator: re-key by name
      if (pi >= 0) c[pi] = this.nameId(o.names[c[pi]!]!);
      this.add(c, f, p, b);
    });
  }

  get size(): number {
    return (this.table ?? this.pairs ?? this.wide).size;
  }

  /** column names of result rows */
  columns(): string[] {
    return [...this.keys.map((k) => (k.mask < 32 ? `${k.field}/${k.mask}` : k.field)), ...(this.binNs ? ['bin_start_ns'] : []), 'flows', 'packets', 'bytes'];
  }

  /** rows ordered by `order` (descending; ties by key components ascending), at most n (0: all) */
  rows(order: 'flows' | 'packets' | 'bytes', n: number): Array<Array<string | number>> {
    const o = ['flows', 'packets', 'bytes'].indexOf(order);
    const pi = 3 + this.all.findIndex((k) => k.field === 'pattern');
    const before = (a: Float64Array, b: Float64Array): number => {
      if (b[o] !== a[o]) return b[o]! - a[o]!;
      for (let c = 3; c < a.length; c++) {
        if (a[c] === b[c]) continue;
        // pattern ids depend on the order names were met: compare names
        if (c === pi) return this.names[a[c]!]! < this.names[b[c]!]! ? -1 : 1;
        return a[c]! - b[c]!;
      }
      return 0;
    };
    let chosen: Float64Array[];
    if (n <= 0) chosen = this.groups().sort(before);
    else {
      // the best n, kept sorted: groups that cannot enter are rejected on their count alone
      chosen = [];
      this.forEachGroup((f, p, b, comps) => {
        const v = o === 0 ? f : o === 1 ? p : b;
        if (chosen.length === n && v < chosen[n - 1]![o]!) return;
        const g = Float64Array.of(f, p, b, ...comps());
        if (chosen.length === n && before(g, chosen[n - 1]!) >= 0) return;
        let i = chosen.length;
        while (i > 0 && before(g, chosen[i - 1]!) < 0) i--;
        chosen.splice(i, 0, g);
        if (chosen.length > n) chosen.pop();
      });
    }
    return chosen.map((g) => [
      ...this.keys.map((k, c) => this.label(k, g[3 + c]!)),
      ...(this.binNs ? [binStart(g[3 + this.keys.length]!, this.binNs)] : []),
      g[0]!, g[1]!, g[2]!,
    ]);
  }

  private label(k: GroupKey, v: number): string | number {
    if (k.field === 'srcip' || k.field === 'dstip') return k.mask < 32 ? `${uint32ToIp(v)}/${k.mask}` : uint32ToIp(v);
    if (k.field === 'pattern') return this.names[v]!;
    return v;
  }
}

/** bin index → its start, ns since the epoch, as an exact decimal string */
const binStart = (index: number, binNs: number): string => (BigInt(index) * BigInt(binNs)).toString();

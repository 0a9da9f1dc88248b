/**
 * `aggregate`'s group-by: any list of keys — srcip, dstip (optionally masked: srcip/24), srcport, dstport,
 * proto, pattern — and optionally a time bin of the flow start, each group counting flows, packets and bytes.
 * Mergeable. Keys that fit 53 bits together are one number (fast Map); wider combinations use a string.
 */
import { uint32ToIp, type FlowBatch } from '@flowgen/core';

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

export class GroupBy {
  /** key → [flows, packets, bytes, component 0, component 1, …] */
  private readonly groups = new Map<number | string, Float64Array>();
  private readonly names: string[] = [];
  private readonly numeric: boolean;
  private readonly comps: Float64Array;

  constructor(readonly keys: ReadonlyArray<GroupKey>, readonly binNs = 0) {
    this.numeric = keys.reduce((a, k) => a + BITS[k.field], 0) <= 53;
    this.comps = new Float64Array(keys.length);
  }

  private nameId(name: string): number {
    const i = this.names.indexOf(name);
    return i >= 0 ? i : this.names.push(name) - 1;
  }

  private component(k: GroupKey, b: FlowBatch, i: number, patternIds: number[]): number {
    switch (k.field) {
      case 'srcip': return k.mask === 32 ? b.srcIp[i]! : b.srcIp[i]! - (b.srcIp[i]! % 2 ** (32 - k.mask));
      case 'dstip': return k.mask === 32 ? b.dstIp[i]! : b.dstIp[i]! - (b.dstIp[i]! % 2 ** (32 - k.mask));
      case 'srcport': return b.srcPort[i]!;
      case 'dstport': return b.dstPort[i]!;
      case 'proto': return b.protocol[i]!;
      case 'pattern': return patternIds[b.pattern[i]!]!;
      case 'bin': {
        // bin index since the epoch; exact: bins of ≥ 1 ms keep sec·(1e9 / bin) below 2^53
        const bin = this.binNs;
        return bin < 1e9 ? b.startSec[i]! * (1e9 / bin) + Math.floor(b.startNsec[i]! / bin) : Math.floor(b.startSec[i]! / (bin / 1e9));
      }
    }
  }

  private add(key: number | string, flows: number, packets: number, bytes: number, comps: ArrayLike<number>): void {
    let g = this.groups.get(key);
    if (!g) {
      g = new Float64Array(3 + comps.length);
      for (let c = 0; c < comps.length; c++) g[3 + c] = comps[c]!;
      this.groups.set(key, g);
    }
    g[0]! += flows;
    g[1]! += packets;
    g[2]! += bytes;
  }

  update(b: FlowBatch): void {
    const ids = b.patternNames.map((n) => this.nameId(n));
    const keys = this.binNs ? [...this.keys, { field: 'bin' as const, mask: 0 }] : this.keys;
    const comps = this.comps.length === keys.length ? this.comps : new Float64Array(keys.length);
    for (let i = 0; i < b.length; i++) {
      let numKey = 0;
      let strKey = '';
      for (let c = 0; c < keys.length; c++) {
        const v = this.component(keys[c]!, b, i, ids);
        comps[c] = v;
        if (this.numeric) numKey = numKey * 2 ** BITS[keys[c]!.field] + v;
        else strKey += `${v},`;
      }
      this.add(this.numeric ? numKey : strKey, 1, b.packets[i]!, b.bytes[i]!, comps);
    }
  }

  merge(o: GroupBy): void {
    const pi = this.keys.findIndex((k) => k.field === 'pattern');
    for (const [key, g] of o.groups) {
      const comps = g.subarray(3);
      if (pi >= 0) {
        // pattern ids are per accumulator: re-key by name
        const c = Float64Array.from(comps);
        c[pi] = this.nameId(o.names[comps[pi]!]!);
        const rekey = this.numeric ? c.reduce((a, v, j) => a * 2 ** BITS[(this.keys[j] ?? { field: 'bin' }).field as GroupField] + v, 0) : `${[...c].join(',')},`;
        this.add(rekey, g[0]!, g[1]!, g[2]!, c);
      } else this.add(key, g[0]!, g[1]!, g[2]!, comps);
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** column names of result rows */
  columns(): string[] {
    return [...this.keys.map((k) => (k.mask < 32 ? `${k.field}/${k.mask}` : k.field)), ...(this.binNs ? ['bin_start_ns'] : []), 'flows', 'packets', 'bytes'];
  }

  /** rows ordered by `order` (descending; ties by key components ascending), at most n (0: all) */
  rows(order: 'flows' | 'packets' | 'bytes', n: number): Array<Array<string | number>> {
    const o = ['flows', 'packets', 'bytes'].indexOf(order);
    const all = [...this.groups.values()].sort((a, b) => {
      if (b[o] !== a[o]) return b[o]! - a[o]!;
      for (let c = 3; c < a.length; c++) if (a[c] !== b[c]) return a[c]! - b[c]!;
      return 0;
    });
    return (n > 0 ? all.slice(0, n) : all).map((g) => [
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

/**
 * A parsed filter compiled into one JavaScript function per filter that scans a whole batch: the tree is first
 * put in negation normal form (nots pushed to the terms, where nfdump's flags rule applies), long `or` chains of
 * equalities become set lookups, and the result is generated source with the batch's columns in locals — one
 * monomorphic loop, no call or allocation per row. Built once per filter (per worker), never per record.
 */
import type { Cmp, Field, FilterNode, Join } from './filter-parser';

export interface FilterOptions {
  /** durations (and pps, bps) from timestamps truncated to milliseconds, as nfdump stores them */
  readonly msTime?: boolean;
  /** only flows with start ≥ from and end ≤ to (ns since the epoch, as decimal strings); nfdump's -t */
  readonly window?: { readonly from?: string; readonly to?: string };
}

/** writes the indices of matching rows of b into rows; returns how many */
export type BatchSelector = (b: import('@flowgen/core').FlowBatch, rows: Uint32Array) => number;

type Nnf =
  | { kind: 'and' | 'or'; kids: Nnf[] }
  | { kind: 'const'; value: boolean }
  | { kind: 'cmp'; fields: ReadonlyArray<Field>; join: Join; cmp: Cmp; value: number; mask?: number }
  | { kind: 'in'; fields: ReadonlyArray<Field>; join: Join; ranges: ReadonlyArray<readonly [number, number]>; neg: boolean }
  | { kind: 'flags'; mask: number; neg: boolean }
  | { kind: 'pattern'; name: string; neg: boolean };

const NEGATED: Record<Cmp, Cmp> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };
const flip = (j: Join): Join => (j === 'or' ? 'and' : 'or');
/** an `or` with at least this many equalities on the same fields tests a set instead */
const SET_AFTER = 8;

/** nots pushed down to the terms (De Morgan); depth is bounded by the parser's parenthesis limit */
const normal = (n: FilterNode, neg: boolean): Nnf => {
  switch (n.kind) {
    case 'not':
      return normal(n.inner, !neg);
    case 'and':
    case 'or': {
      const kind = neg ? (n.kind === 'and' ? 'or' : 'and') : n.kind;
      const kids: Nnf[] = [];
      for (const k of n.kids) {
        const c = normal(k, neg);
        if (c.kind === kind) kids.push(...c.kids);
        else kids.push(c);
      }
      return kind === 'or' ? setsOf(kids) : { kind, kids };
    }
    case 'const':
      return { kind: 'const', value: n.value !== neg };
    case 'cmp':
      return neg ? { ...n, cmp: NEGATED[n.cmp], join: n.fields.length > 1 ? flip(n.join) : n.join } : { ...n };
    case 'in':
      return { ...n, join: neg && n.fields.length > 1 ? flip(n.join) : n.join, neg };
    case 'flags':
      // nfdump: under not, a flags test is "any of these set", so `not flags AS` means neither A nor S
      return { kind: 'flags', mask: n.mask, neg };
    case 'pattern':
      return { kind: 'pattern', name: n.name, neg };
  }
};

/** `ip A or ip B or …` (≥ SET_AFTER of them on the same fields) → one `ip in [A B …]` */
const setsOf = (kids: Nnf[]): Nnf => {
  const groups = new Map<string, Array<readonly [number, number]>>();
  for (const k of kids) {
    if (k.kind !== 'cmp' || k.cmp !== 'eq' || k.mask !== undefined || k.join !== 'or' || !isSettable(k.fields[0]!)) continue;
    const key = k.fields.join();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push([k.value, k.value]);
  }
  const big = [...groups].filter(([, v]) => v.length >= SET_AFTER);
  if (big.length === 0) return { kind: 'or', kids };
  const bigKeys = new Set(big.map(([key]) => key));
  const rest = kids.filter((k) => !(k.kind === 'cmp' && k.cmp === 'eq' && k.mask === undefined && k.join === 'or' && bigKeys.has(k.fields.join())));
  for (const [key, ranges] of big) rest.push({ kind: 'in', fields: key.split(',') as Field[], join: 'or', ranges, neg: false });
  return rest.length === 1 ? rest[0]! : { kind: 'or', kids: rest };
};
const isSettable = (f: Field) => f === 'srcIp' || f === 'dstIp' || f === 'srcPort' || f === 'dstPort';

const OP: Record<Cmp, string> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Generates the selector's source; `consts` collects the lookup tables it refers to as K[j]. */
const generate = (root: Nnf, options: FilterOptions, consts: unknown[]): string => {
  const D = options.msTime
    ? '((es[i]-ss[i])*1e3+Math.floor(en[i]/1e6)-Math.floor(sn[i]/1e6))'
    : '((es[i]-ss[i])*1e3+(en[i]-sn[i])/1e6)';
  const FIELD: Record<Field, string> = {
    srcIp: 'sa[i]', dstIp: 'da[i]', srcPort: 'sp[i]', dstPort: 'dp[i]', proto: 'pr[i]', packets: 'pk[i]', bytes: 'by[i]',
    outPackets: '0', outBytes: '0', flows: '1', flags: 'fl[i]', icmpType: '(dp[i]>>8)', icmpCode: '(dp[i]&255)', duration: D,
    // nfdump's integer rates: 0 when the duration is 0
    pps: `(${D}===0?0:Math.floor(pk[i]*1e3/${D}))`, bps: `(${D}===0?0:Math.floor(by[i]*8e3/${D}))`, bpp: '(pk[i]===0?0:Math.floor(by[i]/pk[i]))',
  };
  const patterns: string[] = [];
  const joined = (parts: string[], join: Join) => (parts.length === 1 ? parts[0]! : `(${parts.join(join === 'or' ? '||' : '&&')})`);
  const expr = (n: Nnf): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${n.kids.map(expr).join(n.kind === 'or' ? '||' : '&&')})`;
      case 'const':
        return n.value ? 'true' : 'false';
      case 'cmp':
        return joined(n.fields.map((f) => `${n.mask === undefined ? FIELD[f] : `((${FIELD[f]}&${n.mask})>>>0)`}${OP[n.cmp]}${n.value}`), n.join);
      case 'in': {
        const j = consts.length;
        if (n.fields[0] === 'srcPort' || n.fields[0] === 'dstPort') {
          const set = new Uint8Array(65536);
          for (const [lo, hi] of n.ranges) set.fill(1, lo, hi + 1);
          consts.push(set);
          return joined(n.fields.map((f) => `K[${j}][${FIELD[f]}]${n.neg ? '===0' : '===1'}`), n.join);
        }
        consts.push(mergeRanges(n.ranges));
        return joined(n.fields.map((f) => `${n.neg ? '!' : ''}inRanges(K[${j}],${FIELD[f]})`), n.join);
      }
      case 'flags':
        return n.neg ? `(fl[i]&${n.mask})===0` : `(fl[i]&${n.mask})===${n.mask}`;
      case 'pattern': {
        let j = patterns.indexOf(n.name);
        if (j < 0) j = patterns.push(n.name) - 1;
        return `pt[i]${n.neg ? '!==' : '==='}p${j}`;
      }
    }
  };
  let test = expr(root);
  const w = options.window;
  if (w?.from !== undefined) {
    const [s, ns] = splitNs(w.from);
    test = `(ss[i]>${s}||ss[i]===${s}&&sn[i]>=${ns})&&${test}`;
  }
  if (w?.to !== undefined) {
    const [s, ns] = splitNs(w.to);
    test = `(es[i]<${s}||es[i]===${s}&&en[i]<=${ns})&&${test}`;
  }
  return `return function select(b, rows) {
  const ss=b.startSec, sn=b.startNsec, es=b.endSec, en=b.endNsec, sa=b.srcIp, da=b.dstIp, sp=b.srcPort, dp=b.dstPort,
    pr=b.protocol, fl=b.tcpFlags, pt=b.pattern, pk=b.packets, by=b.bytes, len=b.length;
  ${patterns.map((p, j) => `const p${j}=b.patternNames.indexOf(${JSON.stringify(p)});`).join(' ')}
  let n=0;
  for (let i=0;i<len;i++) if (${test}) rows[n++]=i;
  return n;
};`;
};

const splitNs = (ns: string): [number, number] => {
  const v = BigInt(ns);
  return [Number(v / 1_000_000_000n), Number(v % 1_000_000_000n)];
};

/** sorted, merged inclusive ranges as [lo0, hi0, lo1, hi1, …] */
const mergeRanges = (ranges: ReadonlyArray<readonly [number, number]>): Float64Array => {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    if (out.length > 0 && lo <= out[out.length - 1]! + 1) out[out.length - 1] = Math.max(out[out.length - 1]!, hi);
    else out.push(lo, hi);
  }
  return Float64Array.from(out);
};

/** binary search in merged ranges */
const inRanges = (t: Float64Array, x: number): boolean => {
  let lo = 0, hi = (t.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < t[2 * mid]!) hi = mid - 1;
    else if (x > t[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
};

export const compileFilter = (tree: FilterNode | undefined, options: FilterOptions = {}): BatchSelector => {
  const consts: unknown[] = [];
  const src = generate(tree ? normal(tree, false) : { kind: 'const', value: true }, options, consts);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('K', 'inRanges', src)(consts, inRanges) as BatchSelector;
};

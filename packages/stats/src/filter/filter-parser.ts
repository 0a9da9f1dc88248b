/**
 * An nfdump-like filter language over flows, parsed into a tree:
 *
 *   expr    := and ('or' and)*
 *   and     := not (['and'] not)*          — juxtaposition means and, as in nfdump
 *   not     := 'not' not | '(' expr ')' | term
 *   term    := 'any'
 *            | 'proto' (tcp|udp|icmp|N)
 *            | [src|dst] ('ip'|'host') A.B.C.D
 *            | [src|dst] 'net' A.B.C.D/LEN
 *            | [src|dst] 'port' [op] N
 *            | ('bytes'|'packets'|'duration') [op] N[k|m|g]   (duration in ms)
 *            | 'pattern' NAME
 *            | 'flags' [A][S][F][R][P][U]    — all of the given TCP flags set
 *   op      := = == != < <= > >= eq ne lt le gt ge
 *
 * Errors carry the 1-based column of the offending token.
 */
import { parseCidr, ipToUint32 } from '@flowgen/core';

export type Side = 'src' | 'dst' | 'any';
export type Cmp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly inner: FilterNode }
  | { readonly kind: 'any' }
  | { readonly kind: 'proto'; readonly value: number }
  | { readonly kind: 'ip'; readonly side: Side; readonly value: number }
  | { readonly kind: 'net'; readonly side: Side; readonly base: number; readonly size: number }
  | { readonly kind: 'port'; readonly side: Side; readonly cmp: Cmp; readonly value: number }
  | { readonly kind: 'bytes' | 'packets' | 'duration'; readonly cmp: Cmp; readonly value: number }
  | { readonly kind: 'pattern'; readonly name: string }
  | { readonly kind: 'flags'; readonly mask: number };

export class FilterError extends Error {
  readonly _tag = 'FilterError';
  constructor(readonly column: number, readonly problem: string) {
    super(`column ${column}: ${problem}`);
  }
}

interface Token {
  readonly text: string;
  /** 1-based */
  readonly column: number;
}

const tokenize = (src: string): Token[] => {
  const out: Token[] = [];
  const re = /\s*(\(|\)|[<>!=]=?|==|[^\s()<>!=]+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(src)) !== null) {
    if (m[0].length === 0) break;
    out.push({ text: m[1]!, column: m.index + m[0].length - m[1]!.length + 1 });
    last = re.lastIndex;
  }
  if (src.slice(last).trim() !== '') throw new FilterError(last + 1, `unexpected "${src.slice(last).trim()}"`);
  return out;
};

const OPS: Record<string, Cmp> = { '=': 'eq', '==': 'eq', eq: 'eq', '!=': 'ne', ne: 'ne', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge' };
const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, gre: 47, esp: 50, icmp6: 58 };
const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, A: 16, U: 32 };
const SCALE: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9 };

export const parseFilter = (src: string): FilterNode => {
  const tokens = tokenize(src);
  let i = 0;
  const peek = () => tokens[i];
  const endColumn = src.length + 1;
  const expect = (what: string): Token => {
    const t = tokens[i++];
    if (!t) throw new FilterError(endColumn, `expected ${what}, got the end of the filter`);
    return t;
  };
  const word = (t: Token | undefined) => t?.text.toLowerCase();

  const number = (after: string, allowScale: boolean): number => {
    const t = expect(`a number after "${after}"`);
    const m = /^(\d+(?:\.\d+)?)([kmgKMG]?)$/.exec(t.text);
    if (!m || (m[2] && !allowScale)) throw new FilterError(t.column, `expected a number after "${after}", got "${t.text}"`);
    return Number(m[1]) * (m[2] ? SCALE[m[2].toLowerCase()]! : 1);
  };
  const comparison = (): Cmp => {
    const op = OPS[word(peek()) ?? ''];
    if (op) i++;
    return op ?? 'eq';
  };

  const term = (): FilterNode => {
    const t = expect('a filter term');
    let w = word(t)!;
    let side: Side = 'any';
    if (w === 'src' || w === 'dst') {
      side = w;
      const n = expect(`ip, host, net or port after "${w}"`);
      w = word(n)!;
      if (!['ip', 'host', 'net', 'port'].includes(w)) throw new FilterError(n.column, `expected ip, host, net or port after "${side}", got "${n.text}"`);
    }
    switch (w) {
      case 'any':
        return { kind: 'any' };
      case 'proto': {
        const v = expect('a protocol after "proto"');
        const n = PROTOCOLS[v.text.toLowerCase()] ?? (/^\d+$/.test(v.text) && Number(v.text) <= 255 ? Number(v.text) : undefined);
        if (n === undefined) throw new FilterError(v.column, `unknown protocol "${v.text}" (tcp, udp, icmp, gre, esp, icmp6 or 0–255)`);
        return { kind: 'proto', value: n };
      }
      case 'ip':
      case 'host': {
        const v = expect(`an IPv4 address after "${w}"`);
        try {
          return { kind: 'ip', side, value: ipToUint32(v.text) };
        } catch {
          throw new FilterError(v.column, `not an IPv4 address: "${v.text}"`);
        }
      }
      case 'net': {
        const v = expect('a CIDR block after "net"');
        try {
          const c = parseCidr(v.text);
          return { kind: 'net', side, base: c.base, size: c.size };
        } catch (e) {
          throw new FilterError(v.column, (e as Error).message);
        }
      }
      case 'port': {
        const cmp = comparison();
        const at = peek()?.column ?? endColumn;
        const value = number('port', false);
        if (!Number.isInteger(value) || value > 65535) throw new FilterError(at, `port must be 0–65535, got ${value}`);
        return { kind: 'port', side, cmp, value };
      }
      case 'bytes':
      case 'packets':
      case 'duration': {
        const cmp = comparison();
        return { kind: w, cmp, value: number(w, true) };
      }
      case 'pattern': {
        const v = expect('a pattern name after "pattern"');
        return { kind: 'pattern', name: v.text };
      }
      case 'flags': {
        const v = expect('TCP flags (A, S, F, R, P, U) after "flags"');
        let mask = 0;
        for (const ch of v.text.toUpperCase()) {
          if (!FLAG_BITS[ch]) throw new FilterError(v.column, `unknown TCP flag "${ch}" (A, S, F, R, P, U)`);
          mask |= FLAG_BITS[ch]!;
        }
        return { kind: 'flags', mask };
      }
      default:
        throw new FilterError(t.column, `unknown term "${t.text}" (any, proto, ip, host, net, port, src, dst, bytes, packets, duration, pattern, flags, not, parentheses)`);
    }
  };

  const not = (): FilterNode => {
    const t = peek();
    if (word(t) === 'not') {
      i++;
      return { kind: 'not', inner: not() };
    }
    if (t?.text === '(') {
      i++;
      const inner = or();
      const close = tokens[i++];
      if (close?.text !== ')') throw new FilterError(close?.column ?? endColumn, `expected ")" to close the "(" at column ${t.column}`);
      return inner;
    }
    return term();
  };
  const and = (): FilterNode => {
    let left = not();
    for (;;) {
      const w = word(peek());
      if (w === undefined || w === 'or' || w === ')') return left;
      if (w === 'and') i++;
      left = { kind: 'and', left, right: not() };
    }
  };
  const or = (): FilterNode => {
    let left = and();
    while (word(peek()) === 'or') {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw new FilterError(1, 'empty filter (use "any" for every flow)');
  const tree = or();
  const rest = peek();
  if (rest) throw new FilterError(rest.column, rest.text === ')' ? 'unbalanced ")"' : `unexpected "${rest.text}"`);
  return tree;
};

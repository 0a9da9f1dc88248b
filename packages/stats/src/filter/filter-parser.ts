/**
 * nfdump 1.7's filter language (man nfdump, FILTER) over flowstats records, parsed into a tree:
 *
 *   expr  := expr ('and' | '&&') expr | expr ('or' | '||') expr | ('not' | '!') expr | '(' expr ')' | term
 *            (not binds tightest, then and, then or; '#' starts a comment)
 *   term  := any | inet | ipv4 | inet6 | ipv6
 *          | proto NAME|N
 *          | [DIR] (ip|host) ADDR | [DIR] (ip|host) in '[' ADDR|CIDR … ']'
 *          | [DIR] net A.B.C.D/LEN | [DIR] net A.B/LEN | [DIR] net A.B.C.D MASK
 *          | [DIR] port [OP] N | [DIR] port in '[' N … ']'
 *          | [in|out] (bytes|packets) [OP] N[k|m|g] | flows [OP] N
 *          | duration [OP] MS | (pps|bps|bpp) [OP] N[k|m|g]
 *          | icmp-type N | icmp-code N | flags LETTERS | flags [OP] N
 *   DIR   := src | dst | src or dst | src and dst
 *   OP    := = == > < >= <= eq gt lt ge le
 *   N     := decimal or 0x hex
 *
 * Extensions (nfdump rejects them): `!=`/`ne`; juxtaposed terms mean `and` (`proto tcp port 80`); lower-case
 * flag letters; decimal fractions (`bytes > 1.5k`); port ranges in lists (`port in [1000-2000]`); an operator
 * on icmp-type/icmp-code; `pattern NAME`.
 * nfdump fields flowstats records do not have (router, AS, next hop, tos, …) are an error naming the field.
 *
 * The parser is iterative (operator precedence with explicit stacks): a filter of any length parses without
 * deep recursion; only parenthesis nesting is bounded (MAX_DEPTH). Errors carry the 1-based column.
 */
import { ipToUint32, PROTOCOLS } from '@flowgen/core';
import { FilterError, tokenize, type Token } from './filter-lexer';

export { FilterError };

/** a column of a flow record a term compares (flows is always 1, out counters always 0: records are unidirectional) */
export type Field =
  | 'srcIp' | 'dstIp' | 'srcPort' | 'dstPort' | 'proto' | 'packets' | 'bytes' | 'outPackets' | 'outBytes' | 'flows'
  | 'flags' | 'duration' | 'pps' | 'bps' | 'bpp' | 'icmpType' | 'icmpCode';
export type Cmp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** how a term over two fields (src and dst) combines them */
export type Join = 'or' | 'and';

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly kids: FilterNode[] }
  | { readonly kind: 'not'; readonly inner: FilterNode }
  | { readonly kind: 'const'; readonly value: boolean }
  /** (field & mask) cmp value, for each field, joined; mask only for addresses (net) */
  | { readonly kind: 'cmp'; readonly fields: ReadonlyArray<Field>; readonly join: Join; readonly cmp: Cmp; readonly value: number; readonly mask?: number }
  /** field in a list: ports (inclusive ranges) or addresses (inclusive ranges from CIDR blocks) */
  | { readonly kind: 'in'; readonly fields: ReadonlyArray<Field>; readonly join: Join; readonly ranges: ReadonlyArray<readonly [number, number]> }
  /** all of mask set; under an odd number of nots nfdump tests "any of mask set", so `not flags AS` means neither */
  | { readonly kind: 'flags'; readonly mask: number }
  | { readonly kind: 'pattern'; readonly name: string };

export const MAX_DEPTH = 256;

const OPS: Record<string, Cmp> = { '=': 'eq', '==': 'eq', eq: 'eq', '!=': 'ne', ne: 'ne', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge' };
const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, A: 16, U: 32, X: 63 };
const SCALE: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9 };
/** nfdump primitives over fields flowstats records lack */
const MISSING: Record<string, string> = {
  router: 'exporting router', next: 'next hop', bgpnext: 'BGP next hop', as: 'AS numbers', prev: 'previous AS', tos: 'type of service',
  mask: 'mask bits', vlan: 'VLAN labels', mac: 'MAC addresses', mpls: 'MPLS labels', if: 'interfaces', geo: 'geo locations',
  tunip: 'tunnel addresses', tun: 'tunnel protocol', ident: 'ident', 'engine-type': 'engine type', 'engine-id': 'engine id', sysid: 'sysid',
  flowdir: 'flow direction', observation: 'observation domain/point ids', payload: 'payload', client: 'latencies', server: 'latencies',
  asa: 'NSEL events', nat: 'NAT events', xip: 'translated addresses', xport: 'translated ports', xnet: 'translated addresses',
  nip: 'NAT addresses', nport: 'NAT ports', ingress: 'ACL/VRF fields', egress: 'ACL fields', pblock: 'NAT port blocks',
  count: 'record numbers (use -c N to limit the records)', '@include': 'include files (use --filter-file)',
};

interface Op {
  readonly kind: 'and' | 'or' | 'not' | '(';
  readonly column: number;
}
const PRECEDENCE = { '(': 0, or: 1, and: 2, not: 3 } as const;

export const parseFilter = (src: string): FilterNode => {
  const tokens = tokenize(src);
  if (tokens.length === 0) throw new FilterError(1, 'empty filter (use "any" for every flow)');
  const end = src.length + 1;
  let i = 0;
  const word = (t: Token | undefined) => t?.text.toLowerCase();
  const next = (what: string): Token => {
    const t = tokens[i++];
    if (!t) throw new FilterError(end, `expected ${what}, got the end of the filter`);
    return t;
  };

  // --- values
  const number = (after: string, allowScale: boolean): number => {
    const t = next(`a number after "${after}"`);
    const m = /^(?:0x([0-9a-f]+)|(\d+(?:\.\d+)?)([kmg]?))$/i.exec(t.text);
    if (!m || (m[3] && !allowScale)) throw new FilterError(t.column, `expected a number after "${after}", got "${t.text}"`);
    return m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]) * (m[3] ? SCALE[m[3].toLowerCase()]! : 1);
  };
  const comparison = (): Cmp => {
    const op = OPS[word(tokens[i]) ?? ''];
    if (op) i++;
    return op ?? 'eq';
  };
  const address = (t: Token): number => {
    if (t.text.includes(':')) throw new FilterError(t.column, `IPv6 address "${t.text}": flowstats records are IPv4`);
    try {
      return ipToUint32(t.text);
    } catch {
      throw new FilterError(t.column, `not an IPv4 address: "${t.text}"`);
    }
  };
  /** A.B.C.D/LEN, or abbreviated A.B/LEN (missing octets are 0) → [masked base, mask] */
  const cidr = (t: Token): [number, number] => {
    const m = /^(\d+(?:\.\d+){0,3})\/(\d+)$/.exec(t.text);
    if (!m) throw new FilterError(t.column, `expected a network A.B.C.D/LEN, got "${t.text}"`);
    const octets = m[1]!.split('.');
    if (octets.length === 1) throw new FilterError(t.column, `expected a network A.B.C.D/LEN, got "${t.text}"`);
    while (octets.length < 4) octets.push('0');
    const len = Number(m[2]);
    if (len > 32) throw new FilterError(t.column, `prefix length must be 0–32, got ${len}`);
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return [(address({ text: octets.join('.'), column: t.column }) & mask) >>> 0, mask];
  };
  const list = (what: string, item: (t: Token) => readonly [number, number]): Array<readonly [number, number]> => {
    const open = next('"["');
    if (open.text !== '[') throw new FilterError(open.column, `expected "[" after "in", got "${open.text}"`);
    const out: Array<readonly [number, number]> = [];
    for (;;) {
      const t = next(`${what} or "]"`);
      if (t.text === ']') break;
      if (t.text !== ',') out.push(item(t));
    }
    if (out.length === 0) throw new FilterError(open.column, `empty list`);
    return out;
  };
  const port = (t: Token): readonly [number, number] => {
    const m = /^(\d+|0x[0-9a-f]+)(?:-(\d+|0x[0-9a-f]+))?$/i.exec(t.text);
    const lo = m ? Number(m[1]) : NaN, hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || !(lo <= 65535 && hi <= 65535 && lo <= hi)) throw new FilterError(t.column, `expected a port 0–65535 (or a range N-M), got "${t.text}"`);
    return [lo, hi];
  };

  // --- terms
  const fieldsOf = (dir: string | undefined, src: Field, dst: Field): [ReadonlyArray<Field>, Join] =>
    dir === 'src' ? [[src], 'or'] : dir === 'dst' ? [[dst], 'or'] : [[src, dst], dir === 'src and dst' ? 'and' : 'or'];

  const term = (): FilterNode => {
    const t = next('a filter term');
    let w = word(t)!;
    let dir: string | undefined;
    if (w === 'src' || w === 'dst') {
      dir = w;
      const both = word(tokens[i]);
      if (w === 'src' && (both === 'or' || both === 'and') && word(tokens[i + 1]) === 'dst') (dir = `src ${both} dst`), (i += 2);
      const n = next(`ip, host, net or port after "${dir}"`);
      w = word(n)!;
      if (MISSING[w]) throw new FilterError(n.column, `"${dir} ${w}": flowstats records have no ${MISSING[w]}`);
      if (!['ip', 'host', 'net', 'port'].includes(w)) throw new FilterError(n.column, `expected ip, host, net or port after "${dir}", got "${n.text}"`);
    } else if (w === 'in' || w === 'out') {
      const n = next(`bytes or packets after "${w}"`);
      const what = word(n)!;
      if (what === 'bytes' || what === 'packets') {
        const cmp = comparison();
        const field: Field = w === 'in' ? what : what === 'bytes' ? 'outBytes' : 'outPackets';
        return { kind: 'cmp', fields: [field], join: 'or', cmp, value: number(what, true) };
      }
      if (MISSING[what]) throw new FilterError(n.column, `"${w} ${what}": flowstats records have no ${MISSING[what]}`);
      throw new FilterError(n.column, `expected bytes or packets after "${w}", got "${n.text}"`);
    }
    switch (w) {
      case 'any':
      case 'inet':
      case 'ipv4':
        return { kind: 'const', value: true };
      case 'inet6':
      case 'ipv6':
        return { kind: 'const', value: false };
      case 'proto': {
        const v = next('a protocol after "proto"');
        const n = PROTOCOLS[v.text.toLowerCase()] ?? (/^(\d+|0x[0-9a-f]+)$/i.test(v.text) ? Number(v.text) : undefined);
        if (n === undefined || n > 255) throw new FilterError(v.column, `unknown protocol "${v.text}" (a name such as tcp, udp, icmp, gre, esp, or 0–255)`);
        return { kind: 'cmp', fields: ['proto'], join: 'or', cmp: 'eq', value: n };
      }
      case 'ip':
      case 'host': {
        const [fields, join] = fieldsOf(dir, 'srcIp', 'dstIp');
        if (word(tokens[i]) === 'in') {
          i++;
          const ranges = list('an address or network', (a) => {
            if (!a.text.includes('/')) {
              const v = address(a);
              return [v, v];
            }
            const [base, mask] = cidr(a);
            return [base, (base | ~mask) >>> 0];
          });
          return { kind: 'in', fields, join, ranges };
        }
        return { kind: 'cmp', fields, join, cmp: 'eq', value: address(next(`an IPv4 address after "${w}"`)) };
      }
      case 'net': {
        const [fields, join] = fieldsOf(dir, 'srcIp', 'dstIp');
        const v = next('a network after "net"');
        if (!v.text.includes('/')) {
          // A.B.C.D MASK
          const base = address(v);
          const m = tokens[i];
          if (!m || !/^\d+\.\d+\.\d+\.\d+$/.test(m.text)) throw new FilterError(m?.column ?? end, `expected a netmask after "net ${v.text}" (or write ${v.text}/LEN)`);
          i++;
          const mask = address(m);
          return { kind: 'cmp', fields, join, cmp: 'eq', value: (base & mask) >>> 0, mask };
        }
        const [base, mask] = cidr(v);
        return { kind: 'cmp', fields, join, cmp: 'eq', value: base, mask };
      }
      case 'port': {
        const [fields, join] = fieldsOf(dir, 'srcPort', 'dstPort');
        if (word(tokens[i]) === 'in') {
          i++;
          return { kind: 'in', fields, join, ranges: list('a port', port) };
        }
        const cmp = comparison();
        const at = tokens[i]?.column ?? end;
        const value = number('port', false);
        if (!Number.isInteger(value) || value > 65535) throw new FilterError(at, `port must be 0–65535, got ${value}`);
        return { kind: 'cmp', fields, join, cmp, value };
      }
      case 'bytes':
      case 'packets':
      case 'flows':
      case 'flow':
      case 'duration':
      case 'pps':
      case 'bps':
      case 'bpp': {
        const cmp = comparison();
        return { kind: 'cmp', fields: [w === 'flow' ? 'flows' : w], join: 'or', cmp, value: number(w, true) };
      }
      case 'icmp-type':
      case 'icmp-code': {
        const cmp = comparison();
        const at = tokens[i]?.column ?? end;
        const value = number(w, false);
        if (!Number.isInteger(value) || value > 255) throw new FilterError(at, `${w} must be 0–255, got ${value}`);
        // implies proto icmp, as in nfdump
        return { kind: 'and', kids: [{ kind: 'cmp', fields: ['proto'], join: 'or', cmp: 'eq', value: 1 }, { kind: 'cmp', fields: [w === 'icmp-type' ? 'icmpType' : 'icmpCode'], join: 'or', cmp, value }] };
      }
      case 'pattern': {
        const v = next('a pattern name after "pattern"');
        return { kind: 'pattern', name: v.text };
      }
      case 'flags': {
        const op = OPS[word(tokens[i]) ?? ''];
        if (op || /^(\d+|0x[0-9a-f]+)$/i.test(tokens[i]?.text ?? '')) {
          const cmp = comparison();
          const at = tokens[i]?.column ?? end;
          const value = number('flags', false);
          if (!Number.isInteger(value) || value > 255) throw new FilterError(at, `numeric flags must be 0–255, got ${value}`);
          return { kind: 'cmp', fields: ['flags'], join: 'or', cmp, value };
        }
        const v = next('TCP flags (A, S, F, R, P, U, X) or a number after "flags"');
        let mask = 0;
        for (const ch of v.text.toUpperCase()) {
          if (!FLAG_BITS[ch]) throw new FilterError(v.column, `unknown TCP flag "${ch}" (A, S, F, R, P, U, X for all)`);
          mask |= FLAG_BITS[ch]!;
        }
        return { kind: 'flags', mask };
      }
      default:
        if (MISSING[w]) throw new FilterError(t.column, `"${t.text}": flowstats records have no ${MISSING[w]}`);
        throw new FilterError(t.column, `unknown term "${t.text}" (any, proto, ip, host, net, port, src, dst, bytes, packets, flows, duration, pps, bps, bpp, icmp-type, icmp-code, flags, pattern, not, parentheses)`);
    }
  };

  // --- operator precedence over explicit stacks
  const out: FilterNode[] = [];
  const ops: Op[] = [];
  const reduce = (op: Op): void => {
    if (op.kind === 'not') {
      const inner = out.pop()!;
      out.push(inner.kind === 'not' ? inner.inner : { kind: 'not', inner });
      return;
    }
    const right = out.pop()!, left = out.pop()!;
    if (left.kind === op.kind) {
      // flatten chains: `a or b or c …` is one node with many kids
      (left.kids as FilterNode[]).push(...(right.kind === op.kind ? right.kids : [right]));
      out.push(left);
    } else out.push({ kind: op.kind as 'and' | 'or', kids: right.kind === op.kind ? [left, ...right.kids] : [left, right] });
  };
  const binary = (kind: 'and' | 'or', column: number): void => {
    while (ops.length > 0 && PRECEDENCE[ops[ops.length - 1]!.kind] >= PRECEDENCE[kind]) reduce(ops.pop()!);
    ops.push({ kind, column });
  };
  let expectTerm = true;
  let depth = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const w = word(t)!;
    if (w === 'and' || w === '&&' || w === 'or' || w === '||') {
      if (expectTerm) throw new FilterError(t.column, `expected a filter term, got "${t.text}"`);
      i++;
      binary(w === 'and' || w === '&&' ? 'and' : 'or', t.column);
      expectTerm = true;
      continue;
    }
    if (w === ')') {
      if (expectTerm) throw new FilterError(t.column, `expected a filter term, got ")"`);
      while (ops.length > 0 && ops[ops.length - 1]!.kind !== '(') reduce(ops.pop()!);
      if (ops.length === 0) throw new FilterError(t.column, 'unbalanced ")"');
      ops.pop();
      depth--;
      i++;
      continue;
    }
    // a term, "(" or not: juxtaposed to what came before means and (an extension)
    if (!expectTerm) binary('and', t.column);
    expectTerm = true;
    if (w === 'not' || w === '!') {
      ops.push({ kind: 'not', column: t.column });
      i++;
    } else if (w === '(') {
      if (++depth > MAX_DEPTH) throw new FilterError(t.column, `parentheses nested deeper than ${MAX_DEPTH}`);
      ops.push({ kind: '(', column: t.column });
      i++;
    } else {
      const n = term();
      // `port != 80` is `not port 80` (not "either port is not 80")
      out.push(n.kind === 'cmp' && n.cmp === 'ne' ? { kind: 'not', inner: { ...n, cmp: 'eq' } } : n);
      expectTerm = false;
    }
  }
  if (expectTerm) throw new FilterError(end, 'expected a filter term, got the end of the filter');
  while (ops.length > 0) {
    const op = ops.pop()!;
    if (op.kind === '(') throw new FilterError(end, `expected ")" to close the "(" at column ${op.column}`);
    reduce(op);
  }
  return out[0]!;
};

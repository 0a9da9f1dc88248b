/**
 * The filter language against hand-made flows: every nfdump primitive flowstats answers, nfdump's rules where
 * they differ from plain logic (flags under not, ms durations, integer rates), our extensions, errors with
 * columns, and very long filters (parsed without deep recursion; long or-chains become set lookups).
 */
import { FlowBatch } from '@flowgen/core';
import { FilterError, parseFilter } from './filter-parser';
import { FlowFilter } from './flow-filter';

const ip = (s: string) => s.split('.').reduce((a, o) => a * 256 + +o, 0);
interface Row { src: string; dst: string; sp: number; dp: number; proto: number; pk: number; by: number; fl: number; durNs: number; pattern?: string; startNs?: bigint }
const T0 = 1704067200n * 1_000_000_000n;
const rows: Row[] = [
  /* 0 */ { src: '10.1.2.3', dst: '192.168.0.1', sp: 40000, dp: 443, proto: 6, pk: 10, by: 5000, fl: 0x1b, durNs: 1_500_000_000, pattern: 'web' },
  /* 1 */ { src: '192.168.0.1', dst: '10.1.2.3', sp: 443, dp: 40000, proto: 6, pk: 8, by: 12_000, fl: 0x18, durNs: 100_200_000, pattern: 'web' },
  /* 2 */ { src: '10.2.0.9', dst: '8.8.8.8', sp: 5353, dp: 53, proto: 17, pk: 1, by: 80, fl: 0, durNs: 0, pattern: 'dns' },
  /* 3 */ { src: '172.16.5.5', dst: '10.1.9.9', sp: 0, dp: 3 * 256 + 1, proto: 1, pk: 2, by: 168, fl: 0, durNs: 999_999, pattern: 'icmp' },
  /* 4 */ { src: '10.1.2.3', dst: '10.9.9.9', sp: 1234, dp: 22, proto: 6, pk: 1, by: 60, fl: 0x02, durNs: 0, pattern: 'ssh' },
  /* 5 */ { src: '203.0.113.7', dst: '10.1.2.4', sp: 2000, dp: 2001, proto: 47, pk: 3000, by: 4_500_000, fl: 0x04, durNs: 2_000_000_000, pattern: 'random', startNs: T0 + 3_600_000_000_000n },
];
const batch = (() => {
  const b = new FlowBatch(rows.length, ['web', 'dns', 'icmp', 'ssh', 'random']);
  rows.forEach((r, i) => {
    const start = r.startNs ?? T0 + BigInt(i) * 1_000_000n + 700_000n;
    const end = start + BigInt(r.durNs);
    b.startSec[i] = Number(start / 1_000_000_000n), b.startNsec[i] = Number(start % 1_000_000_000n);
    b.endSec[i] = Number(end / 1_000_000_000n), b.endNsec[i] = Number(end % 1_000_000_000n);
    b.srcIp[i] = ip(r.src), b.dstIp[i] = ip(r.dst), b.srcPort[i] = r.sp, b.dstPort[i] = r.dp, b.protocol[i] = r.proto;
    b.packets[i] = r.pk, b.bytes[i] = r.by, b.tcpFlags[i] = r.fl, b.pattern[i] = b.patternNames.indexOf(r.pattern!);
  });
  b.length = rows.length;
  return b;
})();
const select = (text: string | undefined, options = {}): number[] => {
  const out = new Uint32Array(rows.length);
  return [...out.subarray(0, new FlowFilter({ text, ...options }).select(batch, out))];
};

test.each<[string, number[]]>([
  ['any', [0, 1, 2, 3, 4, 5]],
  ['inet and not ipv6', [0, 1, 2, 3, 4, 5]],
  ['proto tcp', [0, 1, 4]],
  ['PROTO GRE or proto 0x11', [2, 5]],
  ['host 10.1.2.3', [0, 1, 4]],
  ['src ip 10.1.2.3', [0, 4]],
  ['src or dst ip 10.1.2.3', [0, 1, 4]],
  ['src and dst net 10.0.0.0/8', [4]],
  ['net 10.1/16', [0, 1, 3, 4, 5]],
  ['dst net 10.1.2.0 255.255.255.252', [1]],
  ['src net 10.1.2.99/16', [0, 4]],
  ['ip in [8.8.8.8, 172.16.0.0/12]', [2, 3]],
  ['dst host in [ 10.9.9.9 10.1.2.4 ]', [4, 5]],
  ['port 443', [0, 1]],
  ['dst port > 1024', [1, 5]],
  ['src port GE 5353', [0, 2]],
  ['port in [53 22]', [2, 4]],
  ['src or dst port in [2001]', [5]],
  ['port in [2000-2001] and src and dst port in [1000-3000]', [5]],
  ['bytes > 4k', [0, 1, 5]],
  ['in bytes >= 0x1388', [0, 1, 5]],
  ['packets > 1k', [5]],
  ['out bytes > 0 or out packets > 0', []],
  ['flows 1 and flow == 1', [0, 1, 2, 3, 4, 5]],
  ['duration > 100', [0, 1, 5]],
  ['duration < 1', [2, 3, 4]],
  ['bpp > 100', [0, 1, 5]],
  ['bpp >= 1500', [1, 5]],
  ['pps > 1000', [3, 5]],
  ['bps > 1m', [3, 5]],
  ['icmp-type 3', [3]],
  ['icmp-type 3 and icmp-code 1', [3]],
  ['icmp-code 0', []],
  ['flags S', [0, 4]],
  ['flags AP', [0, 1]],
  ['flags S and not flags AFRPU', [4]],
  ['not flags AP', [2, 3, 4, 5]],
  ['not (flags AP or proto udp)', [3, 4, 5]],
  ['not not flags AP', [0, 1]],
  ['flags 24', [1]],
  ['flags > 16', [0, 1]],
  ['flags X', []],
  ['pattern web or pattern nope', [0, 1]],
  ['not pattern web', [2, 3, 4, 5]],
  ['proto tcp and (port 22 or port 443) and not src port 443', [0, 4]],
  ['proto udp || (proto tcp && !port 443)', [2, 4]],
  ['proto tcp and port 443 or proto udp', [0, 1, 2]],
  ['proto udp or proto tcp and port 22', [2, 4]],
  ['not proto tcp and not port 53', [3, 5]],
  ['# a comment\nproto udp # and another\n', [2]],
  // extensions
  ['proto tcp port 443', [0, 1]],
  ['port != 443 and proto tcp', [4]],
  ['flags s', [0, 4]],
  ['bytes > 4.5k', [0, 1, 5]],
  ['icmp-type >= 3', [3]],
])('%j', (text, want) => {
  expect(select(text)).toEqual(want);
});

test('durations and rates: exact ns by default, nfdump\'s ms timestamps with msTime', () => {
  // row 1: 100.2 ms from 1.7 ms to 101.9 ms, on ms timestamps 1 → 101: 100 ms
  expect(select('duration > 100')).toContain(1);
  expect(select('duration > 100', { msTime: true })).not.toContain(1);
  // row 3: 0.999999 ms from 3.7 ms, on ms timestamps 3 → 4: 1 ms
  expect(select('duration = 1', { msTime: true })).toEqual([3]);
  expect(select('duration = 1')).toEqual([]);
});

test('the time window (nfdump -t): start at or after FROM, end at or before TO', () => {
  const from = String(T0), to = String(T0 + 2_000_000_000n);
  expect(select('any', { window: { from, to } })).toEqual([0, 1, 2, 3, 4]);
  expect(select(undefined, { window: { from: String(T0 + 3_000_000_000_000n) } })).toEqual([5]);
  expect(select('proto tcp', { window: { to } })).toEqual([0, 1, 4]);
});

test.each<[string, number, RegExp]>([
  ['proto tcp and', 14, /expected a filter term, got the end of the filter/],
  ['proto tcpp', 7, /unknown protocol "tcpp"/],
  ['(port 80', 9, /expected "\)" to close the "\(" at column 1/],
  ['port 80)', 8, /unbalanced "\)"/],
  ['and port 80', 1, /expected a filter term, got "and"/],
  ['src prot 80', 5, /expected ip, host, net or port after "src", got "prot"/],
  ['net 10.0.0.0/33', 5, /prefix length must be 0–32/],
  ['net 10.0.0.0', 13, /expected a netmask/],
  ['bytes > lots', 9, /expected a number after "bytes", got "lots"/],
  ['port 70000', 6, /port must be 0–65535/],
  ['port in [80 x]', 13, /expected a port/],
  ['ip 2001:db8::1', 4, /IPv6 address .*IPv4/],
  ['flags SQ', 7, /unknown TCP flag "Q"/],
  ['router ip 10.0.0.1', 1, /"router": flowstats records have no exporting router/],
  ['src as 123', 5, /"src as": flowstats records have no AS numbers/],
  ['tos 0', 1, /no type of service/],
  ['frobnicate', 1, /unknown term "frobnicate"/],
  ['port 80 & port 81', 9, /unexpected "& port 81"/],
])('%j is an error at column %i', (text, column, problem) => {
  let error: unknown;
  try {
    parseFilter(text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(FilterError);
  expect((error as FilterError).column).toBe(column);
  expect((error as FilterError).problem).toMatch(problem);
});

test('a 100 KB filter: a flat or-chain of hosts parses and becomes a set; deep parentheses are bounded', () => {
  const hosts = Array.from({ length: 8000 }, (_, k) => `host 10.${(k >> 8) & 255}.${k & 255}.77`);
  hosts.push('host 8.8.8.8', 'port 22');
  const text = hosts.join(' or ');
  expect(text.length).toBeGreaterThan(100_000);
  expect(select(text)).toEqual([2, 4]);
  expect(select(`not (${text})`)).toEqual([0, 1, 3, 5]);
  expect(select(`${'('.repeat(200)}proto udp${')'.repeat(200)}`)).toEqual([2]);
  expect(() => parseFilter(`${'('.repeat(300)}proto udp${')'.repeat(300)}`)).toThrow(/nested deeper than 256/);
  expect(select(`${'not '.repeat(50_001)}proto udp`)).toEqual([0, 1, 3, 4, 5]);
});

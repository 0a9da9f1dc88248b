import { cidrContains, ipToUint32, parseCidr, uint32ToIp } from './ip';

test('dotted quad ↔ uint32 round trips at the edges', () => {
  for (const [ip, v] of [['0.0.0.0', 0], ['255.255.255.255', 2 ** 32 - 1], ['10.0.0.1', 167772161], ['192.168.1.2', 3232235778]] as const) {
    expect(ipToUint32(ip)).toBe(v);
    expect(uint32ToIp(v)).toBe(ip);
  }
});

test.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.x', '', '01.2.3.1234'])('rejects %j', (ip) => {
  expect(() => ipToUint32(ip)).toThrow(/not a dotted-quad IPv4 address/);
});

test('CIDR blocks: size, membership, and the usual mistakes', () => {
  const c = parseCidr('10.1.0.0/16');
  expect(c).toMatchObject({ base: ipToUint32('10.1.0.0'), prefix: 16, size: 65536 });
  expect(cidrContains(c, ipToUint32('10.1.255.255'))).toBe(true);
  expect(cidrContains(c, ipToUint32('10.2.0.0'))).toBe(false);
  expect(parseCidr('0.0.0.0/0').size).toBe(2 ** 32);
  expect(parseCidr('1.2.3.4/32').size).toBe(1);
  expect(() => parseCidr('10.1.0.0/33')).toThrow(/prefix length must be 0–32/);
  expect(() => parseCidr('10.1.2.0/16')).toThrow(/host bits set in "10\.1\.2\.0\/16" \(network address is 10\.1\.0\.0\/16\)/);
  expect(() => parseCidr('10.1.0.0')).toThrow(/not a CIDR block/);
});

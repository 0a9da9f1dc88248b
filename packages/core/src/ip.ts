/** IPv4 addresses as uint32 (host order) and CIDR blocks: the only IP representation on the hot path. */
export const ipToUint32 = (ip: string): number => {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new RangeError(`not a dotted-quad IPv4 address: "${ip}"`);
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new RangeError(`not a dotted-quad IPv4 address: "${ip}"`);
    v = v * 256 + Number(p);
  }
  return v;
};

export const uint32ToIp = (v: number): string =>
  `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  /** number of addresses in the block */
  readonly size: number;
  readonly text: string;
}

/** Parses "10.0.0.0/16". Host bits set in the address are an error, as in most network tools. */
export const parseCidr = (text: string): Cidr => {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) throw new RangeError(`not a CIDR block (a.b.c.d/len): "${text}"`);
  const addr = ipToUint32(m[1]!);
  const prefix = Number(m[2]);
  if (prefix > 32) throw new RangeError(`prefix length must be 0–32: "${text}"`);
  const size = 2 ** (32 - prefix);
  if (addr % size !== 0) throw new RangeError(`host bits set in "${text}" (network address is ${uint32ToIp(addr - (addr % size))}/${prefix})`);
  return { base: addr, prefix, size, text: `${m[1]}/${prefix}` };
};

export const cidrContains = (c: Cidr, ip: number): boolean => ip >= c.base && ip < c.base + c.size;

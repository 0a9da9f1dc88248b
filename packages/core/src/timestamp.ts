/** Nanosecond timestamps: exact conversions between bigint ns, (seconds, nanoseconds) pairs and ISO strings. */
export const NS_PER_SEC = 1_000_000_000n;

export interface SecNsec {
  readonly sec: number;
  readonly nsec: number;
}

export const splitNs = (ns: bigint): SecNsec => ({ sec: Number(ns / NS_PER_SEC), nsec: Number(ns % NS_PER_SEC) });
export const joinNs = (sec: number, nsec: number): bigint => BigInt(sec) * NS_PER_SEC + BigInt(nsec);

/** Adds a non-negative integer offset in ns (exact below 2^53) to a (sec, nsec) base, into `out`. */
export const addOffset = (baseSec: number, baseNsec: number, offsetNs: number, out: { sec: number; nsec: number }): void => {
  const total = baseNsec + offsetNs;
  let s = Math.floor(total / 1e9);
  let n = total - s * 1e9;
  if (n < 0) { s -= 1; n += 1e9; } else if (n >= 1e9) { s += 1; n -= 1e9; }
  out.sec = baseSec + s;
  out.nsec = n;
};

export const nsToIso = (ns: bigint): string => {
  const { sec, nsec } = splitNs(ns);
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, `.${String(nsec).padStart(9, '0')}Z`);
};

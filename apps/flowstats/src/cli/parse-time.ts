/**
 * Times and durations on the command line, the same in every command. An instant is ISO 8601
 * (`2024-01-01T00:00:00Z`; no zone is UTC) or an epoch integer with a unit (`1704067200s`, `…ms`, `…us`, `…ns`);
 * a bare integer is in the command's own unit, and one whose size says it is in another unit (seconds given
 * where nanoseconds are expected) is refused with a message that says so. A duration is `90s`, `15m`, `1h`,
 * `100ms`, `1h30m`, `2d`, or ISO 8601 (`PT1H`, `P1D`).
 */
import { ConfigError, parseIsoDuration, parseIsoInstant } from '@flowgen/core';

export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

const NS_PER: Record<TimeUnit, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1000n, ns: 1n };
const UNIT_NAME: Record<TimeUnit, string> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds' };
/** digits of an epoch time between 2001 and 2286 in each unit */
const EPOCH_DIGITS: Record<TimeUnit, number> = { s: 10, ms: 13, us: 16, ns: 19 };

/** nanoseconds since the epoch */
export const parseInstantNs = (flag: string, text: string, bareUnit: TimeUnit): bigint => {
  const t = text.trim();
  const epoch = /^(\d+)(s|ms|us|µs|ns)?$/.exec(t);
  if (epoch) {
    const digits = epoch[1]!.replace(/^0+(?=\d)/, '');
    const unit = (epoch[2] === 'µs' ? 'us' : epoch[2] ?? bareUnit) as TimeUnit;
    if (epoch[2] === undefined) {
      const looksLike = (Object.keys(EPOCH_DIGITS) as TimeUnit[]).find((u) => EPOCH_DIGITS[u] === digits.length);
      if (looksLike !== undefined && looksLike !== bareUnit) {
        throw new ConfigError(flag, '', `${t} looks like ${UNIT_NAME[looksLike]} since the epoch, but a bare number here is ${UNIT_NAME[bareUnit]}: write ${t}${looksLike} (or an ISO 8601 time)`);
      }
    }
    return BigInt(digits) * NS_PER[unit];
  }
  const us = parseIsoInstant(t);
  if (us === undefined) {
    throw new ConfigError(flag, '', `expected an ISO 8601 time (2024-01-01T00:00:00Z) or epoch time with a unit (1704067200s, …ms, …us, …ns), got "${text}"`);
  }
  if (us < 0) throw new ConfigError(flag, '', `must not be before 1970, got "${text}"`);
  return BigInt(us) * 1000n;
};

const DURATION_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 604800e9 };

/** a duration in nanoseconds (> 0) */
export const parseDurationNs = (flag: string, text: string): bigint => {
  const t = text.trim();
  let ns: number | undefined;
  if (/^P/i.test(t)) {
    const us = parseIsoDuration(t.toUpperCase());
    if (typeof us === 'string') throw new ConfigError(flag, '', us);
    ns = us * 1000;
  } else if (/^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/.test(t)) {
    ns = 0;
    for (const [, n, unit] of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g)) ns += Number(n) * DURATION_NS[unit!]!;
  }
  if (ns === undefined) throw new ConfigError(flag, '', `expected a duration such as 90s, 15m, 1h, 100ms or PT1H, got "${text}"`);
  if (!(ns >= 1)) throw new ConfigError(flag, '', `must be longer than 0, got "${text}"`);
  return BigInt(Math.round(ns));
};

/**
 * For commands that keep an instant as text (its zone offset matters to them): ISO 8601 passes unchanged, an
 * epoch time becomes ISO 8601 UTC with all nine fraction digits.
 */
export const instantText = (flag: string, text: string, bareUnit: TimeUnit): string => {
  if (!/^\d+(s|ms|us|µs|ns)?$/.test(text.trim())) return text;
  const ns = parseInstantNs(flag, text, bareUnit);
  return `${new Date(Number(ns / NS_PER.s) * 1000).toISOString().slice(0, 19)}.${(ns % NS_PER.s).toString().padStart(9, '0')}Z`;
};

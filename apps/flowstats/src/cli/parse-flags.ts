/** Parsers for flag values, each failing with a ConfigError that names the flag. Numbers: see human-number.ts. */
import { ConfigError, parseCidr } from '@flowgen/core';
import { parseHumanNumber } from './human-number';

export const parseCount = (flag: string, value: string): number => {
  const n = parseHumanNumber(value);
  if (n === undefined || n < 0 || !Number.isInteger(n)) throw new ConfigError(flag, '', `must be a whole number ≥ 0 (100000, 1e6, 1.5k, 10M, 1_000_000), got "${value}"`);
  if (!Number.isSafeInteger(n)) throw new ConfigError(flag, '', `too large: ${value}`);
  return n;
};

export const parsePositiveInt = (flag: string, value: string): number => {
  const n = parseCount(flag, value);
  if (n < 1) throw new ConfigError(flag, '', `must be at least 1, got ${value}`);
  return n;
};

export const parseNumber = (flag: string, value: string, check: (n: number) => string | undefined): number => {
  const n = parseHumanNumber(value);
  if (n === undefined) throw new ConfigError(flag, '', `must be a number, got "${value}"`);
  const problem = check(n);
  if (problem) throw new ConfigError(flag, '', problem);
  return n;
};

/** an exact integer of any size (seeds): digits with optional `_` separators, or a safe integer in any spelling of parseHumanNumber */
export const parseBigInt = (flag: string, value: string, what: string): bigint => {
  const t = value.trim();
  if (/^-?\d(?:_?\d)*$/.test(t)) return BigInt(t.replace(/_/g, ''));
  const n = parseHumanNumber(t);
  if (n === undefined || !Number.isSafeInteger(n)) throw new ConfigError(flag, '', `must be ${what}, got "${value}"`);
  return BigInt(n);
};

/** "web:40,database:20,dns:40" */
export const parsePatternMix = (flag: string, value: string): Array<{ type: string; percentage: number }> =>
  value.split(',').map((part, i) => {
    const m = /^\s*([A-Za-z][\w-]*)\s*:\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m) throw new ConfigError(flag, `[${i}]`, `expected NAME:PERCENT (e.g. web:40,dns:60), got "${part}"`);
    return { type: m[1]!.toLowerCase(), percentage: Number(m[2]) };
  });

export const parseCidrList = (flag: string, value: string): string[] =>
  value.split(',').map((c, i) => {
    try {
      return parseCidr(c.trim()).text;
    } catch (e) {
      throw new ConfigError(flag, `[${i}]`, (e as Error).message);
    }
  });

/** "i/N", 0 ≤ i < N */
export const parseShard = (flag: string, value: string): { index: number; count: number } => {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new ConfigError(flag, '', `expected INDEX/COUNT (e.g. 0/4), got "${value}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index >= count) throw new ConfigError(flag, '', `index must be in 0…COUNT-1 and COUNT ≥ 1, got ${value}`);
  return { index, count };
};

export const oneOf = <T extends string>(flag: string, value: string, allowed: ReadonlyArray<T>): T => {
  if (!allowed.includes(value as T)) throw new ConfigError(flag, '', `unknown value "${value}" (one of: ${allowed.join(', ')})`);
  return value as T;
};

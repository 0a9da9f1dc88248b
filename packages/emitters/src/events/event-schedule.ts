/**
 * Capacity schedules (`--schedule FILE`): {"type": "constant", "value": V} or {"type": "gmm_temporal",
 * "days": {…}} (the gmm day/component format). The spawner's cap becomes max(1, ⌊m × multiplier(now)⌋); the
 * multiplier is not clamped above 1 (overlapping components can raise the cap past -m), only at 0.
 */
import { ConfigError } from '@flowgen/core';
import { compileGmmDays, gmmMultiplier, type Problems } from './event-distribution';

export const compileSchedule = (raw: unknown, source: string, tzOffsetMin: number): ((nowUs: number) => number) => {
  const fail = (path: string, message: string): never => {
    throw new ConfigError(source, path, message);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('', 'a schedule is an object: {"type": "constant", "value": 1} or {"type": "gmm_temporal", "days": {…}}');
  const s = raw as Record<string, unknown>;
  const type = typeof s.type === 'string' ? s.type.toLowerCase() : '';
  if (type === 'constant') {
    if (typeof s.value !== 'number' || !Number.isFinite(s.value) || s.value < 0) return fail('value', `must be a number ≥ 0, got ${JSON.stringify(s.value)}`);
    const v = s.value;
    return () => v;
  }
  if (type === 'gmm_temporal') {
    const problems: Problems = { source, error: (path, message) => fail(path, message), warning: () => undefined };
    const days = compileGmmDays(s.days, '', problems);
    return (now) => Math.max(0, gmmMultiplier(days, now, tzOffsetMin));
  }
  return fail('type', `unknown schedule type ${JSON.stringify(s.type)} (constant or gmm_temporal)`);
};

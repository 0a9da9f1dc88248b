/** Execution semantics: step order, exact stops, determinism, the worker cap and schedules, loops that never advance. */
import { compileSchedule } from './event-schedule';
import { compile, errorsOf, run, START_US, us } from './event-test-support';
import { EventSimulation } from './event-simulation';

const flow = {
  interarrival: { type: 'exponential', mean: 0.5 },
  emitters: [{ name: 'f', dimensions: [{ name: 'start', type: 'variable', variable: 'start' }, { name: 'end', type: 'variable', variable: 'end' }, { name: 'n', type: 'counter' }] }],
  states: [
    {
      name: 'open',
      emitter: 'f',
      variables_on_entry: [{ name: 'start', type: 'clock' }],
      delay: { type: 'uniform', min: 1, max: 3 },
      variables: [{ name: 'end', type: 'clock' }],
      transitions: [{ next: 'open', probability: 0.6 }, { next: 'stop', probability: 0.4 }],
    },
  ],
};

describe('EventSimulation', () => {
  it('runs variables_on_entry → delay → variables → emit: start < end, end = emission time, delay within [1, 3) s', () => {
    const recs = run(flow, { records: 2000 });
    expect(recs).toHaveLength(2000);
    for (const r of recs) {
      const d = us(r.fields.end!) - us(r.fields.start!);
      expect(us(r.fields.end!)).toBe(r.at);
      expect(d).toBeGreaterThanOrEqual(1e6);
      expect(d).toBeLessThan(3e6);
    }
  });

  it('emits in clock order, exactly N records, and is the same for the same seed', () => {
    const a = run(flow, { records: 5000, seed: 9n });
    expect(a).toHaveLength(5000);
    expect(a.every((r, i) => i === 0 || r.at >= a[i - 1]!.at)).toBe(true);
    expect(run(flow, { records: 5000, seed: 9n })).toEqual(a);
    expect(run(flow, { records: 5000, seed: 10n })).not.toEqual(a);
    // a shorter run is a prefix of a longer one
    expect(run(flow, { records: 100, seed: 9n })).toEqual(a.slice(0, 100));
  });

  it('-r: nothing stamped after start + R', () => {
    const until = START_US + 60e6;
    const recs = run(flow, { records: Infinity, untilUs: until });
    expect(recs.length).toBeGreaterThan(50);
    expect(Math.max(...recs.map((r) => r.at))).toBeLessThanOrEqual(until);
  });

  it('spawns every interarrival while below the cap (-m), then polls every 5 s', () => {
    const slow = { ...flow, interarrival: { type: 'constant', value: 1 }, states: [{ ...flow.states[0], delay: { type: 'constant', value: 100 }, transitions: [{ next: 'stop', probability: 1 }] }] };
    const starts = run(slow, { records: 40, maxActive: 10 }).map((r) => (us(r.fields.start!) - START_US) / 1e6);
    // 10 workers at 0…9 s, each ending at start + 100 s; at the cap the spawner looks again every 5 s (10, 15, … 100):
    // the first free slot is taken at 100 s, then spawning goes on every interarrival as slots free up
    expect(starts.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(starts.slice(10, 20)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  it('a schedule scales the cap: max(1, ⌊m × multiplier⌋)', () => {
    const slow = { ...flow, interarrival: { type: 'constant', value: 0.1 }, states: [{ ...flow.states[0], delay: { type: 'constant', value: 10 }, transitions: [{ next: 'stop', probability: 1 }] }] };
    const { model } = compile(slow);
    const peak = (multiplier?: (now: number) => number) => {
      const sim = new EventSimulation({ model: model!, source: 't', seed: 1n, startUs: START_US, maxActive: 40, multiplier });
      let max = 0;
      sim.run(START_US + 60e6, Infinity, { record: () => void (max = Math.max(max, sim.active)) });
      return max;
    };
    expect(peak()).toBe(40);
    expect(peak(compileSchedule({ type: 'constant', value: 0.25 }, 's.json', 0))).toBe(10);
    expect(peak(compileSchedule({ type: 'constant', value: 0 }, 's.json', 0))).toBe(1);
    // gmm: Monday 2024-01-01 00:00 UTC; a component at midnight with weight 0.51 → cap ⌊40 × 0.51⌋ = 20 in the first minute
    expect(peak(compileSchedule({ type: 'gmm_temporal', days: { 1: [{ utc_hour: 0, sigma: 4, weight: 0.51 }] } }, 's.json', 0))).toBe(20);
    expect(() => compileSchedule({ type: 'weekly' }, 's.json', 0)).toThrow('s.json: type: unknown schedule type "weekly" (constant or gmm_temporal)');
  });

  it('gmm_temporal interarrival follows the time of day', () => {
    // a noon peak over a 5% baseline: gaps average 10 s / M(now), M ≈ 1.05 at noon and ≈ 0.05 at 02:00
    const day = { ...flow, interarrival: { type: 'gmm_temporal', mean: 10, days: { 1: [{ utc_hour: 12, sigma: 3, weight: 1 }, { utc_hour: 0, sigma: 100, weight: 0.05 }] } } };
    const recs = run(day, { records: Infinity, untilUs: START_US + 86400e6, maxActive: 100000 });
    const hour = (r: { fields: Record<string, unknown> }) => Math.floor((us(r.fields.start as never) - START_US) / 3600e6);
    const noon = recs.filter((r) => hour(r) === 12).length;
    const night = recs.filter((r) => hour(r) === 2).length;
    expect(noon).toBeGreaterThan(10 * Math.max(1, night));
  });

  it('a loop that never advances the clock is an error naming the state, not a hang (a zero delay too, though it yields)', () => {
    const loop = { interarrival: { type: 'constant', value: 1 }, emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'int:static', value: 1 }] }], states: [{ name: 'spin', delay: { type: 'constant', value: 0 }, transitions: [{ next: 'spin', probability: 1 }] }] };
    expect(() => run(loop, { records: 1 })).toThrow('test.json: states[0]: state "spin" is in a loop that never advances the clock (100000 steps at one instant): add a delay or a timer');
  });

  it('delays: negative or longer than 366 days refused at validation; a sampler drawing past the limit or NaN fails the run', () => {
    const at = (delay: unknown) => ({ interarrival: { type: 'constant', value: 1 }, emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'clock' }] }], states: [{ name: 's', emitter: 'e', delay, transitions: [{ next: 's', probability: 1 }] }] });
    expect(errorsOf(at({ type: 'constant', value: -1 }))).toEqual(['states[0].delay: a delay cannot be negative, got -1 s']);
    expect(errorsOf(at({ type: 'uniform', min: -1, max: 2 }))).toEqual(['states[0].delay: a delay cannot be negative, got -1 s']);
    expect(errorsOf(at({ type: 'constant', value: 1e300 }))).toEqual(['states[0].delay: a delay is at most 31622400 s (366 days), got 1e+300 s']);
    expect(errorsOf(at({ type: 'exponential', mean: 1e12 }))).toEqual(['states[0].delay.mean: a delay is at most 31622400 s (366 days), got 1000000000000 s']);
    expect(() => run(at({ type: 'normal', mean: 3e7, stddev: 1e7 }), { records: 100 })).toThrow(/^test\.json: states\[0\]\.delay: drew a delay of [\d.e+]+ s; delays are at most 31622400 s \(366 days\)$/);
  });

  it('the clock stops at the end of year 9999 with an error, not a wrap', () => {
    const cfg = { interarrival: { type: 'constant', value: 1 }, emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'clock' }] }], states: [{ name: 's', emitter: 'e', delay: { type: 'constant', value: 31_000_000 }, transitions: [{ next: 's', probability: 1 }] }] };
    expect(() => run(cfg, { records: Infinity, maxActive: 1 })).toThrow('test.json: the simulated clock would pass 9999-12-31T23:59:59Z: shorten the delays or the run');
  });

  it('HEAD dialect: activity → timer → gateway runs like the 6fca005 state it replaces', () => {
    const head = {
      emitters: flow.emitters,
      states: [
        { name: 'begin', type: 'event:start:timer', cardinality_distribution: { type: 'exponential', mean: 0.5 }, next: 'enter' },
        { name: 'enter', type: 'activity', variables: [{ name: 'start', type: 'clock' }], next: 'wait' },
        { name: 'wait', type: 'event:intermediate:timer', cardinality_distribution: { type: 'uniform', min: 1, max: 3 }, next: 'emit' },
        { name: 'emit', type: 'activity', variables: [{ name: 'end', type: 'clock' }], emitter: 'f', next: 'route' },
        { name: 'route', type: 'gateway:exclusive', transitions: [{ next: 'enter', probability: 0.6 }, { next: 'done', probability: 0.4 }] },
        { name: 'done', type: 'event:end' },
      ],
    };
    const recs = run(head, { records: 3000 });
    const d = recs.map((r) => (us(r.fields.end!) - us(r.fields.start!)) / 1e6);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...d)).toBeLessThan(3);
    // the same process in both dialects: about as many records per simulated hour (workers every 0.5 s, 2.5 records each)
    const old = run(flow, { records: 3000 });
    const rate = (rs: typeof recs) => rs.length / (rs[rs.length - 1]!.at - START_US);
    expect(Math.abs(rate(recs) / rate(old) - 1)).toBeLessThan(0.1);
  });
});

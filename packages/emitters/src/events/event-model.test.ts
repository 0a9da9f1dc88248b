/** Config validation in both dialects: every rule with its path and message. */
import { errorsOf, oneState, warningsOf } from './event-test-support';

const state = (name: string, extra: Record<string, unknown> = {}) => ({ name, delay: { type: 'constant', value: 1 }, transitions: [{ next: 'stop', probability: 1 }], ...extra });
const old = (states: unknown[], emitters: unknown[] = [{ name: 'e', dimensions: [{ name: 'x', type: 'int:static', value: 1 }] }]) => ({ interarrival: { type: 'constant', value: 1 }, emitters, states });

describe('6fca005 dialect', () => {
  it('accepts a sound config', () => {
    expect(errorsOf(oneState([{ name: 'x', type: 'int:static', value: 1 }]))).toEqual([]);
  });

  it('top level, states and transitions', () => {
    expect(errorsOf({ emitters: [], states: [] })).toEqual([
      'emitters: must be a non-empty list',
      'states: must be a non-empty list',
      'interarrival: is required (the distribution of seconds between new workers)',
    ]);
    expect(errorsOf(old([{ name: 'a', transitions: [{ next: 'b', probability: 1.5 }, { probability: 0.5 }] }]))).toEqual([
      'states[0].delay: is required (use {"type": "constant", "value": 0} for none)',
      'states[0].transitions[0].probability: must be a number in (0, 1], got 1.5',
      'states[0].transitions[1].next: is required (a state name)',
    ]);
    expect(errorsOf(old([state('a', { emitter: 'nope', transitions: [{ next: 'b', probability: 1 }] })]))).toEqual([
      'states[0].emitter: unknown emitter "nope" (known: e)',
      'states[0].transitions[0].next: unknown state "b" (known: a, or stop)',
    ]);
  });

  it('probability sums: a warning (used as weights); stop in any case', () => {
    const c = old([state('a', { emitter: 'e', transitions: [{ next: 'a', probability: 0.5 }, { next: 'STOP', probability: 0.2 }] })]);
    expect(errorsOf(c)).toEqual([]);
    expect(warningsOf(c)).toEqual(['states[0].transitions: probabilities sum to 0.7; used as relative weights']);
  });

  it('a variable an emitter reads must be set on every path to the emitting state', () => {
    const c = old(
      [
        state('start', { delay: { type: 'constant', value: 0 }, transitions: [{ next: 'human', probability: 0.9 }, { next: 'bot', probability: 0.1 }] }),
        state('human', { variables_on_entry: [{ name: 'user', type: 'string:static', value: 'u' }], transitions: [{ next: 'page', probability: 1 }] }),
        state('bot', { transitions: [{ next: 'page', probability: 1 }] }),
        state('page', { emitter: 'e' }),
      ],
      [{ name: 'e', dimensions: [{ name: 'user', type: 'variable', variable: 'user' }] }],
    );
    expect(errorsOf(c)).toEqual(['states[3]: emitter "e" reads variable "user", which no state sets on the path start → bot → page']);
  });

  it('field definitions: types, required keys, percentages, variables in state variables', () => {
    expect(errorsOf(oneState([
      { name: 'a', type: 'nope' },
      { name: 'b', type: 'int', cardinality: 0 },
      { name: 'c', type: 'enum', values: [] },
      { name: 'd', type: 'int:static', value: 1, percent_missing: 120 },
      { name: 'f', type: 'float', cardinality: -1, distribution: { type: 'uniform', min: 2, max: 1 } },
    ], { variables: [{ name: 'v', type: 'variable', variable: 'x' }] }))).toEqual([
      'emitters[0].dimensions[0].type: unknown field type "nope" (known: clock, timestamp, string, int, float, enum, counter, ipaddress, variable, object, list, constant, string:static, int:static)',
      'emitters[0].dimensions[1].distribution: is required',
      'emitters[0].dimensions[2].values: must be a non-empty list',
      'emitters[0].dimensions[3].percent_missing: must be a percentage within [0, 100], got 120',
      'emitters[0].dimensions[4].distribution: min (2) must be ≤ max (1)',
      'emitters[0].dimensions[4].cardinality: must be an integer ≥ 0, got -1',
      'states[0].variables[0].type: a variable dimension copies a state variable: it belongs in an emitter, not in state variables',
    ]);
  });

  it('distributions: types and parameters; gmm only where the clock is', () => {
    expect(errorsOf(oneState([
      { name: 'a', type: 'int', cardinality: 0, distribution: { type: 'exponential', mean: 0 } },
      { name: 'b', type: 'int', cardinality: 0, distribution: { type: 'normal', mean: 1 } },
      { name: 'c', type: 'int', cardinality: 0, distribution: { type: 'gmm_temporal', mean: 1, days: { 1: [{ utc_hour: 9, sigma: 1, weight: 1 }] } } },
      { name: 'd', type: 'timestamp', cardinality: 0, distribution: { type: 'uniform', min: 'yesterday', max: '2024-01-01' } },
    ]))).toEqual([
      'emitters[0].dimensions[0].distribution.mean: must be > 0, got 0',
      'emitters[0].dimensions[1].distribution.stddev: must be a number > 0, got undefined',
      'emitters[0].dimensions[2].distribution.type: gmm_temporal needs the clock: use it for interarrival, delays and timers only',
      'emitters[0].dimensions[3].distribution.min: must be an ISO-8601 date-time such as "2024-01-01T00:00:00Z", got "yesterday"',
    ]);
    expect(errorsOf({ ...oneState([{ name: 'x', type: 'int:static', value: 1 }]), interarrival: { type: 'gmm_temporal', mean: 1, days: { 8: [] } } })).toEqual(['interarrival.days.8: day keys are 1 (Monday) … 7 (Sunday)']);
  });

  it('unreachable states and states without a way out are warnings', () => {
    expect(warningsOf(old([state('a', { emitter: 'e', transitions: [{ next: 'a', probability: 1 }] }), state('b')]))).toEqual([
      'states[0]: state "a" has no path to the end (a potential infinite loop; -n or -r still end the run)',
      'states[1]: state "b" is unreachable from the start',
    ]);
  });
});

describe('HEAD dialect', () => {
  const head = (states: unknown[]) => ({ emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'int:static', value: 1 }] }], states });
  const start = { name: 'start', type: 'event:start:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'act' };
  const end = { name: 'end', type: 'event:end' };

  it('accepts typed states', () => {
    expect(errorsOf(head([start, { name: 'act', type: 'activity', emitter: 'e', next: 'wait' }, { name: 'wait', type: 'event:intermediate:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'route' }, { name: 'route', type: 'gateway:exclusive', transitions: [{ next: 'act', probability: 0.5 }, { next: 'end', probability: 0.5 }] }, end]))).toEqual([]);
  });

  it('gateway sums are errors; start and end are required; fields per type; no mixing', () => {
    expect(errorsOf(head([{ ...start, next: 'g' }, { name: 'g', type: 'gateway:exclusive', transitions: [{ next: 'end', probability: 0.5 }] }, end]))).toEqual(['states[1].transitions: probabilities sum to 0.5, must be 1 (±0.01)']);
    expect(errorsOf(head([{ name: 'act', type: 'activity', next: 'act', variables_on_entry: [] }]))).toEqual([
      'states: needs exactly one event:start:timer state, found 0',
      'states: needs at least one event:end state',
      'states[0].variables_on_entry: a activity state takes no "variables_on_entry" (HEAD dialect: set them in an activity before a timer)',
    ]);
    expect(errorsOf({ ...head([start, { name: 'act', delay: {}, transitions: [] }]) })).toEqual(['states: mixes dialects: 1 of 2 states have a "type" (HEAD style); either all or none']);
  });
});

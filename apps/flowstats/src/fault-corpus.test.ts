/**
 * The fault corpus: what a hostile or careless user feeds every command — bad flags, bad configs, code in
 * templates, configs that would never end, corrupt and mutated inputs, full disks — run through the built CLI.
 * Every case must end (per-case timeout, no signal), exit with the expected code, say what is wrong in one
 * `flowstats: …` line (warnings aside) without a stack trace or JavaScript internals, and leave no output or
 * temporary file behind when it fails. Mutated inputs come from a fixed-seed generator, so a failure reproduces.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, runCli } from './test-support/run-cli';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-faults-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const at = (name: string) => path.join(scratch, name);
const write = (name: string, content: string | Buffer | object): string => {
  fs.writeFileSync(at(name), typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return at(name);
};

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

const run = (args: ReadonlyArray<string>, stdout: 'pipe' | 'full' = 'pipe'): Outcome => {
  const out = stdout === 'full' ? fs.openSync('/dev/full', 'w') : 'pipe';
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, stdio: ['ignore', out, 'pipe'], timeout: 60_000, maxBuffer: 1 << 28, env: { ...process.env, FORCE_COLOR: '0' } });
    return { code: r.status, signal: r.signal, stderr: r.stderr.toString(), timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' };
  } finally {
    if (typeof out === 'number') fs.closeSync(out);
  }
};

/** the checks every case shares: it ended, no stack or internals, one error line, no leftovers on failure */
const expectClean = (o: Outcome, outFile?: string): void => {
  expect(o.timedOut).toBe(false);
  expect(o.signal).toBeNull();
  expect(o.stderr).not.toMatch(/\n\s+at |node:internal|RangeError|TypeError|Maximum call stack|FATAL ERROR|Error: /);
  if (o.code !== 0) {
    const errors = o.stderr.trim().split('\n').filter((l) => !/^flowstats: (warning|note): /.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^flowstats: \S/);
    if (outFile) expect(fs.existsSync(outFile)).toBe(false);
  }
  expect(fs.readdirSync(scratch).filter((f) => /\.tmp$/.test(f))).toEqual([]);
};

// a minimal valid event config (the 6fca005 dialect), varied by the cases below
const EVENT = {
  interarrival: { type: 'constant', value: 1 },
  emitters: [{ name: 'e', dimensions: [{ name: 'x', type: 'int', cardinality: 0, distribution: { type: 'uniform', min: 1, max: 9 } }] }],
  states: [{ name: 'a', emitter: 'e', delay: { type: 'constant', value: 1 }, variables: [], transitions: [{ next: 'stop', probability: 1 }] }],
};
const withDimension = (d: object) => ({ ...EVENT, emitters: [{ name: 'e', dimensions: [{ name: 'x', ...d }] }] });
const withDelay = (delay: object) => ({ ...EVENT, states: [{ ...EVENT.states[0], delay }] });
const S = ['-s', '2024-01-01T00:00:00Z'];

describe('configs that cannot terminate or cannot be satisfied are refused (generate)', () => {
  const cases: Array<[string, object, RegExp, string[]?]> = [
    ['zero-delay loop that never emits', { ...EVENT, states: [{ name: 'a', delay: { type: 'constant', value: 0 }, transitions: [{ next: 'b', probability: 1 }] }, { name: 'b', delay: { type: 'constant', value: 0 }, transitions: [{ next: 'a', probability: 1 }] }] }, /states: no state has an emitter/],
    ['a delay of 1e300 s', withDelay({ type: 'constant', value: 1e300 }), /states\[0\]\.delay: a delay is at most/],
    ['a negative delay', withDelay({ type: 'constant', value: -5 }), /states\[0\]\.delay: a delay cannot be negative/],
    ['a negative interarrival', { ...EVENT, interarrival: { type: 'constant', value: -1 } }, /interarrival/],
    ['a cardinality pool of 1e9', withDimension({ type: 'int', cardinality: 1e9, cardinality_distribution: { type: 'uniform', min: 0, max: 1e9 - 1 }, distribution: { type: 'uniform', min: 1, max: 9 } }), /emitters\[0\]\.dimensions\[0\]\.cardinality/],
    ['a string length of 1e9', withDimension({ type: 'string', cardinality: 0, chars: 'ab', length_distribution: { type: 'constant', value: 1e9 } }), /length_distribution: lengths are at most/],
    ['a list of length 1e9', withDimension({ type: 'list', cardinality: 0, elements: [{ type: 'int:static', value: 1 }], length_distribution: { type: 'constant', value: 1e9 }, selection_distribution: { type: 'uniform', min: 0, max: 0 } }), /length/],
    ['min > max', withDimension({ type: 'int', cardinality: 0, distribution: { type: 'uniform', min: 9, max: 1 } }), /min \(9\) must be ≤ max \(1\)/],
    ['a transition to an unknown state', { ...EVENT, states: [{ ...EVENT.states[0], transitions: [{ next: 'nowhere', probability: 1 }] }] }, /unknown state "nowhere"/],
    ['probabilities that do not sum to 1', { ...EVENT, states: [{ ...EVENT.states[0], transitions: [{ next: 'stop', probability: 0.3 }] }] }, /probabilit/],
    ['a template that reaches for the constructor', { ...EVENT, templates: { pwn: { body: '{{ range.constructor("return process")().exit(7) }}' } } }, /pwn/, ['-t', 'pwn']],
    ['a template loop over range(1e9)', { ...EVENT, templates: { big: { body: '{% for i in range(1000000000) %}x{% endfor %}' } } }, /big|range/, ['-t', 'big']],
    ['a template that calls process', { ...EVENT, templates: { p: { body: '{{ process.mainModule.require("fs").writeFileSync("pwned", "x") }}' } } }, /.*/, ['-t', 'p']],
  ];
  test.each(cases)('%s', (name, config, message, extra = []) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, config);
    const out = at('events.out');
    const o = run(['generate', '-c', file, ...S, '-n', '5', ...extra, '--out', out]);
    expectClean(o, out);
    expect(fs.existsSync(at('pwned'))).toBe(false);
    if (o.code === 0) {
      // a template that rendered harmlessly: it ran, wrote its records, reached nothing outside the sandbox
      expect(fs.readFileSync(out, 'utf8')).not.toMatch(/\[object process\]|function/);
      fs.rmSync(out);
    } else {
      expect(o.code).toBe(2);
      expect(o.stderr).toMatch(message);
    }
  });

  test.each([
    ['--backfill from the future', ['-s', '2099-01-01T00:00:00Z', '--backfill', '-n', '1'], /--start: --backfill catches up from the past/],
    ['a zone beyond ±18:00', ['-s', '2024-01-01T00:00:00+25:00', '-n', '1'], /--start: expected an ISO-8601 date-time/],
    ['an impossible day', ['-s', '2024-02-30T00:00:00Z', '-n', '1'], /--start: /],
    ['a duration in months', [...S, '-r', 'P1M'], /--duration: years and months have no fixed length/],
  ])('%s', (_name, args, message) => {
    const o = run(['generate', '-c', write('ok.json', EVENT), ...args]);
    expectClean(o);
    expect([o.code, o.stderr]).toEqual([2, expect.stringMatching(message)]);
  });
});

describe('bad flags and configs for collect and sessions', () => {
  test.each([
    [['collect', '-t', '-5'], /--count: must be a whole number/],
    [['collect', '--bandwidth', '1e-300'], /--bandwidth: /],
    [['collect', '--bandwidth', '1e300'], /--bandwidth: /],
    [['collect', '--start', '2024-01-01T00:00:00+25:00'], /--start: /],
    [['collect', '--src-subnets', '10.0.0.0/40'], /--src-subnets: \[0\]: prefix length/],
    [['collect', '--patterns', 'web:50'], /--patterns: .*100/],
    [['collect', '--patterns', 'telnet:100'], /--patterns: .*unknown pattern "telnet"/],
    [['collect', '-o', 'xml'], /--output-format: unknown exporter "xml"/],
    [['collect', '--shard', '5/2'], /--shard: /],
    [['collect', '--bogus'], /--bogus: Nonexistent flag/],
    [['sessions', 'generate', '-u', '0'], /--count: must be at least 1/],
    [['sessions', 'generate', '--failure-rate', '2'], /--failure-rate: /],
    [['sessions', 'generate', '-w', 'nosuch'], /--workflow: unknown workflow "nosuch"/],
    [['analyze'], /analyze: missing argument FILES/],
    [['analyze', 'nosuch.mp'], /nosuch\.mp: /],
    [['filter', 'proto tcp and (', 'x.csv'], /filter|\(/],
    [['aggregate', '-A', 'nonsense', 'x.csv'], /-A|--by|nonsense/],
    [['colect'], /colect: not a flowstats command; did you mean "collect"/],
  ])('%j', (args, message) => {
    const out = at('never.out');
    const o = run(args[0] === 'analyze' || args[0] === 'colect' ? args : [...args, '--out', out]);
    expectClean(o, out);
    expect(o.code === 2 || o.code === 127).toBe(true);
    expect(o.stderr).toMatch(message);
  });

  const yamlCases: Array<[string, string, RegExp]> = [
    ['an alias bomb', `a: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n')}\n`, /YAML aliases expand too far/],
    ['malformed YAML', 'generation: [1\n', /malformed YAML/],
    ['a typo in a field', 'generation:\n  bandwith_gbps: 5\n', /generation\.bandwith_gbps: unknown field/],
    ['a string where a number goes', 'generation:\n  bandwidth_gbps: fast\n', /generation\.bandwidth_gbps: /],
    ['min > max packets', 'traffic_patterns:\n  - type: web\n    percentage: 100\n    options: { min_bytes: 9000, max_bytes: 10 }\n', /traffic_patterns\[0\]\.options/],
    ['a binary file as config', '\u0000\u0001\u0002\u00ff garbage \u0000', /flowstats: /],
  ];
  test.each(yamlCases)('collect config: %s', (name, text, message) => {
    const out = at('never.csv');
    const o = run(['collect', '-c', write(`${name.replace(/\W+/g, '-')}.yaml`, text), '-t', '10', '--out', out]);
    expectClean(o, out);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(message);
  });
});

describe('inputs out of range are refused, not wrapped', () => {
  const header = 'ts,te,td,sa,da,sp,dp,pr,flg,ipkt,ibyt\n';
  const row = (over: Partial<Record<'sp' | 'dp' | 'pr' | 'ts', string>>) =>
    `${over.ts ?? '2024-01-01 00:00:00.000'},2024-01-01 00:00:01.000,1.000,10.0.0.1,10.0.0.2,${over.sp ?? '1234'},${over.dp ?? '80'},${over.pr ?? 'TCP'},......,1,100\n`;
  test.each([
    ['protocol 999', { pr: '999' }],
    ['port 70000', { dp: '70000' }],
    ['a negative port', { sp: '-1' }],
  ])('nfdump csv with %s', (name, over) => {
    const o = run(['analyze', write(`${name.replace(/\W+/g, '-')}.csv`, header + row({}) + row(over))]);
    expectClean(o);
    expect(o.code).toBe(2);
  });

  test('flowstats csv with a timestamp beyond 2^64 ns', () => {
    const good = runCli(['collect', '-t', '2', '--seed', '1']).stdout.toString().split('\n');
    const cols = good[1]!.split(',');
    cols[0] = '99999999999999999999999';
    const o = run(['analyze', write('huge-ts.csv', `${good[0]}\n${cols.join(',')}\n`)]);
    expectClean(o);
    expect(o.code).toBe(2);
  });
});

describe('valid input that is merely large is not refused', () => {
  test('a flat 100 KB or-filter', () => {
    const flows = at('many.mp');
    expect(run(['collect', '-t', '20000', '--seed', '5', '-o', 'msgpack', '--out', flows]).code).toBe(0);
    const expr = Array.from({ length: 9000 }, (_, i) => `port ${i}`).join(' or ');
    expect(expr.length).toBeGreaterThan(100_000);
    const o = run(['analyze', flows, '-f', write('big-filter.txt', expr), '--json']);
    expectClean(o);
    expect(o.code).toBe(0);
  });

  test('every top-N row of a 100 000-address table as text', () => {
    const flows = at('wide.mp');
    expect(run(['collect', '-t', '150000', '--seed', '6', '-o', 'msgpack', '--out', flows]).code).toBe(0);
    const r = runCli(['analyze', flows, '-s', 'srcip', '-n', '0']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.toString().split('\n').length).toBeGreaterThan(50_000);
  });
});

describe('write errors name the output, in one line', () => {
  test.each([
    ['collect', ['collect', '-t', '100000']],
    ['generate', ['generate', '-c', 'vpc_flow_logs', ...S, '-n', '20000']],
    ['sessions generate', ['sessions', 'generate', '-u', '200']],
  ])('%s: --out on a full disk (/dev/full)', (_name, args) => {
    const o = run([...args, '--out', '/dev/full']);
    expectClean(o);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/--out \/dev\/full/);
  });

  test.each([
    ['collect', ['collect', '-t', '100000']],
    ['generate', ['generate', '-c', 'vpc_flow_logs', ...S, '-n', '20000']],
    ['sessions generate', ['sessions', 'generate', '-u', '200']],
  ])('%s: stdout on a full disk', (_name, args) => {
    const o = run(args, 'full');
    expectClean(o);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/stdout/);
  });
});

describe('corrupt inputs (mutants from a fixed seed): a result or one line, never a crash or a hang', () => {
  // a small xorshift generator: the same mutants on every run
  let state = 0x9e3779b9;
  const next = (n: number): number => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state % n;
  };
  const mutate = (b: Buffer, kind: number): Buffer => {
    const m = Buffer.from(b);
    if (kind === 0) return m.subarray(0, next(m.length)); // truncated
    if (kind === 1) { for (let i = 0; i < 8; i++) m[next(m.length)] = next(256); return m; } // bytes flipped
    if (kind === 2) return Buffer.concat([m.subarray(0, next(m.length)), Buffer.alloc(64, 0xff), m.subarray(next(m.length))]); // garbage spliced in
    return Buffer.concat([m, m.subarray(0, next(m.length))]); // a partial record appended
  };
  const formats: Array<[string, string]> = [['csv', 'csv'], ['jsonl', 'jsonl'], ['msgpack', 'mp'], ['ipfix', 'ipfix'], ['netflow-v9', 'pcap'], ['netflow-v5', 'pcap']];
  test.each(formats)('%s', (format, ext) => {
    const original = at(`orig-${format}.${ext}`);
    expect(run(['collect', '-t', '3000', '--seed', '11', '-o', format, '--out', original]).code).toBe(0);
    const bytes = fs.readFileSync(original);
    for (let kind = 0; kind < 4; kind++) {
      const file = write(`mutant-${format}-${kind}.${ext}`, mutate(bytes, kind));
      // the strict and the lenient reading paths; filter shares the strict one
      for (const args of [['analyze', file], ['analyze', file, '--lenient']]) {
        const o = run(args);
        try {
          expectClean(o);
          expect([0, 2]).toContain(o.code);
        } catch (e) {
          throw new Error(`${args.join(' ')}: exit ${o.code}: ${o.stderr.slice(0, 500)}\n${(e as Error).message}`);
        }
      }
    }
  });
});

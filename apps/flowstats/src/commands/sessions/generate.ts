/** `flowstats sessions generate`: users → sessions → API calls from a Markov workflow, with known ground truth. */
import * as os from 'node:os';
import { Flags } from '@oclif/core';
import { ConfigError, parseIsoInstant } from '@flowgen/core';
import { SESSION_DEFAULTS } from '@flowgen/emitters';
import { SESSION_FORMATS } from '@flowgen/exporters';
import { Interrupt } from '../../cli/interrupt';
import { printSummary, quietFlag } from '../../cli/run-summary';
import { BaseCommand, EXIT_INTERRUPTED } from '../../cli/base-command';
import { loadRegistry } from '../../cli/load-registry';
import { runEffect } from '../../cli/run-effect';
import { oneOf, parseBigInt, parseNumber, parsePositiveInt } from '../../cli/parse-flags';
import { instantText, parseDurationNs } from '../../cli/parse-time';
import { progressFlags, progressStyleOf } from '../../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../../cli/time-format-flag';
import { runSessions } from '../../sessions/run-sessions';
import { groupFlags } from '../../cli/help-groups';

const probability = (flag: string, v: string): number =>
  parseNumber(flag, v, (p) => (p >= 0 && p <= 1 ? undefined : `must be a probability within [0, 1], got ${p}`));

/** "3,2" → mean 3, std 2 */
const parseMeanStd = (flag: string, v: string): [number, number] => {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(?:,\s*([0-9]*\.?[0-9]+)\s*)?$/.exec(v);
  if (!m) throw new ConfigError(flag, '', `expected MEAN,STD (e.g. 3,2), got "${v}"`);
  const mean = Number(m[1]);
  const std = m[2] === undefined ? 0 : Number(m[2]);
  if (mean > 10_000) throw new ConfigError(flag, '', `mean must be at most 10000, got ${mean}`);
  return [mean, std];
};

/** An ISO-8601 date or date-time (UTC unless it says otherwise) → whole seconds since the epoch. */
const parseStartDate = (flag: string, v: string): number => {
  const us = parseIsoInstant(v);
  if (us === undefined) throw new ConfigError(flag, '', `expected an ISO-8601 date such as 2026-01-01 or 2026-01-01T08:00:00Z, got "${v}"`);
  if (us < 0 || us >= 4102444800e6) throw new ConfigError(flag, '', `must be within 1970…2099, got "${v}"`);
  return Math.floor(us / 1e6);
};

export default class SessionsGenerate extends BaseCommand {
  static override summary = 'Generate user sessions / API-call traces from a Markov workflow';
  static override description = `Each user gets a user type and a number of sessions (normal MEAN,STD, at least 1); each session is a random
walk from an entry point through the workflow's transitions to an exit point (or --max-length calls), starting at a
uniform time within --days (or --duration) of --start. Calls carry response times (normal around the endpoint's average),
status codes (95% 200), HTTP methods (inferred from the path unless the workflow says), and parameters for search
and browse endpoints. --failure-rate injects cascade failures from mid-session on (slow calls, 504 timeouts, 503s,
retries), marked injected=true. The same --seed gives byte-identical output for any --threads.
Rows are grouped by user, then session, in time order. See docs/sessions.md.`;

  static override examples = [
    { description: '1,000 users of the prebuilt e-commerce workflow as JSON lines', command: '<%= config.bin %> sessions generate --workflow ecommerce --count 1000 --seed 42 > calls.jsonl' },
    { description: '100,000 users, 4±2 sessions each over January, 10% cascade failures, Parquet', command: '<%= config.bin %> sessions generate -w ecommerce -u 100000 --sessions-per-user 4,2 --start 2026-01-01 --duration 31d --failure-rate 0.1 -o parquet --out calls.parquet' },
    { description: 'your own workflow, msgpack on 2 threads; then check what a learner recovers', command: '<%= config.bin %> sessions generate -w my-workflow.yaml -u 50000 -o msgpack --out calls.mp -n 2 && <%= config.bin %> sessions learn calls.mp' },
  ];

  static override flags = {
    workflow: Flags.string({ char: 'w', summary: 'prebuilt workflow (ecommerce, simple, microservices) or a YAML/JSON file', default: 'ecommerce', helpValue: 'NAME|FILE' }),
    count: Flags.string({ char: 'u', aliases: ['users'], summary: `number of users (default ${SESSION_DEFAULTS.users})`, helpValue: 'N' }),
    'sessions-per-user': Flags.string({ summary: `sessions per user: mean and standard deviation (default ${SESSION_DEFAULTS.sessionsMean},${SESSION_DEFAULTS.sessionsStd})`, helpValue: 'MEAN,STD' }),
    start: Flags.string({ aliases: ['start-date'], summary: `first instant sessions may start: ISO 8601 or epoch with a unit (bare: s) (default ${SESSION_DEFAULTS.startDate.slice(0, 10)})`, helpValue: 'TIME' }),
    days: Flags.string({ summary: `days over which sessions start (default ${SESSION_DEFAULTS.days})`, helpValue: 'D', exclusive: ['duration'] }),
    duration: Flags.string({ summary: 'time over which sessions start, instead of --days: 12h, 7d, PT36H', helpValue: 'DURATION' }),
    'failure-rate': Flags.string({ summary: 'share of sessions with a cascade failure from mid-session on (default 0)', helpValue: 'R' }),
    'max-length': Flags.string({ summary: `most calls in one session walk, retries aside (default ${SESSION_DEFAULTS.maxLength})`, helpValue: 'N' }),
    'thinking-probability': Flags.string({ summary: `share of pauses that are 10–30 s of "thinking" instead of 1–5 s (default ${SESSION_DEFAULTS.thinkingProbability})`, helpValue: 'P' }),
    'error-rate': Flags.string({ summary: `share of ordinary calls answered 4xx/5xx (default ${SESSION_DEFAULTS.errorRate})`, helpValue: 'P' }),
    seed: Flags.string({ summary: 'random seed (integer); omitted: a fresh one, recorded in msgpack/Parquet metadata', helpValue: 'N' }),
    'output-format': Flags.string({ char: 'o', summary: SESSION_FORMATS.join(' | '), default: 'jsonl', helpValue: 'FORMAT' }),
    out: Flags.string({ summary: 'write to FILE (atomically: a temporary name, renamed when complete) instead of stdout', helpValue: 'FILE' }),
    threads: Flags.string({ char: 'n', summary: 'worker threads (default: number of cores)', helpValue: 'N' }),
    header: Flags.boolean({ summary: 'CSV header row / msgpack header map (--no-header to omit)', allowNo: true, default: true }),
    ...timeFormatFlag(),
    ...progressFlags('bar'),
    ...quietFlag(),
  };

  async run(): Promise<void> {
    const interrupt = Interrupt.install(); // before any work: a signal during setup ends the run the documented way
    const startedMs = Date.now();
    const { flags } = await this.parse(SessionsGenerate);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const [sessionsMean, sessionsStd] = flags['sessions-per-user'] === undefined
      ? [SESSION_DEFAULTS.sessionsMean, SESSION_DEFAULTS.sessionsStd]
      : parseMeanStd('--sessions-per-user', flags['sessions-per-user']);
    const startDate = flags.start === undefined ? SESSION_DEFAULTS.startDate : instantText('--start', flags.start, 's');
    const days = flags.duration !== undefined
      ? Number(parseDurationNs('--duration', flags.duration)) / 86400e9
      : flags.days === undefined ? SESSION_DEFAULTS.days : parseNumber('--days', flags.days, (d) => (d > 0 && d <= 36500 ? undefined : `must be within (0, 36500], got ${d}`));
    if (days > 36500) throw new ConfigError('--duration', '', `at most 100 years, got ${flags.duration}`);
    const maxLength = flags['max-length'] === undefined ? SESSION_DEFAULTS.maxLength : parsePositiveInt('--max-length', flags['max-length']);
    if (maxLength > 65535) throw new ConfigError('--max-length', '', `at most 65535, got ${maxLength}`);
    const seed = flags.seed === undefined ? BigInt(Math.floor(Math.random() * 2 ** 48)) : parseBigInt('--seed', flags.seed, 'an integer');
    const progress = progressStyleOf(flags, flags.out === undefined);
    const result = await runEffect(
      runSessions(
        {
          workflow: flags.workflow,
          settings: {
            users: flags.count === undefined ? SESSION_DEFAULTS.users : parsePositiveInt('--count', flags.count),
            sessionsMean,
            sessionsStd,
            startSec: parseStartDate('--start', startDate),
            days,
            failureRate: flags['failure-rate'] === undefined ? SESSION_DEFAULTS.failureRate : probability('--failure-rate', flags['failure-rate']),
            maxLength,
            seed,
            thinkingProbability: flags['thinking-probability'] === undefined ? SESSION_DEFAULTS.thinkingProbability : probability('--thinking-probability', flags['thinking-probability']),
            errorRate: flags['error-rate'] === undefined ? SESSION_DEFAULTS.errorRate : probability('--error-rate', flags['error-rate']),
          },
          startDate,
          format: oneOf('--output-format', flags['output-format'], SESSION_FORMATS),
          timeFormat: timeFormatOf(flags['time-format'], 'ns', flags['output-format'] === 'jsonl'),
          out: flags.out,
          header: flags.header,
          threads,
          progress,
          interrupt,
        },
        loadRegistry(this.config),
      ),
    );
    interrupt.dispose();
    printSummary({ count: result.calls, unit: 'calls', target: result.target, startedMs, seed: String(seed), seedChosen: flags.seed === undefined }, flags.quiet, interrupt);
    if (result.interrupted) process.exitCode = interrupt.exitCode() ?? EXIT_INTERRUPTED;
  }
}

groupFlags(SessionsGenerate.flags);

/** `flowstats generate`: events from a state-machine config (the Imply event generator's language, both dialects). */
import { Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { EVENT_FORMATS } from '@flowgen/exporters';
import { Interrupt } from '../cli/interrupt';
import { printSummary, quietFlag } from '../cli/run-summary';
import { BaseCommand, EXIT_INTERRUPTED, EXIT_USAGE, printError } from '../cli/base-command';
import { loadRegistry } from '../cli/load-registry';
import { runEffect } from '../cli/run-effect';
import { oneOf, parseBigInt, parseCount } from '../cli/parse-flags';
import { instantText, parseDurationNs } from '../cli/parse-time';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../cli/time-format-flag';
import { ProblemsError, runGenerate } from '../events/run-generate';
import { groupFlags } from '../cli/help-groups';

export default class Generate extends BaseCommand {
  static override summary = 'Generate events from a state-machine config (states, variables, delays, emitters)';
  static override description = `Reads an event-generator config — 6fca005 style (states with delay, variables_on_entry, variables and
transitions; top-level interarrival) or HEAD style (typed states: event:start:timer, activity, gateway:exclusive,
event:intermediate:timer, event:end) — and runs it as a discrete-event simulation: a new worker every interarrival
sample (at most -m at once), each walking the states with its own variables. With -s the clock is simulated (as
fast as the CPU allows); without it, real time; --backfill starts at -s in the past, runs at full speed until it
catches up with now, then continues live. Output: JSON lines (clock values ISO-8601 UTC), CSV, msgpack, or a
named template from the config (Jinja syntax). The same --seed gives byte-identical output; -n N writes exactly
N records and -r nothing stamped after start + R. See docs/generate.md.`;

  static override examples = [
    { description: '100 000 VPC flow-log records over a simulated day', command: '<%= config.bin %> generate -c vpc_flow_logs -s 2024-01-01T00:00:00Z -n 100000 --seed 42 > vpc.jsonl' },
    { description: 'Apache combined log lines for one simulated hour', command: '<%= config.bin %> generate -c ecommerce -s 2024-01-01T00:00:00Z -r PT1H -t access_combined' },
    { description: 'check a config (every problem with its path)', command: '<%= config.bin %> generate -c my-config.json --validate' },
    { description: 'live: backfill the last hour, then stream in real time', command: '<%= config.bin %> generate -c ecommerce -s "$(date -u -d "1 hour ago" +%FT%TZ)" --backfill' },
  ];

  static override flags = {
    config: Flags.string({ char: 'c', summary: 'config file (JSON or YAML) or preset name (flowstats contributions --kind preset)', required: true, helpValue: 'FILE|NAME' }),
    count: Flags.string({ char: 'n', aliases: ['records'], summary: 'write exactly N records, then stop (0: only a template header)', helpValue: 'N', exclusive: ['duration'] }),
    duration: Flags.string({ char: 'r', aliases: ['runtime'], summary: 'stop after this much clock time: 90s, 15m, 1h, PT1H, P1D', helpValue: 'DURATION' }),
    start: Flags.string({ char: 's', summary: 'simulated clock from this instant: ISO 8601 (no zone = UTC) or epoch with a unit (1704067200s; bare: s); omitted: real time', helpValue: 'TIME' }),
    'max-active': Flags.string({ char: 'm', summary: 'most workers (sessions) active at once (default 100)', helpValue: 'N' }),
    seed: Flags.string({ summary: 'random seed (integer); omitted: a fresh one', helpValue: 'N' }),
    template: Flags.string({ char: 't', summary: 'render records with this template from the config\'s templates block', helpValue: 'NAME' }),
    validate: Flags.boolean({ summary: 'check the config (and --template, --schedule) and exit: 0 valid, 2 not' }),
    schedule: Flags.string({ summary: 'capacity schedule (JSON): {"type":"constant","value":V} or {"type":"gmm_temporal","days":{…}} scales -m', helpValue: 'FILE' }),
    backfill: Flags.boolean({ summary: 'with -s in the past: simulate up to now at full speed, then continue in real time', dependsOn: ['start'] }),
    'output-format': Flags.string({ char: 'o', summary: EVENT_FORMATS.join(' | '), default: 'jsonl', helpValue: 'FORMAT' }),
    out: Flags.string({ summary: 'write to FILE (atomically) instead of stdout', helpValue: 'FILE' }),
    header: Flags.boolean({ summary: 'CSV header row / msgpack header map (--no-header to omit)', allowNo: true, default: true }),
    ...timeFormatFlag('iso'),
    ...quietFlag(),
    ...progressFlags('simple'),
  };

  async run(): Promise<void> {
    const interrupt = Interrupt.install(); // before any work: a signal during setup ends the run the documented way
    const startedMs = Date.now();
    const { flags } = await this.parse(Generate);
    const seed = flags.seed === undefined ? BigInt(Math.floor(Math.random() * 2 ** 48)) : parseBigInt('--seed', flags.seed, 'an integer');
    const runUs = flags.duration === undefined ? undefined : Number(parseDurationNs('--duration', flags.duration) / 1000n);
    const maxActive = flags['max-active'] === undefined ? 100 : parseCount('--max-active', flags['max-active']);
    if (maxActive < 1 || maxActive > 1_000_000) throw new ConfigError('--max-active', '', `must be within 1…1000000, got ${maxActive}`);
    const progress = progressStyleOf(flags, flags.out === undefined && !flags.validate);
    try {
      const r = await runEffect(
        runGenerate(
          {
            config: flags.config,
            seed,
            start: flags.start === undefined ? undefined : instantText('--start', flags.start, 's'),
            backfill: flags.backfill,
            records: flags.count === undefined ? undefined : parseCount('--count', flags.count),
            runUs,
            maxActive,
            schedule: flags.schedule,
            template: flags.template,
            format: oneOf('--output-format', flags['output-format'], EVENT_FORMATS),
            timeFormat: timeFormatOf(flags['time-format'], 'iso', flags['output-format'] === 'jsonl' && flags.template === undefined),
            header: flags.header,
            out: flags.out,
            progress,
            validateOnly: flags.validate,
            interrupt,
          },
          loadRegistry(this.config),
          printError,
        ),
      );
      interrupt.dispose();
      if (flags.validate) process.stdout.write(`${flags.config}: valid\n`);
      else printSummary({ count: r.records, unit: 'events', target: r.target, startedMs, seed: String(seed), seedChosen: flags.seed === undefined }, flags.quiet, interrupt);
      if (r.interrupted) process.exitCode = interrupt.exitCode() ?? EXIT_INTERRUPTED;
    } catch (e) {
      if (!(e instanceof ProblemsError)) throw e;
      for (const line of e.lines) printError(line);
      process.exitCode = EXIT_USAGE;
    }
  }
}

groupFlags(Generate.flags);

/** `flowstats collect`: generate flow records, on all cores, reproducibly, in the format you need. */
import * as os from 'node:os';
import { Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import type { FlowOverrides } from '@flowgen/emitters';
import { parseUdpUrl, TIME_FORMATS } from '@flowgen/exporters';
import { BaseCommand, EXIT_INTERRUPTED } from '../cli/base-command';
import { loadRegistry } from '../cli/load-registry';
import { runEffect } from '../cli/run-effect';
import { oneOf, parseBigInt, parseCidrList, parseCount, parseNumber, parsePatternMix, parsePositiveInt, parseShard } from '../cli/parse-flags';
import { parseDurationNs, parseInstantNs } from '../cli/parse-time';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag } from '../cli/time-format-flag';
import { runCollect } from '../collect/run-collect';
import { parseRotation } from '../collect/rotating-sink';
import { Interrupt } from '../cli/interrupt';
import { printSummary, quietFlag } from '../cli/run-summary';
import { groupFlags } from '../cli/help-groups';

export default class Collect extends BaseCommand {
  static override summary = 'Generate synthetic network flow records';
  static override description = `Generates flows from a config file (YAML or JSON) and/or flags, on worker threads, and writes them in order.
The same --seed and config give byte-identical output whatever the thread count; --shard i/N splits one run over N
machines (concatenate the pieces in shard order to get the single-machine output).
Timestamps are integer nanoseconds since the Unix epoch. Flags override the config file. See docs/collect.md.
--out compresses by extension (.gz, .br, .zst where Node has it). SIGINT, SIGTERM and SIGHUP keep the complete
records in NAME.partial (exit 130, 143, 129); a summary line ends the run on stderr unless -q.`;

  static override examples = [
    { description: '100,000 flows (the default) as CSV, reproducibly', command: '<%= config.bin %> collect --seed 42 -o csv > flows.csv' },
    { description: '10 M flows at 40 Gbps from a config, msgpack to a file, 2 threads', command: '<%= config.bin %> collect -c configs/example_config.yaml -t 10000000 --bandwidth 40 -o msgpack --out flows.mp -n 2' },
    { description: 'one simulated second of traffic, FlowGen-style constant spacing', command: '<%= config.bin %> collect --start 2024-01-01T00:00:00Z --duration 1s --timing constant -o text' },
    { description: 'a custom mix with responses (bidirectional) and your own subnets', command: '<%= config.bin %> collect --patterns web:60,dns:30,ssh:10 --bidirectional 0.5 --src-subnets 10.1.0.0/16 --dst-subnets 10.200.0.0/24 -o jsonl' },
    { description: '1 M flows as IPFIX to a collector (nfcapd -p 4739), 200 000 flows/s', command: '<%= config.bin %> collect --seed 1 -t 1000000 -o ipfix --send udp://127.0.0.1:4739 --rate 200000' },
    { description: 'NetFlow v5 in a pcap for Wireshark/tshark (tshark -r v5.pcap -d udp.port==2055,cflow)', command: '<%= config.bin %> collect -t 10000 -o netflow-v5 --out v5.pcap' },
    { description: 'one gzip file per 5 minutes of simulated time: flows.202401010000.csv.gz, …', command: '<%= config.bin %> collect --duration 1h -o csv --out flows.csv.gz --rotate 5m' },
    { description: 'shard 2 of 4 of a 1 B-flow dataset (run 0/4 … 3/4 on four machines)', command: '<%= config.bin %> collect --seed 7 -t 1000000000 --shard 2/4 -o csv --out part-2.csv' },
  ];

  static override flags = {
    threads: Flags.string({ char: 'n', summary: 'worker threads (default: number of cores)', helpValue: 'N' }),
    count: Flags.string({ char: 't', aliases: ['total-flows'], summary: 'flows to generate (default 100000, or until --end)', helpValue: 'N' }),
    'flows-per-thread': Flags.string({ char: 'f', summary: 'flows per thread: total = N × threads (FlowGen style)', helpValue: 'N', exclusive: ['count'] }),
    config: Flags.string({ char: 'c', summary: 'config file, YAML or JSON (see configs/example_config.yaml)', helpValue: 'FILE' }),
    seed: Flags.string({ summary: 'random seed (integer); omitted: a fresh one, recorded in msgpack headers', helpValue: 'N' }),
    'output-format': Flags.string({
      char: 'o',
      summary: 'csv | jsonl | json | json-pretty | text | msgpack | netflow-v5 | netflow-v9 | ipfix (and plugin formats)',
      default: 'csv',
      helpValue: 'FORMAT',
    }),
    out: Flags.string({ summary: 'write to FILE (atomically: a temporary name, renamed when complete; .gz, .br, .zst compress) instead of stdout', helpValue: 'FILE', exclusive: ['send'] }),
    send: Flags.string({ summary: 'send NetFlow/IPFIX datagrams to a collector instead of writing a file', helpValue: 'udp://HOST:PORT' }),
    rate: Flags.string({ summary: 'with --send: at most this many flows per second', helpValue: 'FLOWS_PER_S', dependsOn: ['send'], exclusive: ['realtime'] }),
    realtime: Flags.boolean({ summary: 'with --send: pace datagrams by the flows\' own timestamps (simulated time = wall time)', dependsOn: ['send'] }),
    'observation-domain': Flags.string({ summary: 'IPFIX observation domain id / NetFlow v9 source_id (default 0)', helpValue: 'N' }),
    'engine-type': Flags.string({ summary: 'NetFlow v5 engine_type (default 0)', helpValue: 'N' }),
    'engine-id': Flags.string({ summary: 'NetFlow v5 engine_id (default 0)', helpValue: 'N' }),
    framing: Flags.string({ summary: 'packet formats in a file: pcap (v5/v9 default) | raw (IPFIX default: an RFC 5655 file) | length', helpValue: 'MODE' }),
    start: Flags.string({ aliases: ['start-timestamp'], summary: 'first flow start: ISO 8601 or epoch with a unit (1704067200s, …ms, …us, …ns; a bare integer is ns)', helpValue: 'TIME' }),
    end: Flags.string({ aliases: ['end-timestamp'], summary: 'stop before this time (like --start)', helpValue: 'TIME', exclusive: ['duration'] }),
    duration: Flags.string({ summary: 'stop at start + this much simulated time: 90s, 15m, 1h, PT1H', helpValue: 'DURATION' }),
    bandwidth: Flags.string({ summary: 'target bandwidth in Gbit/s (realised bytes·8 / time)', helpValue: 'GBPS' }),
    patterns: Flags.string({ summary: 'traffic mix, percentages summing to 100', helpValue: 'web:40,database:20,…' }),
    'src-subnets': Flags.string({ summary: 'source (client) CIDR blocks', helpValue: 'CIDR,…' }),
    'dst-subnets': Flags.string({ summary: 'destination (server) CIDR blocks', helpValue: 'CIDR,…' }),
    bidirectional: Flags.string({ summary: 'probability that a flow is a response (src/dst swapped); 0 turns it off', helpValue: 'P' }),
    timing: Flags.string({ summary: 'poisson (default: exponential gaps hitting the bandwidth) | constant (FlowGen: gap = 8·avg_packet_size/Gbps)', helpValue: 'MODE' }),
    rotate: Flags.string({
      summary: 'with --out NAME: a new complete file per period of simulated time (5m, 1h) or per size (1GB, 500MiB), named like nfcapd with the period start: NAME.202401011200.csv',
      helpValue: 'PERIOD|SIZE',
      dependsOn: ['out'],
    }),
    shard: Flags.string({ summary: 'write only piece i of N (0-based); pieces concatenate to the whole run', helpValue: 'i/N' }),
    ...progressFlags('bar'),
    ...quietFlag(),
    header: Flags.boolean({ summary: 'header row / header map (--no-header to omit)', allowNo: true, default: true }),
    ...timeFormatFlag(),
  };

  async run(): Promise<void> {
    const interrupt = Interrupt.install(); // before any work: a signal during setup ends the run the documented way
    const startedMs = Date.now();
    const { flags } = await this.parse(Collect);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const overrides: { -readonly [K in keyof FlowOverrides]: FlowOverrides[K] } = {};
    const sources: Partial<Record<keyof FlowOverrides, string>> = {};
    const set = <K extends keyof FlowOverrides>(k: K, flag: string, v: FlowOverrides[K]): void => {
      overrides[k] = v;
      sources[k] = flag;
    };
    if (flags.count !== undefined) set('totalFlows', '--count', parseCount('--count', flags.count));
    if (flags['flows-per-thread'] !== undefined) set('totalFlows', '--flows-per-thread', parseCount('--flows-per-thread', flags['flows-per-thread']) * threads);
    if (flags.seed !== undefined) set('seed', '--seed', parseBigInt('--seed', flags.seed, 'an integer'));
    if (flags.start !== undefined) set('startTimestampNs', '--start', parseInstantNs('--start', flags.start, 'ns'));
    if (flags.end !== undefined) set('endTimestampNs', '--end', parseInstantNs('--end', flags.end, 'ns'));
    if (flags.duration !== undefined) set('durationNs', '--duration', parseDurationNs('--duration', flags.duration));
    if (flags.bandwidth !== undefined) set('bandwidthGbps', '--bandwidth', parseNumber('--bandwidth', flags.bandwidth, (n) => (n > 0 ? undefined : `must be > 0 Gbit/s, got ${n}`)));
    if (flags.patterns !== undefined) set('patterns', '--patterns', parsePatternMix('--patterns', flags.patterns));
    if (flags['src-subnets'] !== undefined) set('srcSubnets', '--src-subnets', parseCidrList('--src-subnets', flags['src-subnets']));
    if (flags['dst-subnets'] !== undefined) set('dstSubnets', '--dst-subnets', parseCidrList('--dst-subnets', flags['dst-subnets']));
    if (flags.bidirectional !== undefined) {
      set('bidirectionalProbability', '--bidirectional', parseNumber('--bidirectional', flags.bidirectional, (p) => (p >= 0 && p <= 1 ? undefined : `probability must be within [0, 1], got ${p}`)));
    }
    if (flags.timing !== undefined) set('timing', '--timing', oneOf('--timing', flags.timing, ['poisson', 'constant'] as const));
    const shard = flags.shard === undefined ? undefined : parseShard('--shard', flags.shard);
    const progress = progressStyleOf(flags, flags.out === undefined && flags.send === undefined);

    const settings: Record<string, { value: unknown; flag: string }> = {};
    const setting = (name: string, flag: string, value: string | undefined, parse: (flag: string, v: string) => unknown): void => {
      if (value !== undefined) settings[name] = { value: parse(flag, value), flag };
    };
    setting('observation_domain', '--observation-domain', flags['observation-domain'], parseCount);
    setting('engine_type', '--engine-type', flags['engine-type'], parseCount);
    setting('engine_id', '--engine-id', flags['engine-id'], parseCount);
    setting('framing', '--framing', flags.framing, (flag, v) => oneOf(flag, v, ['pcap', 'raw', 'length'] as const));
    setting('time_format', '--time-format', flags['time-format'], (flag, v) => oneOf(flag, v, TIME_FORMATS));
    let send: { host: string; port: number; rate?: number; realtime?: boolean } | undefined;
    if (flags.send !== undefined) {
      const target = parseUdpUrl(flags.send);
      if (typeof target === 'string') throw new ConfigError('--send', '', target);
      const rate = flags.rate === undefined ? undefined : parseNumber('--rate', flags.rate, (n) => (n > 0 ? undefined : `must be > 0 flows/s, got ${n}`));
      send = { ...target, rate, realtime: flags.realtime };
    }

    const result = await runEffect(
      runCollect(
        {
          threads, configFile: flags.config, overrides, flagSources: sources, format: flags['output-format'], out: flags.out,
          header: flags.header, shard, progress, settings, send, interrupt,
          rotate: flags.rotate === undefined ? undefined : parseRotation('--rotate', flags.rotate),
        },
        loadRegistry(this.config),
      ),
    );
    interrupt.dispose();
    if (!result.brokenPipe) {
      const seed = String(result.plan.seed);
      printSummary({ count: result.records, unit: 'flows', target: result.target, startedMs, seed, seedChosen: flags.seed === undefined && flags.config === undefined }, flags.quiet, interrupt);
    }
    if (result.interrupted) process.exitCode = interrupt.exitCode() ?? EXIT_INTERRUPTED;
  }
}

groupFlags(Collect.flags);

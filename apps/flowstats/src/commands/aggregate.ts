/** `flowstats aggregate`: group flows by any key list (CIDR masks, time bins) with flows, packets and bytes per group. */
import * as os from 'node:os';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { fileSink, stdoutSink } from '@flowgen/exporters';
import { parseDuration, parseGroupKeys } from '@flowgen/stats';
import { BaseCommand } from '../cli/base-command';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { oneOf, parseCount, parsePositiveInt } from '../cli/parse-flags';
import { filterOf } from '../analyze/read-flows';
import { scanFiles } from '../analyze/scan-parallel';
import { ROW_FORMATS, writeRows } from '../analyze/write-rows';

export default class Aggregate extends BaseCommand {
  static override summary = 'Group flows by keys (srcip/24, dstport, proto, pattern, time bins) with flows, packets and bytes';
  static override description = `Reads any flow file collect writes (msgpack, CSV, JSONL, JSON, IPFIX). KEYS is a comma-separated list of
srcip, dstip (with an optional mask: srcip/24), srcport, dstport, proto, pattern; --bin adds the start of the flow's
time bin (bin_start_ns). Rows are ordered by --order, largest first.`;
  static override strict = false;
  static override args = { files: Args.string({ description: 'flow files', required: true }) };
  static override examples = [
    '<%= config.bin %> aggregate flows.msgpack --by srcip,dstport --top 10',
    '<%= config.bin %> aggregate flows.csv --by srcip/24 --order bytes -o csv',
    '<%= config.bin %> aggregate flows.ipfix --by proto --bin 1s -o jsonl',
  ];
  static override flags = {
    by: Flags.string({ summary: 'keys to group by', required: true, helpValue: 'KEYS' }),
    bin: Flags.string({ summary: 'also group by time bin of the flow start: 100ms, 1s, 5m, 1h …', helpValue: 'DURATION' }),
    order: Flags.string({ summary: 'flows | packets | bytes', default: 'flows' }),
    top: Flags.string({ summary: 'only the first N rows (0: all)', default: '0', helpValue: 'N' }),
    filter: Flags.string({ summary: 'only flows matching an nfdump-like expression (see flowstats filter --help)', helpValue: 'EXPR' }),
    'output-format': Flags.string({ char: 'o', summary: ROW_FORMATS.join(' | '), default: 'text', helpValue: 'FORMAT' }),
    out: Flags.string({ summary: 'write to FILE (atomically) instead of stdout', helpValue: 'FILE' }),
    threads: Flags.string({ char: 'n', summary: 'worker threads: large msgpack, CSV and JSONL files are split into byte ranges (default: cores)', helpValue: 'N' }),
    lenient: Flags.boolean({ summary: 'use what is valid in a truncated or corrupt file and warn, instead of failing' }),
    ...progressFlags('bar'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Aggregate);
    const keys = parseGroupKeys(flags.by);
    if (typeof keys === 'string') throw new ConfigError('--by', '', keys);
    const bin = flags.bin === undefined ? 0 : parseDuration(flags.bin);
    if (typeof bin === 'string') throw new ConfigError('--bin', '', bin);
    const order = oneOf('--order', flags.order, ['flows', 'packets', 'bytes'] as const);
    const format = oneOf('--output-format', flags['output-format'], ROW_FORMATS);
    const top = parseCount('--top', flags.top);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const filter = filterOf('--filter', flags.filter);
    const { results } = await scanFiles(argv as string[], threads, flags.lenient, { filter: filter?.text, group: { keys, binNs: bin } }, progressStyleOf(flags));
    // the first range's accumulator takes in the others, in order
    const groups = results[0]!.group!;
    for (const r of results.slice(1)) groups.merge(r.group!);
    const rows = groups.ordered(order, top);
    const sink = flags.out === undefined ? stdoutSink() : fileSink(flags.out);
    try {
      await writeRows(sink, format, groups.columns(), rows);
      await sink.commit();
    } catch (e) {
      sink.abort();
      if ((e as { _tag?: string })._tag === 'BrokenPipe') return;
      throw e;
    }
  }
}

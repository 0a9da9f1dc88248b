/** `flowstats aggregate`: group flows by any key list (CIDR masks, time bins) with flows, packets and bytes per group. */
import * as os from 'node:os';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { openOutput } from '@flowgen/exporters';
import { parseDuration, parseGroupKeys } from '@flowgen/stats';
import { BaseCommand } from '../cli/base-command';
import { Interrupt } from '../cli/interrupt';
import { printSummary, quietFlag } from '../cli/run-summary';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../cli/time-format-flag';
import { oneOf, parseCount, parsePositiveInt } from '../cli/parse-flags';
import { filterOf } from '../analyze/read-flows';
import { filterOptions, filterText, limitOf, selectionFlags } from '../cli/nfdump-flags';

/** nfdump's -O names for the orders aggregate has */
const ORDER_ALIASES: Record<string, string> = { ipkg: 'packets', ibyte: 'bytes' };
import { scanFiles } from '../analyze/scan-parallel';
import { ROW_FORMATS, writeRows } from '../analyze/write-rows';
import { groupFlags } from '../cli/help-groups';

export default class Aggregate extends BaseCommand {
  static override summary = 'Group flows by keys (srcip/24, dstport, proto, pattern, time bins) with flows, packets and bytes';
  static override description = `Reads any flow file collect writes, - (stdin), FIFOs and compressed files, like analyze. KEYS is a comma-separated list of
srcip, dstip (with an optional mask: srcip/24; nfdump's srcip4/24 too), srcport, dstport, proto, pattern; --bin adds the start
of the flow's time bin (bin_start_ns, and bin_start in ISO 8601). Without --by, flows are grouped by the 5-tuple (nfdump's
-a). Rows are ordered by --order, largest first; with --bin, in time order (bins ascending, each by --order) unless
--order is given. --top-n (-n) keeps the first N rows, as it keeps N rows per table in analyze. -A, -O, -n, -t, -c and
-f are nfdump's.`;
  static override strict = false;
  static override args = { files: Args.string({ description: 'flow files', required: true }) };
  static override examples = [
    '<%= config.bin %> aggregate flows.msgpack --by srcip,dstport --top-n 10',
    '<%= config.bin %> aggregate flows.msgpack -A srcip,dstport -O bytes -n 10',
    '<%= config.bin %> aggregate flows.csv --by srcip/24 --order bytes -o csv',
    '<%= config.bin %> aggregate flows.ipfix --by proto --bin 1s -o jsonl',
  ];
  static override flags = {
    by: Flags.string({ char: 'A', summary: 'keys to group by (default: the 5-tuple proto,srcip,srcport,dstip,dstport)', helpValue: 'KEYS' }),
    bin: Flags.string({ summary: 'also group by time bin of the flow start: 100ms, 1s, 5m, 1h, PT1M …', helpValue: 'DURATION' }),
    order: Flags.string({ char: 'O', summary: 'flows | packets | bytes (nfdump\'s ipkg and ibyte too) | time (bins ascending, each by flows); default: time with --bin, else flows', helpValue: 'ORDER' }),
    'top-n': Flags.string({ char: 'n', aliases: ['top'], deprecateAliases: true, summary: 'only the first N rows (0: all); --top is its old name', default: '0', helpValue: 'N' }),
    filter: Flags.string({ summary: 'only flows matching an nfdump-like expression (see flowstats filter --help)', helpValue: 'EXPR' }),
    'output-format': Flags.string({ char: 'o', summary: ROW_FORMATS.join(' | '), default: 'text', helpValue: 'FORMAT' }),
    out: Flags.string({ summary: 'write to FILE (atomically; .gz, .br, .zst compress) instead of stdout', helpValue: 'FILE' }),
    threads: Flags.string({ summary: 'worker threads: large msgpack, CSV and JSONL files are split into byte ranges (default: cores)', helpValue: 'N' }),
    lenient: Flags.boolean({ summary: 'use what is valid in a truncated or corrupt file and warn, instead of failing' }),
    ...timeFormatFlag(),
    ...selectionFlags(),
    ...progressFlags('bar'),
    ...quietFlag(),
  };

  async run(): Promise<void> {
    const interrupt = Interrupt.install(); // before any work: a signal during setup ends the run the documented way
    const startedMs = Date.now();
    const { argv, flags } = await this.parse(Aggregate);
    const keys = parseGroupKeys((flags.by ?? 'proto,srcip,srcport,dstip,dstport').replace(/\b(src|dst)ip4\//g, '$1ip/'));
    if (typeof keys === 'string') throw new ConfigError('--by', '', keys);
    const bin = flags.bin === undefined ? 0 : parseDuration(flags.bin);
    if (typeof bin === 'string') throw new ConfigError('--bin', '', bin);
    const orderText = flags.order ?? (bin ? 'time' : 'flows');
    const order = oneOf('--order', ORDER_ALIASES[orderText] ?? orderText, ['flows', 'packets', 'bytes', 'time'] as const);
    if (order === 'time' && !bin) throw new ConfigError('--order', '', 'time order needs --bin');
    const format = oneOf('--output-format', flags['output-format'], ROW_FORMATS);
    const timeFormat = timeFormatOf(flags['time-format'], 'ns', format === 'jsonl');
    const top = parseCount('--top-n', flags['top-n']);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const filter = filterOf('--filter', filterText(flags.filter, flags['filter-file']), filterOptions(flags));
    const { results } = await scanFiles(argv as string[], threads, flags.lenient, { filter: filter?.spec, group: { keys, binNs: bin }, limit: limitOf(flags) }, progressStyleOf(flags));
    // the first range's accumulator takes in the others, in order
    const groups = results[0]!.group!;
    for (const r of results.slice(1)) groups.merge(r.group!);
    const rows = order === 'time' ? groups.ordered('flows', top, true) : groups.ordered(order, top);
    // the groups are only right once every flow is in: a signal during the scan ends the run with no output
    await new Promise((r) => setImmediate(r));
    if (interrupt.interrupted) {
      interrupt.dispose();
      printSummary({ count: 0, unit: 'rows', target: flags.out ?? 'stdout', startedMs }, flags.quiet, interrupt);
      process.exitCode = interrupt.exitCode();
      return;
    }
    const sink = openOutput(flags.out);
    interrupt.onForcedExit(() => sink.abort());

    try {
      await writeRows(sink, format, groups.columns(), rows, timeFormat);
      await sink.commit();
    } catch (e) {
      sink.abort();
      if ((e as { _tag?: string })._tag === 'BrokenPipe') return;
      throw e;
    } finally {
      interrupt.dispose();
    }
    printSummary({ count: rows.count, unit: 'rows', target: flags.out ?? 'stdout', startedMs }, flags.quiet, interrupt);
  }
}

groupFlags(Aggregate.flags);

/** `flowstats analyze`: statistics over flow files in any format collect writes — tables for people, --json for machines. */
import * as os from 'node:os';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { TOP_KEYS, TOP_ORDERS, type TopKey, type TopOrder } from '@flowgen/stats';
import { checkStdout } from '@flowgen/exporters';
import { BaseCommand } from '../cli/base-command';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../cli/time-format-flag';
import { parsePositiveInt } from '../cli/parse-flags';
import { filterOf } from '../analyze/read-flows';
import { filterOptions, filterText, limitOf, selectionFlags } from '../cli/nfdump-flags';
import { analyzeFiles, type TopRequest } from '../analyze/run-analyze';
import { analysisJson } from '../analyze/analysis-json';
import { formatAnalysis } from '../analyze/format-analysis';
import { groupFlags } from '../cli/help-groups';

export default class Analyze extends BaseCommand {
  static override summary = 'Statistics over flow files: totals, mixes, quantiles, the size tail, distinct counts, top-N';
  static override description = `Reads every format collect writes — msgpack, CSV, text, JSONL, JSON, IPFIX, NetFlow v5/v9/IPFIX in pcap, raw or
length framing — and nfdump -o csv, detected from the content: - (stdin), /dev/stdin and FIFOs work like files, and
gzip, zstd and .br inputs are decompressed as they are read. Streaming: memory stays flat
except for the top-N tables; large msgpack/CSV/JSONL files are read by --threads threads. --top (-s) is nfdump's -s: KEY is srcip, dstip,
ip, srcport, dstport, port, proto or pattern (ip and port count a flow under both ends), then one or more /ORDER of flows, packets
or bytes (-s ip/flows/bytes is two tables); -n sets the rows per table as in nfdump. -t, -c and -f select flows as in nfdump.`;
  static override strict = false;
  static override args = { files: Args.string({ description: 'flow files', required: true }) };
  static override examples = [
    '<%= config.bin %> analyze flows.msgpack',
    '<%= config.bin %> collect -o netflow-v9 | <%= config.bin %> analyze -',
    'TZ=UTC nfdump -r nfcapd.202401010000 -o csv | <%= config.bin %> analyze -',
    '<%= config.bin %> analyze flows.csv -s srcip/bytes -s dstport/flows -n 20',
    `<%= config.bin %> analyze flows.msgpack -s ip/flows/bytes -t 2024/01/01.00:00:00-2024/01/01.00:05:00 --filter 'port 443'`,
    '<%= config.bin %> analyze part-*.msgpack --json | jq .totals',
    `<%= config.bin %> analyze flows.ipfix --filter 'proto udp and dst port 53' --top srcip/flows`,
  ];
  static override flags = {
    top: Flags.string({ char: 's', summary: 'a top-N table: KEY/ORDER[/ORDER…], e.g. srcip/bytes (repeatable; nfdump\'s -s)', multiple: true, helpValue: 'KEY/ORDER' }),
    'top-n': Flags.string({ char: 'n', charAliases: ['N'], summary: 'rows per top-N table (0: all; nfdump\'s -n)', default: '10', helpValue: 'N' }),
    json: Flags.boolean({ summary: 'one JSON document: totals, time, mixes, quantiles, distinct, top' }),
    ...timeFormatFlag(),
    filter: Flags.string({ summary: 'only flows matching an nfdump-like expression (see flowstats filter --help)', helpValue: 'EXPR' }),
    threads: Flags.string({ summary: 'worker threads: large msgpack, CSV and JSONL files are split into byte ranges (default: cores)', helpValue: 'N' }),
    lenient: Flags.boolean({ summary: 'analyse what is valid in a truncated or corrupt file and warn, instead of failing' }),
    ...selectionFlags(),
    ...progressFlags('bar'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Analyze);
    checkStdout(); // the results go to stdout: refuse a closed one before reading anything
    const tops: TopRequest[] = (flags.top ?? []).flatMap(parseTop);
    const n = flags['top-n'] === '0' ? 0 : parsePositiveInt('--top-n', flags['top-n']);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const timeFormat = timeFormatOf(flags['time-format'], 'ns', flags.json);
    const filter = filterOf('--filter', filterText(flags.filter, flags['filter-file']), filterOptions(flags));
    const result = await analyzeFiles(argv as string[], tops, n, flags.lenient, filter, threads, progressStyleOf(flags), limitOf(flags));
    process.stdout.write(flags.json ? `${analysisJson(result, timeFormat)}\n` : formatAnalysis(result));
  }
}

/** KEY[/ORDER[/ORDER…]]: one table per order, as nfdump's -s ip/flows/bytes */
const parseTop = (text: string): TopRequest[] => {
  const [key, ...orders] = text.split('/');
  if (!TOP_KEYS.includes(key as TopKey)) {
    const hint = key?.endsWith(':p') ? ' (per-protocol tables, :p, are not supported)' : '';
    throw new ConfigError('--top', text, `unknown key "${key}"${hint} (valid: ${TOP_KEYS.join(', ')}; then /flows, /packets or /bytes)`);
  }
  return (orders.length === 0 ? ['flows'] : orders).map((order) => {
    if (!TOP_ORDERS.includes(order as TopOrder)) throw new ConfigError('--top', text, `unknown order "${order}" (valid: ${TOP_ORDERS.join(', ')})`);
    return { key: key as TopKey, order: order as TopOrder };
  });
};

groupFlags(Analyze.flags);

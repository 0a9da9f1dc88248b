/** `flowstats analyze`: statistics over flow files in any format collect writes — tables for people, --json for machines. */
import * as os from 'node:os';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { TOP_KEYS, TOP_ORDERS, type TopKey, type TopOrder } from '@flowgen/stats';
import { BaseCommand } from '../cli/base-command';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../cli/time-format-flag';
import { parsePositiveInt } from '../cli/parse-flags';
import { filterOf } from '../analyze/read-flows';
import { analyzeFiles, type TopRequest } from '../analyze/run-analyze';
import { analysisJson } from '../analyze/analysis-json';
import { formatAnalysis } from '../analyze/format-analysis';

export default class Analyze extends BaseCommand {
  static override summary = 'Statistics over flow files: totals, mixes, quantiles, the size tail, distinct counts, top-N';
  static override description = `Reads msgpack, CSV, JSONL, JSON and IPFIX files (detected from their content), streaming: memory stays flat
except for the top-N tables; with -n, large msgpack/CSV/JSONL files are read by several threads. --top uses nfdump's -s vocabulary: KEY is srcip, dstip, ip, srcport, dstport,
port, proto or pattern (ip and port count a flow under both ends), ORDER is flows, packets or bytes.`;
  static override strict = false;
  static override args = { files: Args.string({ description: 'flow files', required: true }) };
  static override examples = [
    '<%= config.bin %> analyze flows.msgpack',
    '<%= config.bin %> analyze flows.csv --top srcip/bytes --top dstport/flows -N 20',
    '<%= config.bin %> analyze part-*.msgpack --json | jq .totals',
    `<%= config.bin %> analyze flows.ipfix --filter 'proto udp and dst port 53' --top srcip/flows`,
  ];
  static override flags = {
    top: Flags.string({ summary: 'a top-N table: KEY/ORDER, e.g. srcip/bytes (repeatable)', multiple: true, helpValue: 'KEY/ORDER' }),
    'top-n': Flags.string({ char: 'N', summary: 'rows per top-N table (0: all)', default: '10', helpValue: 'N' }),
    json: Flags.boolean({ summary: 'one JSON document: totals, time, mixes, quantiles, distinct, top' }),
    ...timeFormatFlag(),
    filter: Flags.string({ summary: 'only flows matching an nfdump-like expression (see flowstats filter --help)', helpValue: 'EXPR' }),
    threads: Flags.string({ char: 'n', summary: 'worker threads: large msgpack, CSV and JSONL files are split into byte ranges (default: cores)', helpValue: 'N' }),
    lenient: Flags.boolean({ summary: 'analyse what is valid in a truncated or corrupt file and warn, instead of failing' }),
    ...progressFlags('bar'),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Analyze);
    const tops: TopRequest[] = (flags.top ?? []).map(parseTop);
    const n = flags['top-n'] === '0' ? 0 : parsePositiveInt('--top-n', flags['top-n']);
    const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
    const timeFormat = timeFormatOf(flags['time-format'], 'ns', flags.json);
    const result = await analyzeFiles(argv as string[], tops, n, flags.lenient, filterOf('--filter', flags.filter), threads, progressStyleOf(flags));
    process.stdout.write(flags.json ? `${analysisJson(result, timeFormat)}\n` : formatAnalysis(result));
  }
}

const parseTop = (text: string): TopRequest => {
  const [key, order = 'flows', extra] = text.split('/');
  if (extra !== undefined || !TOP_KEYS.includes(key as TopKey)) {
    throw new ConfigError('--top', text, `unknown key "${key}" (valid: ${TOP_KEYS.join(', ')}; then /flows, /packets or /bytes)`);
  }
  if (!TOP_ORDERS.includes(order as TopOrder)) throw new ConfigError('--top', text, `unknown order "${order}" (valid: ${TOP_ORDERS.join(', ')})`);
  return { key: key as TopKey, order: order as TopOrder };
};

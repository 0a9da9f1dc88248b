/** `flowstats filter`: the flows matching an nfdump-like expression, re-encoded in any collect format. */
import { Args, Flags } from '@oclif/core';
import { ConfigError, type FlowBatch } from '@flowgen/core';
import { openOutput, type CreateEncoder, type FlowEncoder } from '@flowgen/exporters';
import { BaseCommand } from '../cli/base-command';
import { Interrupt } from '../cli/interrupt';
import { printSummary, quietFlag } from '../cli/run-summary';

/** thrown through the read loop when a signal came: the flows written so far are kept */
const STOP = new Error('interrupted');
import { loadRegistry } from '../cli/load-registry';
import { progressFlags, progressStyleOf } from '../cli/progress-flags';
import { timeFormatFlag, timeFormatOf } from '../cli/time-format-flag';
import * as os from 'node:os';
import { filterOf, readFlows } from '../analyze/read-flows';
import { parsePositiveInt } from '../cli/parse-flags';
import { filterParallel } from '../analyze/filter-parallel';
import { filterOptions, filterText, limitOf, selectionFlags } from '../cli/nfdump-flags';
import { groupFlags } from '../cli/help-groups';

export default class Filter extends BaseCommand {
  static override summary = 'Write the flows that match an expression (nfdump-like), in any output format';
  static override description = `The expression is the last argument (or in a file: -f FILE), in nfdump's filter language. Terms:
  proto tcp|udp|icmp|N           [DIR] ip|host A.B.C.D          [DIR] ip in [A.B.C.D A.B.0.0/16 …]
  [DIR] net A.B.C.D/LEN | A.B/LEN | A.B.C.D MASK                [DIR] port [OP] N | port in [N …]
  [in|out] bytes|packets [OP] N[k|m|g]    duration [OP] MS      pps|bps|bpp [OP] N[k|m|g]
  flags ASFRPUX | flags [OP] N            icmp-type N  icmp-code N        pattern NAME    any
DIR is src, dst, src or dst, src and dst; OP is = == > < >= <= (eq gt lt ge le); numbers may be 0x hex.
Combined with and (&&), or (||), not (!) and parentheses; # starts a comment. Extensions to nfdump: != and ne,
juxtaposition means and, lower-case flags. The same expression works as --filter on analyze and aggregate.
Syntax errors name the column. -t, -c and -f select flows as in nfdump; see docs/analyze.md. Inputs: any format
collect writes, - (stdin), FIFOs, compressed files. SIGINT/SIGTERM/SIGHUP keep the flows written so far in
NAME.partial (exit 130/143/129).`;
  static override strict = false;
  static override args = { files: Args.string({ description: 'flow files, then the expression', required: true }) };
  static override examples = [
    `<%= config.bin %> filter flows.msgpack 'proto udp and dst port 53' -o csv`,
    `<%= config.bin %> filter flows.ipfix 'src net 10.10.0.0/16 and (bytes > 1m or packets > 1000)' -o jsonl --out big.jsonl`,
    `<%= config.bin %> filter a.csv b.csv 'not pattern dns' -o msgpack --out nodns.msgpack`,
    `<%= config.bin %> collect -o netflow-v5 | <%= config.bin %> filter - 'dst port 443' -o jsonl --out https.jsonl.gz`,
  ];
  static override flags = {
    'output-format': Flags.string({ char: 'o', summary: 'csv | jsonl | json | json-pretty | text | msgpack | netflow-v5 | netflow-v9 | ipfix', default: 'csv', helpValue: 'FORMAT' }),
    out: Flags.string({ summary: 'write to FILE (atomically; .gz, .br, .zst compress; NAME.partial if interrupted) instead of stdout', helpValue: 'FILE' }),
    header: Flags.boolean({ summary: 'header row / header map (--no-header to omit)', allowNo: true, default: true }),
    ...timeFormatFlag(),
    lenient: Flags.boolean({ summary: 'use what is valid in a truncated or corrupt file and warn, instead of failing (reads with one thread)' }),
    threads: Flags.string({ summary: 'worker threads: files (msgpack, CSV, JSONL ≥ 8 MB) are cut into byte ranges scanned in parallel; the output stays in file order (default: cores)', helpValue: 'N' }),
    ...selectionFlags(),
    ...progressFlags('bar'),
    ...quietFlag(),
  };

  async run(): Promise<void> {
    const interrupt = Interrupt.install(); // before any work: a signal during setup ends the run the documented way
    const startedMs = Date.now();
    const { argv, flags } = await this.parse(Filter);
    const args = argv as string[];
    const fromFile = flags['filter-file'] !== undefined;
    if (args.length < (fromFile ? 1 : 2)) throw new ConfigError('filter', '', 'expected FILE… EXPRESSION (the expression is the last argument, or -f FILE)');
    const files = fromFile ? args : args.slice(0, -1);
    const filter = filterOf(fromFile ? flags['filter-file']! : 'expression', filterText(fromFile ? undefined : args[args.length - 1], flags['filter-file']), filterOptions(flags))!;
    const registry = loadRegistry(this.config);
    const exporter = registry.find('exporter', flags['output-format']);
    if (!exporter) throw new ConfigError('--output-format', '', registry.unknown('exporter', flags['output-format']));
    const { createEncoder } = require(exporter.module) as { createEncoder: CreateEncoder };
    const settings = { time_format: timeFormatOf(flags['time-format'], 'ns', Boolean(exporter.options?.properties?.time_format)) };

    const sink = openOutput(flags.out);
    interrupt.onForcedExit(() => sink.abort());
    let target = flags.out ?? 'stdout';
    let encoder: FlowEncoder | undefined;
    let names: ReadonlyArray<string> = [];
    let written = 0;
    let out = new Uint8Array(0);
    const encode = async (b: FlowBatch): Promise<void> => {
      // let signals in (a file write never reaches the event loop); after one, read no further
      await new Promise((r) => setImmediate(r));
      if (interrupt.interrupted) throw STOP;
      // pattern names grow as files reveal them: a new encoder then (the header only once)
      if (!encoder || names.length !== b.patternNames.length || names !== b.patternNames) {
        names = b.patternNames;
        const first = !encoder;
        encoder = createEncoder({ patternNames: [...names], header: flags.header, chunkSize: 16384, startNs: '0', settings });
        if (first) await sink.write(encoder.header());
      }
      if (out.length < b.length * encoder.maxRecordBytes) out = new Uint8Array(b.length * encoder.maxRecordBytes);
      const end = encoder.encode(b, 0, b.length, out, 0, written);
      written += b.length;
      await sink.write(out.subarray(0, end));
    };
    try {
      // by default only when the flows do not go to the same terminal
      const progress = progressStyleOf(flags, flags.out === undefined);
      const threads = flags.threads === undefined ? os.availableParallelism() : parsePositiveInt('--threads', flags.threads);
      const limit = limitOf(flags);
      try {
        // -c and --lenient stop at a point in file order: those read on one thread
        const parallel = limit === undefined && !flags.lenient && threads > 1 && (await filterParallel(files, threads, filter.spec, encode, progress));
        if (!parallel) await readFlows(files, filter, flags.lenient, encode, progress, limit);
      } catch (e) {
        if (e !== STOP) throw e;
      }
      if (!encoder) {
        encoder = createEncoder({ patternNames: [], header: flags.header, chunkSize: 16384, startNs: '0', settings });
        await sink.write(encoder.header());
      }
      await sink.write(encoder.trailer());
      if (interrupt.interrupted && sink.commitPartial) target = (await sink.commitPartial()) ?? target;
      else await sink.commit();
    } catch (e) {
      sink.abort();
      if ((e as { _tag?: string })._tag === 'BrokenPipe') return;
      throw e;
    } finally {
      interrupt.dispose();
    }
    printSummary({ count: written, unit: 'flows', target, startedMs }, flags.quiet, interrupt);
    if (interrupt.interrupted) process.exitCode = interrupt.exitCode();
  }
}

groupFlags(Filter.flags);

/** `flowstats compare REAL SYNTH`: how closely a synthetic flow set matches a real one, field by field. */
import * as fs from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { BaseCommand } from '../cli/base-command';
import { groupFlags } from '../cli/help-groups';
import { filterOf } from '../analyze/read-flows';
import { fidelityHtml } from '../compare/fidelity-html';
import { formatCompare, runCompare } from '../compare/run-compare';

export default class Compare extends BaseCommand {
  static override summary = 'Measure how closely synthetic flows match real ones: JSD, EMD and KS per field, with a verdict';
  static override description = `Reads two flow inputs (any format analyze reads) and compares them field by field, with the metrics the
research on synthetic traffic reports (NetShare, SIGCOMM 2022): Jensen–Shannon divergence for source and destination
ports, protocol and hour of day, and for the rank–frequency curves of source and destination addresses (so
anonymised addresses compare fairly); Earth Mover's Distance divided by the real data's range, and the
Kolmogorov–Smirnov statistic, for start-time gaps, duration, packets and bytes; the share of flows carried by the
busiest 1 % and 10 % of addresses. Each field gets a verdict: good (JSD, KS ≤ 0.05; EMD/range ≤ 0.01), fair
(≤ 0.15; ≤ 0.05) or poor. --html writes the same as a self-contained page with charts. See docs/compare.md.`;
  static override args = {
    real: Args.string({ description: 'the reference flows', required: true }),
    synth: Args.string({ description: 'the flows to judge', required: true }),
  };
  static override examples = [
    { description: 'two runs of different configs', command: '<%= config.bin %> compare real.msgpack synthetic.msgpack' },
    { description: 'every figure as JSON', command: '<%= config.bin %> compare real.csv synthetic.csv --json | jq .fields' },
    { description: 'a report with charts', command: '<%= config.bin %> compare real.csv synthetic.csv --html report.html' },
  ];
  static override flags = {
    json: Flags.boolean({ summary: 'every figure as one JSON document' }),
    html: Flags.string({ summary: 'also write a self-contained HTML report with charts', helpValue: 'FILE' }),
    filter: Flags.string({ summary: 'compare only flows matching an nfdump-like expression (on both sides)', helpValue: 'EXPR' }),
    lenient: Flags.boolean({ summary: 'use what is valid in a truncated or corrupt file and warn, instead of failing' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Compare);
    const filter = filterOf('--filter', flags.filter);
    const { report, profiles } = await runCompare(args.real, args.synth, filter, flags.lenient);
    for (const [side, file] of [['real', args.real], ['synth', args.synth]] as const) {
      if (report.flows[side] === 0) throw new ConfigError(file, '', `no flows to compare${flags.filter ? ' (after --filter)' : ''}`);
    }
    if (flags.html) {
      const tmp = `${flags.html}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, fidelityHtml(report, profiles, args));
        fs.renameSync(tmp, flags.html);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new ConfigError('--html', '', `cannot write ${flags.html} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    process.stdout.write(flags.json ? `${JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n` : formatCompare(report, args));
  }
}

groupFlags(Compare.flags);

/** `flowstats sessions learn`: estimate transition probabilities from call files and compare them with the truth. */
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { decodeWorkflow, type WorkflowDefinition } from '@flowgen/emitters';
import { checkStdout, readSessionCalls, SessionReadError } from '@flowgen/exporters';
import { TransitionLearner, type LearnReport } from '@flowgen/stats';
import * as Effect from 'effect/Effect';
import { BaseCommand } from '../../cli/base-command';
import { loadRegistry } from '../../cli/load-registry';
import { resolveWorkflow } from '../../sessions/run-sessions';
import { groupFlags } from '../../cli/help-groups';

export default class SessionsLearn extends BaseCommand {
  static override summary = 'Learn transition probabilities from session files and compare them with a workflow';
  static override description = `Reads calls (JSONL, CSV, msgpack or Parquet, recognised by content) in file order, counts entry points
(first call of each session) and transitions (consecutive calls of a session; retries, attempt > 1, skipped), and
compares them with the workflow: per transition the true and learned probability and their absolute difference,
and per row Pearson's chi-square test of the observed counts against the true probabilities (a small p-value
means the data does not follow the row). Without --workflow, the workflow recorded in a msgpack header or
Parquet metadata is used; with neither, the learned chain is printed alone.`;

  static override examples = [
    { description: 'ground truth check of a generated file', command: '<%= config.bin %> sessions learn calls.mp' },
    { description: 'against a workflow, for machines', command: '<%= config.bin %> sessions learn calls.jsonl --workflow ecommerce --json' },
  ];

  static override strict = false;
  static override args = { files: Args.string({ description: 'session files', required: true }) };
  static override flags = {
    workflow: Flags.string({ char: 'w', summary: 'the true workflow (prebuilt name or file); default: the one recorded in the file', helpValue: 'NAME|FILE' }),
    json: Flags.boolean({ summary: 'print JSON: {transitions: [{from, to, true, learned, abs_error, count}], max_abs_error, rows, …}' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(SessionsLearn);
    checkStdout(); // the results go to stdout: refuse a closed one before reading anything
    const files = argv as string[];
    const learner = new TransitionLearner();
    let embedded: { workflow: WorkflowDefinition; source: string } | undefined;
    for (const file of files) {
      const { meta } = await readSessionCalls(file, (c) => learner.observe(c.sessionId, c.endpoint, c.attempt)).catch((e: unknown) => {
        throw e instanceof SessionReadError ? new ConfigError(e.file, e.where, e.problem) : e;
      });
      if (embedded === undefined && meta.workflow !== undefined) {
        const source = `${file} (recorded workflow)`;
        embedded = { workflow: decodeWorkflow(meta.workflow, source), source };
      }
    }
    const truth = flags.workflow === undefined ? embedded : await Effect.runPromise(resolveWorkflow(flags.workflow, loadRegistry(this.config)));
    if (truth === undefined) {
      const learned = learner.learned();
      if (flags.json) process.stdout.write(`${JSON.stringify({ sessions: learner.sessions, calls: learner.calls, ...learned }, null, 2)}\n`);
      else process.stdout.write(formatLearned(learner.sessions, learner.calls, learned.entry_points, learned.transitions));
      return;
    }
    const report = learner.compare(truth.workflow);
    if (flags.json) process.stdout.write(`${JSON.stringify({ workflow: truth.workflow.name, ...report }, null, 2)}\n`);
    else process.stdout.write(formatReport(truth.workflow.name, report));
  }
}

const f4 = (x: number | null): string => (x === null ? '-' : x.toFixed(4));

const table = (head: string[], rows: string[][]): string => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
};

const formatReport = (name: string, r: LearnReport): string => {
  const out = [`${r.calls.toLocaleString('en-US')} calls in ${r.sessions.toLocaleString('en-US')} sessions, against workflow "${name}"`, ''];
  out.push(table(['from', 'to', 'true', 'learned', 'abs_error', 'count'], r.transitions.map((t) => [t.from, t.to, f4(t.true), f4(t.learned), f4(t.abs_error), String(t.count)])));
  out.push('', 'chi-square goodness of fit per row (p < 0.01: the data does not follow the row)');
  out.push(table(['from', 'observations', 'chi2', 'df', 'p_value'], r.rows.map((x) => [x.from, String(x.observations), x.chi2.toFixed(2), String(x.df), x.p_value.toPrecision(3) + (x.unexpected.length ? `  unexpected: ${x.unexpected.join(', ')}` : '')])));
  out.push('', `max abs error: ${r.max_abs_error.toFixed(4)}`, '');
  return out.join('\n');
};

const formatLearned = (sessions: number, calls: number, entry: Record<string, number>, transitions: Record<string, Record<string, number>>): string => {
  const rows = [...Object.entries(entry).map(([to, p]) => ['(entry)', to, f4(p)]), ...Object.entries(transitions).flatMap(([from, row]) => Object.entries(row).map(([to, p]) => [from, to, f4(p)]))];
  return `${calls.toLocaleString('en-US')} calls in ${sessions.toLocaleString('en-US')} sessions (no workflow to compare with: pass --workflow)\n\n${table(['from', 'to', 'learned'], rows)}\n`;
};

groupFlags(SessionsLearn.flags);

/** `flowstats sessions validate`: every problem of a workflow, one line each, before hours of generation. */
import { Args } from '@oclif/core';
import { validateWorkflow, workflowEndpoints } from '@flowgen/emitters';
import * as Effect from 'effect/Effect';
import { BaseCommand, EXIT_USAGE, printError, problemLine } from '../../cli/base-command';
import { loadRegistry } from '../../cli/load-registry';
import { resolveWorkflow } from '../../sessions/run-sessions';

export default class SessionsValidate extends BaseCommand {
  static override summary = 'Check a workflow: probability sums, dead ends, paths to an exit, unknown endpoints';
  static override description = `Prints one line per problem, naming the field path (e.g. transitions["/api/cart"]), and exits 2 when there
is an error. Errors: entry points or a transition row not summing to 1 (±1e-6); a non-exit endpoint without
transitions (dead end); an endpoint from which no exit can be reached; endpoints in avg_response_times, methods or
params that the chain never mentions; bad user_type_distribution. Warnings: unreachable endpoints, transitions
out of exit points (a session ends at an exit, so they are never taken).`;

  static override examples = [
    { description: 'a workflow file', command: '<%= config.bin %> sessions validate my-workflow.yaml' },
    { description: 'a prebuilt one', command: '<%= config.bin %> sessions validate ecommerce' },
  ];

  static override args = { workflow: Args.string({ description: 'workflow file (YAML/JSON) or prebuilt name', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(SessionsValidate);
    const { workflow, source } = await Effect.runPromise(resolveWorkflow(args.workflow, loadRegistry(this.config)));
    const problems = validateWorkflow(workflow);
    for (const p of problems) printError(problemLine(source, p));
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) {
      process.exitCode = EXIT_USAGE;
      return;
    }
    const rows = Object.values(workflow.transitions).reduce((a, r) => a + Object.keys(r).length, 0);
    process.stdout.write(`${source}: valid: workflow "${workflow.name}", ${workflowEndpoints(workflow).length} endpoints, ${rows} transitions, ${workflow.exit_points.length} exit points${problems.length ? `, ${problems.length} warning(s)` : ''}\n`);
  }
}

/** `flowstats sessions show`: a workflow as YAML — the way to start your own from a prebuilt one. */
import * as fs from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { ConfigError } from '@flowgen/core';
import { workflowToYaml } from '@flowgen/emitters';
import * as Effect from 'effect/Effect';
import { BaseCommand } from '../../cli/base-command';
import { loadRegistry } from '../../cli/load-registry';
import { resolveWorkflow } from '../../sessions/run-sessions';

export default class SessionsShow extends BaseCommand {
  static override summary = 'Print a workflow (prebuilt name or file) as YAML';
  static override examples = [
    { description: 'start your own workflow from the e-commerce one', command: '<%= config.bin %> sessions show ecommerce --out my-workflow.yaml' },
  ];

  static override args = { workflow: Args.string({ description: 'prebuilt name (ecommerce, simple, microservices) or file', required: true }) };
  static override flags = { out: Flags.string({ summary: 'write to FILE instead of stdout', helpValue: 'FILE' }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SessionsShow);
    const { workflow } = await Effect.runPromise(resolveWorkflow(args.workflow, loadRegistry(this.config)));
    const text = workflowToYaml(workflow);
    if (flags.out === undefined) {
      process.stdout.write(text);
      return;
    }
    try {
      fs.writeFileSync(flags.out, text);
    } catch (e) {
      throw new ConfigError('--out', '', `cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

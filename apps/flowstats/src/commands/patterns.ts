/** `flowstats patterns`: the traffic patterns `collect --patterns` accepts, built-in and from plugins. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { loadRegistry } from '../cli/load-registry';
import { printContributions } from '../cli/print-contributions';

export default class Patterns extends BaseCommand {
  static override summary = 'List the traffic patterns collect can generate, with the package that provides each';
  static override examples = ['<%= config.bin %> patterns', '<%= config.bin %> patterns --json'];
  static override flags = { json: Flags.boolean({ summary: 'machine-readable output, including each options schema' }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Patterns);
    printContributions(loadRegistry(this.config), ['pattern'], flags.json);
  }
}

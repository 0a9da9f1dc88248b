/** `flowstats contributions`: everything the registry knows — patterns, distributions, exporters, … */
import { Flags } from '@oclif/core';
import { CONTRIBUTION_KINDS, type ContributionKind } from '@flowgen/core';
import { BaseCommand } from '../cli/base-command';
import { loadRegistry } from '../cli/load-registry';
import { oneOf } from '../cli/parse-flags';
import { printContributions } from '../cli/print-contributions';

export default class Contributions extends BaseCommand {
  static override summary = 'List every contribution (pattern, distribution, exporter, …) and its source package';
  static override description = 'Built-ins and installed plugins register the same way; plugins that failed to load are listed with the reason.';
  static override examples = ['<%= config.bin %> contributions', '<%= config.bin %> contributions --kind distribution --json'];
  static override flags = {
    kind: Flags.string({ summary: `only this kind: ${CONTRIBUTION_KINDS.join(' | ')}`, helpValue: 'KIND' }),
    json: Flags.boolean({ summary: 'machine-readable output, including options schemas' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Contributions);
    const kinds = flags.kind === undefined ? CONTRIBUTION_KINDS : [oneOf<ContributionKind>('--kind', flags.kind, CONTRIBUTION_KINDS)];
    printContributions(loadRegistry(this.config), kinds, flags.json);
  }
}

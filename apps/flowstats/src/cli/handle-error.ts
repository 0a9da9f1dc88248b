/**
 * The last catch of the CLI, for errors raised outside our commands (oclif's plugin commands, hooks, command
 * loading): the same one-line `flowstats: …` form as BaseCommand, never oclif's boxed multi-line block or a stack
 * (FLOWSTATS_DEBUG=1 shows it). An oclif exit (--help, --version, this.exit) passes through with its code.
 */
import { printError } from './base-command';

type CliError = Error & { code?: string; oclif?: { exit?: number } };

/** the first line that says something: no ANSI codes, no oclif lead-ins or "see more help" footers */
export const errorLine = (message: string): string =>
  message
    .split('\n')
    .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').replace(/^[\s›*]+/, '').replace(/^(Error|Warning):\s*/, '').trim())
    .filter((l) => l && l !== 'failed' && !/^See more help|^The following errors? occurred:?$/.test(l))
    .join('; ') || 'failed';

export const handleError = (err: CliError): void => {
  if (err?.code === 'EEXIT') {
    process.exit(err.oclif?.exit ?? 0);
  }
  printError(errorLine(String(err?.message ?? err)));
  if (process.env.FLOWSTATS_DEBUG) process.stderr.write(`${err?.stack}\n`);
  process.exit(err?.oclif?.exit ?? 1);
};

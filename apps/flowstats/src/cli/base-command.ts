/**
 * Every flowstats command extends this: user errors become one line `flowstats: <source>: <path>: <problem>`
 * on stderr with exit code 2 (no stack trace), oclif's own flag errors are folded into the same shape, and
 * anything unexpected is reported in one line too (the stack only with FLOWSTATS_DEBUG=1).
 */
import { Command } from '@oclif/core';
import { isConfigError } from '@flowgen/core';

export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
export const EXIT_INTERRUPTED = 130;

const printed = new Set<string>();

/** true once an error line was printed */
export const errorPrinted = (): boolean => printed.size > 0;

/** one line on stderr; the same error line twice (a failed stdout seen by a sink and by the stream) once */
export const printError = (line: string): void => {
  const text = `flowstats: ${line.replace(/\s*\n\s*/g, ' ')}\n`;
  if (!line.startsWith('warning: ')) {
    if (printed.has(text)) return;
    printed.add(text);
  }
  process.stderr.write(text);
};

/** One validation problem as a line for printError: `[warning: ]<source>: <path>: <message>` */
export const problemLine = (source: string, p: { readonly severity: 'error' | 'warning'; readonly path: string; readonly message: string }): string =>
  `${p.severity === 'warning' ? 'warning: ' : ''}${[source, p.path, p.message].filter(Boolean).join(': ')}`;

export abstract class BaseCommand extends Command {
  protected async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (isConfigError(err)) {
      printError(err.message);
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (err.oclif && err.oclif.exit === 0) return; // --help, --version
    if (err.oclif) {
      this.parsed = true; // we reported the parse failure; stops oclif's "did not parse" warning (NODE_ENV=test)
      process.exitCode = err.oclif.exit ?? EXIT_USAGE;
      const missing = (err as { args?: ReadonlyArray<{ name: string; description?: string }> }).args;
      if (/^Missing \d+ required arg/.test(err.message) && missing?.length) {
        // oclif lists the arguments on the following lines; one line names them and where to learn more
        const what = missing.map((a) => `${a.name.toUpperCase()}${a.description ? ` (${a.description})` : ''}`).join(', ');
        const id = (this.id ?? 'command').replace(/:/g, ' ');
        printError(`${id}: missing argument ${what}; see flowstats ${id} --help`);
        return;
      }
      // other parser errors: keep the first meaningful line ("The following errors occurred:" is a lead-in,
      // the reason follows it), name the flag when oclif does
      const lines = err.message.split('\n').map((l) => l.replace(/^[\s*]+|\u001b\[[0-9;]*m/g, '').trim());
      const msg = lines.filter((l) => l && !l.startsWith('See more help') && !/^The following errors? occurred:?$/.test(l))[0] ?? 'invalid arguments';
      const flag = /--([a-z0-9-]+)/.exec(msg)?.[0];
      printError(flag ? `${flag}: ${msg}` : msg);
      return;
    }
    printError(`${err.message}${process.env.FLOWSTATS_DEBUG ? `\n${err.stack}` : ''}`);
    if (process.env.FLOWSTATS_DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exitCode = EXIT_FAILURE;
  }
}

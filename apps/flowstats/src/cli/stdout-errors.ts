/**
 * stdout failures for every command: oclif rethrows any stdout error but EPIPE (an uncaught stack trace), so
 * bin/run.js replaces its listener with this one. A closed pipe (`| head`) ends quietly; anything else
 * (ENOSPC on /dev/full, EIO …) is one line naming stdout and exit code 2, reported once however many writes fail.
 */
import { writeProblem } from '@flowgen/exporters';
import { errorPrinted, EXIT_USAGE, printError } from './base-command';

export const onStdoutError = (e: NodeJS.ErrnoException): void => {
  if (e.code === 'EPIPE') return;
  process.exitCode = EXIT_USAGE;
  if (errorPrinted()) return; // a failed run's last flush: the first error is the one to read
  printError(`stdout: ${writeProblem('cannot write', e)}`);
};

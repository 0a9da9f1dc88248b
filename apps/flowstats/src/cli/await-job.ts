/**
 * Waits for an ordered worker job the way every generating command does: progress on stderr meanwhile, and
 * Ctrl-C stops claiming chunks (the chunks being written complete, so the output stays whole); then `finish`
 * closes the document (trailer, footer, commit).
 */
import type { OrderedJobHandle } from '@flowgen/core';
import type { ProgressReporter } from '../collect/progress-reporter';

export const awaitJob = async (
  handle: OrderedJobHandle,
  progress: ProgressReporter,
  onInterrupt: () => void,
  finish: () => Promise<void>,
): Promise<Awaited<OrderedJobHandle['done']>> => {
  const onSigint = (): void => {
    onInterrupt();
    handle.stop();
  };
  process.once('SIGINT', onSigint);
  progress.start();
  try {
    const r = await handle.done;
    await finish();
    return r;
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.stop();
  }
};

/**
 * Waits for an ordered worker job the way every generating command does: progress on stderr meanwhile, and a
 * signal (SIGINT/SIGTERM/SIGHUP, see interrupt.ts) stops claiming chunks (the chunks being written complete,
 * so the output stays whole); then `finish` closes the document (trailer, footer, commit or .partial).
 */
import type { OrderedJobHandle } from '@flowgen/core';
import type { ProgressReporter } from '../collect/progress-reporter';
import type { Interrupt } from './interrupt';

export const awaitJob = async (
  handle: OrderedJobHandle,
  progress: ProgressReporter,
  interrupt: Interrupt,
  onInterrupt: () => void,
  finish: () => Promise<void>,
): Promise<Awaited<OrderedJobHandle['done']>> => {
  interrupt.onSignal(() => {
    onInterrupt();
    handle.stop();
  });
  progress.start();
  try {
    const r = await handle.done;
    await finish();
    return r;
  } finally {
    progress.stop();
  }
};

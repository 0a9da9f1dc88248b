/**
 * The line every writing command ends with on stderr (unless --quiet): what was written where, how long it
 * took and, for generators, the seed — so a run without --seed can be repeated. An interrupted run says
 * which signal stopped it and where its completed records are (NAME.partial).
 */
import { Flags } from '@oclif/core';
import type { Interrupt } from './interrupt';

/** -q/--quiet: no summary line */
export const quietFlag = () => ({
  quiet: Flags.boolean({ char: 'q', summary: 'no summary line on stderr at the end (a seed chosen at random is still reported)' }),
});

export interface RunSummary {
  readonly count: number;
  /** flows, events, calls, rows */
  readonly unit: string;
  /** where the output went: a file name (NAME.partial when interrupted) or stdout */
  readonly target: string;
  readonly startedMs: number;
  readonly seed?: string;
  /** the seed was chosen (no --seed): reported even with --quiet */
  readonly seedChosen?: boolean;
}

export const summaryLine = (s: RunSummary, interrupt?: Interrupt): string => {
  const seconds = ((Date.now() - s.startedMs) / 1000).toFixed(1);
  const seed = s.seed === undefined ? '' : ` (seed ${s.seed})`;
  const what = `${s.count.toLocaleString('en-US')} ${s.unit} to ${s.target} in ${seconds} s${seed}`;
  return interrupt?.signal ? `interrupted by ${interrupt.signal}: wrote ${what}` : `wrote ${what}`;
};

/** prints the summary unless quiet; a chosen seed is printed even then */
export const printSummary = (s: RunSummary, quiet: boolean, interrupt?: Interrupt): void => {
  if (!quiet) process.stderr.write(`flowstats: ${summaryLine(s, interrupt)}\n`);
  else if (s.seedChosen && s.seed !== undefined) process.stderr.write(`flowstats: seed ${s.seed} (chosen: --seed ${s.seed} repeats this run)\n`);
};

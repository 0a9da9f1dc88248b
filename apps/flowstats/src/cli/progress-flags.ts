/** The --progress / --progress-style pair every long-running command takes, and the style they resolve to. */
import { Flags } from '@oclif/core';
import { PROGRESS_STYLES, type ProgressStyle } from '../collect/progress-reporter';
import { oneOf } from './parse-flags';

export const progressFlags = (defaultStyle: ProgressStyle) => ({
  'progress-style': Flags.string({ summary: 'bar | simple | spinner | none', default: defaultStyle, helpValue: 'STYLE' }),
  progress: Flags.boolean({ summary: 'progress on stderr (default: when stderr is a terminal)', allowNo: true }),
});

/** the style to draw, or 'none' when progress is off (by --no-progress, or by default when stderr is not a terminal) */
export const progressStyleOf = (flags: { 'progress-style': string; progress?: boolean }): ProgressStyle => {
  const style = oneOf('--progress-style', flags['progress-style'], PROGRESS_STYLES);
  return flags.progress ?? Boolean(process.stderr.isTTY) ? style : 'none';
};

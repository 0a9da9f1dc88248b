/**
 * The --progress / --progress-style pair every long-running command takes, and the style they resolve to.
 * Conventions: by default progress is drawn only when stderr is a terminal, and not when the command's data goes
 * to that same terminal (data and bar would interleave); a redrawn bar or spinner needs a terminal that can
 * move its cursor, so on a pipe, a file or TERM=dumb an explicit --progress prints plain lines instead.
 * Nothing here uses colour, so NO_COLOR has nothing to turn off (oclif's help honours it).
 */
import * as fs from 'node:fs';
import { Flags } from '@oclif/core';
import { PROGRESS_STYLES, type ProgressStyle } from '../collect/progress-reporter';
import { oneOf } from './parse-flags';

export const progressFlags = (defaultStyle: ProgressStyle) => ({
  'progress-style': Flags.string({ summary: 'bar | simple | spinner | none (bar/spinner become simple lines when stderr is not a terminal)', default: defaultStyle, helpValue: 'STYLE' }),
  progress: Flags.boolean({ summary: 'progress on stderr (default: when stderr is a terminal that is not also receiving the data)', allowNo: true }),
});

/** stdout and stderr are one terminal (same tty device) */
const sameTerminal = (): boolean => {
  if (!process.stdout.isTTY || !process.stderr.isTTY) return false;
  try {
    return fs.fstatSync(1).rdev === fs.fstatSync(2).rdev;
  } catch {
    return true;
  }
};

/**
 * the style to draw, or 'none' when progress is off (by --no-progress, or by default when stderr is not a
 * terminal or the data goes to stdout on the same terminal). `dataOnStdout`: the command writes records there.
 */
export const progressStyleOf = (flags: { 'progress-style': string; progress?: boolean }, dataOnStdout = false): ProgressStyle => {
  const style = oneOf('--progress-style', flags['progress-style'], PROGRESS_STYLES);
  const on = flags.progress ?? (Boolean(process.stderr.isTTY) && !(dataOnStdout && sameTerminal()));
  if (!on) return 'none';
  const canRedraw = Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb';
  return canRedraw || style === 'none' ? style : 'simple';
};

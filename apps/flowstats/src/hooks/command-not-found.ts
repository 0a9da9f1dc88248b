/**
 * An unknown command gets a did-you-mean. On a terminal @oclif/plugin-not-found asks whether to run the closest
 * command instead; anywhere else (scripts, CI, pipes) nothing can answer a prompt, so one line names the closest
 * command and the run exits 127, as a shell does for a command it cannot find.
 */
import type { Hook } from '@oclif/core';
import { printError } from '../cli/base-command';

/** edit distance (insertions, deletions, substitutions), two rows */
const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
};

/** the visible command closest to `id`, if it is close enough to be a typo (at most a third of its letters off) */
export const closestCommand = (id: string, ids: ReadonlyArray<string>): string | undefined => {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of ids) {
    const d = distance(id, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.ceil(id.length / 3)) ? best : undefined;
};

const hook: Hook.CommandNotFound = async function (opts) {
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const { default: prompt } = await import('@oclif/plugin-not-found');
    return prompt.call(this, opts);
  }
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const typed = opts.id.replace(/:/g, ' ');
  const near = closestCommand(opts.id, ids);
  printError(`${typed}: not a flowstats command${near ? `; did you mean "${near.replace(/:/g, ' ')}"?` : ''} (flowstats help lists every command)`);
  this.exit(127);
};

export default hook;

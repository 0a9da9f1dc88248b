/** Runs the built flowstats binary the way a user does (a separate node process), for end-to-end tests. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const BIN = path.join(ROOT, 'apps', 'flowstats', 'bin', 'run.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export const runCli = (args: ReadonlyArray<string>, options: SpawnSyncOptions = {}): CliResult => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'buffer',
    maxBuffer: 1 << 30,
    ...options,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout as Buffer, stderr: (r.stderr as Buffer).toString('utf8') };
};

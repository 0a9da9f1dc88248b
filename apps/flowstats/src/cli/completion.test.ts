/** Shell completion (@oclif/plugin-autocomplete) completes flowstats' own commands and flags in a real bash. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../test-support/run-cli';

test('bash completes commands and flags', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-completion-'));
  try {
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
    expect(runCli(['autocomplete', 'bash'], { env }).code).toBe(0);
    const setup = runCli(['autocomplete', 'script', 'bash'], { env }).stdout.toString().trim();
    const complete = (...words: string[]) => {
      const script = `${setup}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _flowstats_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
      return r.stdout.trim().split('\n');
    };
    expect(complete('flowstats', 'col')).toEqual(['collect']);
    expect(complete('flowstats', 'collect', '--band')).toEqual(['--bandwidth']);
    expect(complete('flowstats', 'analyze', '--top-')).toEqual(['--top-n']);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

/**
 * Progress conventions, on a real pseudo-terminal (util-linux `script`): drawn in place on a terminal, never
 * mixed into data written to that same terminal, plain lines for TERM=dumb or a pipe.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, runCli } from '../test-support/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-progress-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** runs flowstats with stdout and stderr on one pseudo-terminal and returns what the terminal received */
const onTerminal = (args: string, env = ''): string => {
  const r = spawnSync('script', ['-qec', `${env} "${process.execPath}" "${BIN}" ${args}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' }, timeout: 120_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`script: exit ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

describe('progress', () => {
  const out = path.join(dir, 'f.csv');

  it('a terminal gets a bar redrawn in place when the data goes to a file', () => {
    const t = onTerminal(`collect -t 200000 --seed 1 --out ${out}`);
    expect(t).toMatch(/\r\[[=> ]{30}\]\s+[\d.]+% \| Time: .* \| ETA: .* flows\/s \| [\d.]+ Gbps/);
    expect(t).toMatch(/100\.0% \| Time:/);
  });

  it('no progress when the data goes to the same terminal', () => {
    const t = onTerminal('collect -t 20000 --seed 1');
    expect(t).not.toMatch(/Gbps|ETA/);
    expect(t.split('\n').length).toBeGreaterThan(20000);
  });

  it('TERM=dumb: plain lines, no carriage returns or escape codes', () => {
    const t = onTerminal(`collect -t 200000 --seed 1 --out ${out}`, 'TERM=dumb');
    expect(t).toMatch(/^100\.0% \| 200,000 flows \| Time: .* \| ETA: 0s \|/m);
    expect(t).not.toMatch(/\r(?!\n)|\u001b\[K/);
  });

  it('off by default on a pipe; --progress there prints plain lines', () => {
    expect(runCli(['collect', '-t', '20000', '--out', out]).stderr).not.toMatch(/ETA/);
    const r = runCli(['collect', '-t', '20000', '--out', out, '--progress']);
    expect(r.stderr).toMatch(/^100\.0% \| 20,000 flows \|/m);
    expect(r.stderr).not.toMatch(/\r(?!\n)/);
  });
});

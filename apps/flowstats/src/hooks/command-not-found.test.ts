import { closestCommand } from './command-not-found';
import { runCli } from '../test-support/run-cli';

describe('unknown commands', () => {
  const ids = ['collect', 'analyze', 'aggregate', 'filter', 'generate', 'sessions:generate', 'sessions:learn'];

  it('suggests the closest command only when it is a plausible typo', () => {
    expect(closestCommand('colect', ids)).toBe('collect');
    expect(closestCommand('analyse', ids)).toBe('analyze');
    expect(closestCommand('sesions:generate', ids)).toBe('sessions:generate');
    expect(closestCommand('xyzzyabc', ids)).toBeUndefined();
  });

  it('outside a terminal: one line with the suggestion, exit 127, nothing run', () => {
    const r = runCli(['colect', '-t', '10']);
    expect(r.code).toBe(127);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe('flowstats: colect: not a flowstats command; did you mean "collect"? (flowstats help lists every command)\n');
    expect(runCli(['sesions', 'generate']).stderr).toMatch(/^flowstats: sesions generate: not a flowstats command; did you mean "sessions generate"\?/);
    expect(runCli(['xyzzyabc']).stderr).toBe('flowstats: xyzzyabc: not a flowstats command (flowstats help lists every command)\n');
  });
});

import { errorLine } from './handle-error';
import { runCli } from '../test-support/run-cli';

describe('errors from oclif and its plugins come out as one line', () => {
  it('folds a multi-line oclif block into one line without ANSI codes or footers', () => {
    expect(errorLine('\u001b[31mError\u001b[39m: nothing not installed\nSee more help with --help')).toBe('nothing not installed');
    expect(errorLine(' ›   Error: a\n ›   b\n')).toBe('a; b');
    expect(errorLine('')).toBe('failed');
  });

  it.each([
    [['plugins', 'inspect', 'no-such-plugin'], /^flowstats: no-such-plugin not installed$/],
    [['plugins', 'uninstall', 'no-such-plugin'], /^flowstats: no-such-plugin is not installed$/],
  ])('%j', (args, message) => {
    const r = runCli(args);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n').filter((l) => l !== 'failed' && !/^\S.*\.\.\. failed$/.test(l.replace(/^flowstats: /, '')));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |›/);
  });

  it('a missing argument names it and where to read more, in one line', () => {
    for (const [args, line] of [
      [['analyze'], 'flowstats: analyze: missing argument FILES (flow files); see flowstats analyze --help'],
      [['sessions', 'learn'], 'flowstats: sessions learn: missing argument FILES (session files); see flowstats sessions learn --help'],
    ] as const) {
      const r = runCli(args);
      expect([r.code, r.stderr]).toEqual([2, `${line}\n`]);
    }
  });
});

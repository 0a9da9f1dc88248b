/** The learner's counts and comparison on hand-made sessions, and chi-square p-values against table values. */
import { chiSquarePValue, logGamma } from './chi-square';
import { TransitionLearner } from './transition-learner';

describe('chiSquarePValue', () => {
  it('matches the 5% and 1% critical values of the chi-square table', () => {
    const table: Array<[number, number, number]> = [
      [3.841, 1, 0.05], [5.991, 2, 0.05], [7.815, 3, 0.05], [18.307, 10, 0.05], [6.635, 1, 0.01], [9.21, 2, 0.01], [37.566, 20, 0.01], [124.342, 100, 0.05],
    ];
    for (const [x, df, p] of table) expect(chiSquarePValue(x, df)).toBeCloseTo(p, 4);
    expect(chiSquarePValue(0, 3)).toBe(1);
    expect(chiSquarePValue(1e6, 2)).toBe(0);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });
});

describe('TransitionLearner', () => {
  const learn = (calls: Array<[string, string, number?]>) => {
    const l = new TransitionLearner();
    for (const [s, e, a] of calls) l.observe(s, e, a ?? 1);
    return l;
  };

  it('counts entries and consecutive calls per session, interleaved sessions included, retries skipped', () => {
    const l = learn([['s1', '/a'], ['s2', '/a'], ['s1', '/b'], ['s1', '/b', 2], ['s2', '/c'], ['s1', '/end'], ['s3', '/b'], ['s3', '/end']]);
    expect(l.sessions).toBe(3);
    expect(l.calls).toBe(8);
    expect(l.learned()).toEqual({
      entry_points: { '/a': 2 / 3, '/b': 1 / 3 },
      transitions: { '/a': { '/b': 0.5, '/c': 0.5 }, '/b': { '/end': 1 } },
    });
  });

  it('compares with the truth: learned, absolute error, chi-square per row', () => {
    const calls: Array<[string, string]> = [];
    // 100 sessions: /a → /b 70 times, /a → /end 30 times
    for (let i = 0; i < 100; i++) calls.push([`s${i}`, '/a'], [`s${i}`, i < 70 ? '/b' : '/end']);
    const r = learn(calls).compare({ entry_points: { '/a': 1 }, transitions: { '/a': { '/b': 0.6, '/end': 0.4 }, '/b': { '/end': 1 } } });
    expect(r.transitions).toEqual([
      { from: '(entry)', to: '/a', true: 1, learned: 1, abs_error: 0, count: 100 },
      { from: '/a', to: '/b', true: 0.6, learned: 0.7, abs_error: expect.closeTo(0.1, 12), count: 70 },
      { from: '/a', to: '/end', true: 0.4, learned: 0.3, abs_error: expect.closeTo(0.1, 12), count: 30 },
      { from: '/b', to: '/end', true: 1, learned: null, abs_error: null, count: 0 },
    ]);
    expect(r.max_abs_error).toBeCloseTo(0.1, 12);
    // (70-60)²/60 + (30-40)²/40 = 4.1667, df 1 → p = 0.0412
    const row = r.rows.find((x) => x.from === '/a')!;
    expect(row.chi2).toBeCloseTo(4.1667, 3);
    expect(row.df).toBe(1);
    expect(row.p_value).toBeCloseTo(0.0412, 3);
  });

  it('a transition the workflow does not have rejects its row', () => {
    const r = learn([['s', '/a'], ['s', '/x']]).compare({ entry_points: { '/a': 1 }, transitions: { '/a': { '/end': 1 } } });
    expect(r.rows.find((x) => x.from === '/a')).toMatchObject({ p_value: 0, unexpected: ['/x'] });
  });
});

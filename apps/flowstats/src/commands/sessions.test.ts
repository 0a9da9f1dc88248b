/**
 * `flowstats sessions generate|validate|learn|show` end to end through the built binary: goldens, byte
 * identity across thread counts, every format read back independently (msgpackr, DuckDB for Parquet), the
 * ground-truth check at 10 000 sessions, validation and bad-input errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { unpackMultiple } from 'msgpackr';
import { ROOT, runCli } from '../test-support/run-cli';

let dir: string;
const GOLDEN = path.join(__dirname, '__golden__');
const at = (name: string) => path.join(dir, name);
const ok = (args: string[]) => {
  const r = runCli(['sessions', ...args]);
  if (r.code !== 0) throw new Error(`sessions ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r;
};
const BASE = ['generate', '-w', 'ecommerce', '-u', '400', '--seed', '9', '--failure-rate', '0.2', '--no-progress'];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-sessions-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sessions generate', () => {
  it.each([['jsonl'], ['csv'], ['msgpack']])('matches the golden sample (%s)', (format) => {
    const out = ok(['generate', '-w', 'ecommerce', '-u', '3', '--seed', '42', '--failure-rate', '0.5', '-o', format, '-n', '1']).stdout;
    const golden = path.join(GOLDEN, `sessions-ecommerce.${format}`);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, out);
    expect(out.equals(fs.readFileSync(golden))).toBe(true);
  });

  it.each([['jsonl'], ['csv'], ['msgpack'], ['parquet']])('is byte-identical for 1, 2 and 3 threads (%s)', (format) => {
    const outs = [1, 2, 3].map((n) => {
      ok([...BASE, '-o', format, '-n', String(n), '--out', at(`t${n}.${format}`)]);
      return fs.readFileSync(at(`t${n}.${format}`));
    });
    expect(outs[0]!.length).toBeGreaterThan(100_000);
    expect(outs[1]!.equals(outs[0]!)).toBe(true);
    expect(outs[2]!.equals(outs[0]!)).toBe(true);
  });

  it('writes the same calls in every format: CSV, msgpack (msgpackr) and Parquet (DuckDB) against JSONL', async () => {
    for (const f of ['jsonl', 'csv', 'msgpack', 'parquet']) ok([...BASE, '-o', f, '-n', '2', '--out', at(`all.${f}`)]);
    const rows = fs.readFileSync(at('all.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l.replace(/"timestamp":(\d+)/, '"timestamp":"$1"')) as Record<string, unknown>);
    expect(rows.some((r) => r.injected === true && r.attempt === 2)).toBe(true);
    expect(rows.some((r) => r.params !== null)).toBe(true);
    const qs = (p: unknown) => (p === null ? '' : new URLSearchParams(p as Record<string, string>).toString());

    const csv = fs.readFileSync(at('all.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('session_id,user_id,user_type,endpoint,method,status,response_time_ms,timestamp,injected,attempt,params');
    expect(csv.slice(1)).toEqual(rows.map((r) => [r.session_id, r.user_id, r.user_type, r.endpoint, r.method, r.status, (r.response_time_ms as number).toFixed(3), r.timestamp, r.injected, r.attempt, qs(r.params)].join(',')));

    const [header, ...records] = unpackMultiple(fs.readFileSync(at('all.msgpack')), ) as unknown[];
    expect(header).toMatchObject({ format: 'flowgen-sessions', version: 1, seed: '9', workflow: { name: 'ecommerce' } });
    expect((header as { fields: string[] }).fields).toEqual(Object.keys(rows[0]!));
    expect(records.map((r) => { const a = r as unknown[]; return { ...Object.fromEntries((header as { fields: string[] }).fields.map((k, i) => [k, a[i]])), timestamp: String(a[7]) }; })).toEqual(rows);

    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const read = await con.runAndReadAll(`select session_id, user_id, user_type, endpoint, method, status, response_time_ms, epoch_ns(timestamp)::varchar, injected, attempt, params from read_parquet('${at('all.parquet')}')`);
    const pq = read.getRows();
    expect(pq.length).toBe(rows.length);
    expect(pq.map((r) => r.join('|'))).toEqual(rows.map((r) => [r.session_id, r.user_id, r.user_type, r.endpoint, r.method, r.status, r.response_time_ms, r.timestamp, r.injected, r.attempt, qs(r.params)].join('|')));
    const types = await con.runAndReadAll(`select column_name, column_type from (describe select * from read_parquet('${at('all.parquet')}'))`);
    expect(Object.fromEntries(types.getRows())).toMatchObject({ status: 'INTEGER', response_time_ms: 'DOUBLE', timestamp: 'TIMESTAMP_NS', injected: 'BOOLEAN' });
    con.closeSync();
  });

  it('a workflow file works like the prebuilt name it was shown from (show → generate)', () => {
    ok(['show', 'ecommerce', '--out', at('mine.yaml')]);
    const a = ok(['generate', '-w', at('mine.yaml'), '-u', '50', '--seed', '3', '-n', '1']).stdout;
    const b = ok(['generate', '-w', 'ecommerce', '-u', '50', '--seed', '3', '-n', '1']).stdout;
    expect(a.equals(b)).toBe(true);
    expect(ok(['show', at('mine.yaml')]).stdout.toString()).toBe(fs.readFileSync(at('mine.yaml'), 'utf8'));
  });

  it('reports progress on stderr in calls', () => {
    const r = runCli(['sessions', 'generate', '-u', '2000', '--seed', '1', '--progress', '--progress-style', 'simple', '--out', at('p.jsonl')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/100\.0% \| [\d,]+ calls \| ETA: .* calls\/s \| 2,000 of 2,000 users/);
  });

  it.each([
    [['-u', '0'], /^flowstats: --count: must be at least 1, got 0$/],
    [['--failure-rate', '1.5'], /^flowstats: --failure-rate: must be a probability within \[0, 1\], got 1\.5$/],
    [['--sessions-per-user', 'three'], /^flowstats: --sessions-per-user: expected MEAN,STD \(e\.g\. 3,2\), got "three"$/],
    [['--start-date', 'yesterday'], /^flowstats: --start: expected an ISO-8601 date/],
    [['-o', 'xml'], /^flowstats: --output-format: unknown value "xml" \(one of: jsonl, csv, msgpack, parquet\)$/],
    [['-w', 'nosuch'], /^flowstats: --workflow: unknown workflow "nosuch" \(known: ecommerce, simple, microservices\)$/],
    [['-w', '/nonexistent/w.yaml'], /^flowstats: \/nonexistent\/w\.yaml: no such file$/],
  ])('rejects %j in one line, exit 2, no output file', (args, message) => {
    const out = at('never.jsonl');
    const r = runCli(['sessions', 'generate', ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an invalid workflow before generating anything', () => {
    fs.writeFileSync(at('bad.yaml'), 'name: bad\nentry_points: {/a: 0.7}\ntransitions: {/a: {/end: 1}}\nexit_points: [/end]\n');
    const r = runCli(['sessions', 'generate', '-w', at('bad.yaml'), '--out', at('never.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`flowstats: ${at('bad.yaml')}: entry_points: probabilities sum to 0.7, must be 1 (±0.000001)\n`);
    expect(fs.existsSync(at('never.jsonl'))).toBe(false);
  });
});

describe('sessions validate', () => {
  it('passes the prebuilt workflows', () => {
    for (const name of ['ecommerce', 'simple', 'microservices']) expect(ok(['validate', name]).stdout.toString()).toMatch(new RegExp(`valid: workflow "${name}", \\d+ endpoints`));
    expect(ok(['validate', path.join(ROOT, 'configs', 'workflows', 'ecommerce.yaml')]).stdout.toString()).toContain('15 endpoints');
  });

  it('prints one line per problem with its path and exits 2', () => {
    fs.writeFileSync(at('broken.json'), JSON.stringify({
      name: 'broken',
      entry_points: { '/a': 0.5, '/b': 0.4 },
      transitions: { '/a': { '/b': 0.5, '/c': 0.6 }, '/b': { '/end': 1 }, '/end': { '/a': 1 } },
      exit_points: ['/end'],
      avg_response_times: { '/zzz': 10 },
    }));
    const r = runCli(['sessions', 'validate', at('broken.json')]);
    expect(r.code).toBe(2);
    const f = at('broken.json');
    expect(r.stderr.trim().split('\n')).toEqual([
      `flowstats: ${f}: entry_points: probabilities sum to 0.9, must be 1 (±0.000001)`,
      `flowstats: ${f}: transitions["/a"]: probabilities sum to 1.1, must be 1 (±0.000001)`,
      `flowstats: warning: ${f}: transitions["/end"]: an exit point ends its session, so these transitions are never taken`,
      `flowstats: ${f}: transitions["/c"]: dead end: not an exit point and has no outgoing transitions (add transitions or list it in exit_points)`,
      `flowstats: ${f}: avg_response_times["/zzz"]: unknown endpoint (not in entry_points, transitions or exit_points)`,
    ]);
  });
});

describe('sessions learn', () => {
  it('recovers every transition within 0.01 from 10 000 sessions, from every format', () => {
    // simple workflow, 3 300 users × max(1, round(N(3, 2))) sessions ≈ 10 500 sessions
    const results = ['jsonl', 'csv', 'msgpack', 'parquet'].map((f) => {
      ok(['generate', '-w', 'simple', '-u', '3300', '--seed', '5', '-o', f, '--out', at(`learn.${f}`)]);
      return JSON.parse(ok(['learn', at(`learn.${f}`), '--workflow', 'simple', '--json']).stdout.toString()) as {
        sessions: number; max_abs_error: number; transitions: Array<{ from: string; to: string; true: number; learned: number; abs_error: number }>; rows: Array<{ p_value: number }>;
      };
    });
    const r = results[0]!;
    expect(r.sessions).toBeGreaterThanOrEqual(10_000);
    expect(r.transitions).toHaveLength(12);
    for (const t of r.transitions) expect(Math.abs(t.abs_error - Math.abs(t.learned - t.true))).toBeLessThan(1e-12);
    expect(r.max_abs_error).toBeLessThanOrEqual(0.01);
    expect(r.max_abs_error).toBe(Math.max(...r.transitions.map((t) => t.abs_error)));
    // data generated from the workflow fits it: no row rejected at the 0.1% level
    expect(Math.min(...r.rows.map((x) => x.p_value))).toBeGreaterThan(0.001);
    for (const other of results.slice(1)) expect(other).toEqual(r);
  });

  it('uses the workflow recorded in msgpack and Parquet files, skips retries, and rejects the wrong workflow', () => {
    ok(['generate', '-w', 'ecommerce', '-u', '3000', '--seed', '8', '--failure-rate', '0.5', '-o', 'msgpack', '--out', at('rec.mp')]);
    const r = JSON.parse(ok(['learn', at('rec.mp'), '--json']).stdout.toString()) as { workflow: string; transitions: Array<{ abs_error: number | null; learned: number | null; true: number }>; rows: Array<{ from: string; observations: number; p_value: number }> };
    expect(r.workflow).toBe('ecommerce');
    // retries would add self-transitions the workflow does not have; the chi-square would reject those rows
    expect(Math.min(...r.rows.map((x) => x.p_value))).toBeGreaterThan(0.001);
    const text = ok(['learn', at('rec.mp')]).stdout.toString();
    expect(text).toMatch(/calls in [\d,]+ sessions, against workflow "ecommerce"/);
    expect(text).toMatch(/^max abs error: 0\.0\d{3}$/m);
    const wrong = JSON.parse(ok(['learn', at('rec.mp'), '--workflow', 'simple', '--json']).stdout.toString()) as { rows: Array<{ p_value: number }> };
    expect(wrong.rows[0]!.p_value).toBe(0);
  });

  it('names the file and record of a corrupt input', () => {
    fs.writeFileSync(at('bad.jsonl'), '{"session_id":"a","endpoint":"/x"}\n{"session_id":\n');
    const r = runCli(['sessions', 'learn', at('bad.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^flowstats: ${at('bad.jsonl').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 2: malformed JSON`));
    const full = fs.readFileSync(at('rec.mp'));
    fs.writeFileSync(at('cut.mp'), full.subarray(0, full.length - 7));
    const cut = runCli(['sessions', 'learn', at('cut.mp')]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/cut\.mp: record \d+: truncated or corrupt msgpack/);
  });
});

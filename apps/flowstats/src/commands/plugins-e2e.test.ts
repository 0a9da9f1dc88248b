/**
 * End to end through the built CLI: pack the example plugin, install it offline into a scratch data dir,
 * generate with it on 1 and 2 threads (byte-identical), list it, uninstall it; then broken plugins (wrong
 * apiVersion, throws on import, duplicate name, bad options) fail with one line naming the plugin and leave
 * commands that don't use them working.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli } from '../test-support/run-cli';

const EXAMPLE = path.join(ROOT, 'examples', 'flowgen-plugin-quic');

let scratch: string;
let env: NodeJS.ProcessEnv;

const run = (args: string[]) => runCli(args, { env });

/** a copy of the example plugin under another name, with `edit` applied to its package.json */
const brokenCopy = (name: string, edit: (pkg: any) => void, moduleText?: string): string => {
  const dir = path.join(scratch, name);
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const pkgPath = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  pkg.name = name;
  edit(pkg);
  fs.writeFileSync(pkgPath, JSON.stringify(pkg));
  if (moduleText !== undefined) fs.writeFileSync(path.join(dir, 'lib', 'quic-pattern.js'), moduleText);
  return dir;
};

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-plugins-'));
  env = { ...process.env, XDG_DATA_HOME: path.join(scratch, 'data'), npm_config_offline: 'true', FORCE_COLOR: '0' };
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('pack, install offline, collect on 1 and 2 threads, list, uninstall', () => {
  const tgz = execFileSync('npm', ['pack', EXAMPLE, '--pack-destination', scratch], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .pop()!;
  const install = run(['plugins', 'install', `file:${path.join(scratch, tgz)}`]);
  expect(install.code).toBe(0);

  const listed = run(['patterns', '--json']);
  const quic = JSON.parse(listed.stdout.toString()).contributions.find((c: any) => c.name === 'quic');
  expect(quic).toMatchObject({ kind: 'pattern', source: 'flowgen-plugin-quic', aliases: ['http3'] });

  const args = ['collect', '--seed', '11', '-t', '50000', '--patterns', 'quic:30,web:70', '-o', 'csv', '--no-progress'];
  const one = run([...args, '-n', '1']);
  const two = run([...args, '-n', '2']);
  expect(one.code).toBe(0);
  expect(two.code).toBe(0);
  expect(Buffer.compare(one.stdout, two.stdout)).toBe(0);
  const rows = one.stdout.toString().trim().split('\n').slice(1).map((l) => l.split(','));
  const quicRows = rows.filter((r) => r[10] === 'quic');
  expect(quicRows.length / rows.length).toBeGreaterThan(0.28);
  expect(quicRows.length / rows.length).toBeLessThan(0.32);
  for (const r of quicRows) {
    expect(r[6]).toBe('17'); // UDP
    expect([r[4], r[5]]).toContain('443');
    expect(Number(r[8]) / Number(r[7])).toBeLessThanOrEqual(1350);
  }

  expect(run(['plugins', 'uninstall', 'flowgen-plugin-quic']).code).toBe(0);
  const after = run(['collect', '-t', '1', '--patterns', 'quic:100']);
  expect(after.code).not.toBe(0);
  expect(after.stderr).toMatch(/^flowstats: --patterns: quic: unknown pattern "quic"/);
});

test("the example plugin's own suite passes (node --test)", () => {
  const r = spawnSync(process.execPath, ['--test', 'test/'], { cwd: EXAMPLE, encoding: 'utf8' });
  expect(r.stdout).toMatch(/# fail 0/);
  expect(r.status).toBe(0);
});

describe('broken plugins', () => {
  const cases: Array<[string, (pkg: any) => void, string | undefined, RegExp]> = [
    ['flowgen-plugin-wrongapi', (p) => (p.flowgen.apiVersion = 2), undefined, /flowgen-plugin-wrongapi: flowgen\.apiVersion: declares apiVersion 2/],
    ['flowgen-plugin-throws', () => undefined, "throw new Error('boom');", /^flowstats: flowgen-plugin-throws: pattern "quic": cannot load .*: boom$/],
    ['flowgen-plugin-dup', (p) => (p.flowgen.contributions[0].name = 'web'), undefined, /flowgen-plugin-dup: flowgen\.contributions: pattern "web" is already provided by @flowgen\/emitters/],
  ];
  test.each(cases)('%s: one line naming the plugin; other commands unaffected', (name, edit, moduleText, message) => {
    const dir = brokenCopy(name, edit, moduleText);
    expect(run(['plugins', 'link', '--no-install', dir]).code).toBe(0);
    try {
      const ok = run(['collect', '--seed', '1', '-t', '3', '-o', 'csv']);
      expect(ok.code).toBe(0);
      expect(ok.stdout.toString().trim().split('\n')).toHaveLength(4);
      const bad = run(['collect', '-t', '3', '--patterns', `${name === 'flowgen-plugin-dup' ? 'web' : 'quic'}:50,dns:50`]);
      if (name === 'flowgen-plugin-dup') {
        // the built-in keeps its name; the plugin's duplicate is reported in listings
        expect(bad.code).toBe(0);
        expect(run(['contributions']).stdout.toString()).toMatch(message);
      } else {
        expect(bad.code).toBe(2);
        const lines = bad.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message);
      }
    } finally {
      run(['plugins', 'unlink', name]);
    }
  });

  test('a pattern writing NaN or huge values fails the run naming the plugin and pattern, and writes no file', () => {
    const writes = (packets: string, bytes: string) => `module.exports = { createPattern: () => ({ meanBytes: 1000, fill(b, rows, count) {
      for (let i = 0; i < count; i++) { const r = rows[i]; b.srcPort[r] = 50000; b.dstPort[r] = 443; b.protocol[r] = 17; b.packets[r] = ${packets}; b.bytes[r] = ${bytes}; b.tcpFlags[r] = 0; b.duration[r] = 1000; }
    } }) };`;
    for (const [name, packets, bytes, what] of [['flowgen-plugin-nan', 'NaN', '100', 'packets NaN'], ['flowgen-plugin-huge', '1', '1e300', 'bytes 1e+300']] as const) {
      const dir = brokenCopy(name, () => undefined, writes(packets, bytes));
      expect(run(['plugins', 'link', '--no-install', dir]).code).toBe(0);
      try {
        const out = path.join(scratch, `${name}.csv`);
        for (const threads of ['1', '2']) {
          const r = run(['collect', '--seed', '1', '-t', '40000', '--patterns', 'quic:50,web:50', '-o', 'csv', '--out', out, '-n', threads]);
          expect(r.code).toBe(2);
          expect(r.stderr).toBe(`flowstats: ${name}: pattern quic: wrote ${what}; a pattern must write integer packets and bytes within 0…2^53 and durations within 0…2^42 ns\n`);
          expect(fs.existsSync(out)).toBe(false);
        }
      } finally {
        run(['plugins', 'unlink', name]);
      }
    }
  });

  test('plugins install warns, naming the plugin, when what it installed cannot be used', () => {
    const dir = brokenCopy('flowgen-plugin-badinstall', (p) => (p.flowgen.apiVersion = 2));
    const tgz = execFileSync('npm', ['pack', dir, '--pack-destination', scratch], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
    const r = run(['plugins', 'install', `file:${path.join(scratch, tgz)}`]);
    try {
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^flowstats: warning: flowgen-plugin-badinstall: flowgen\.apiVersion: declares apiVersion 2, this flowstats supports 1; flowgen-plugin-badinstall is installed but cannot be used/m);
    } finally {
      run(['plugins', 'uninstall', 'flowgen-plugin-badinstall']);
    }
  });

  test('an exception inside a pattern\'s fill names the plugin and pattern, exit 2, no file', () => {
    const dir = brokenCopy('flowgen-plugin-fillthrows', () => undefined, "module.exports = { createPattern: () => ({ meanBytes: 1000, fill() { throw new TypeError('x is undefined'); } }) };");
    expect(run(['plugins', 'link', '--no-install', dir]).code).toBe(0);
    try {
      const out = path.join(scratch, 'fillthrows.csv');
      for (const threads of ['1', '2']) {
        const r = run(['collect', '-t', '1000', '--patterns', 'quic:50,web:50', '-n', threads, '--out', out]);
        expect([r.code, r.stderr]).toEqual([2, 'flowstats: flowgen-plugin-fillthrows: pattern quic: fill failed: x is undefined\n']);
        expect(fs.existsSync(out)).toBe(false);
      }
    } finally {
      run(['plugins', 'unlink', 'flowgen-plugin-fillthrows']);
    }
  });

  test('options are checked against the plugin schema', () => {
    const dir = brokenCopy('flowgen-plugin-opts', () => undefined);
    expect(run(['plugins', 'link', '--no-install', dir]).code).toBe(0);
    try {
      const cfg = path.join(scratch, 'quic.yaml');
      fs.writeFileSync(cfg, 'traffic_patterns:\n  - type: quic\n    percentage: 100\n    options: { max_datagram: 9000 }\n');
      const r = run(['collect', '-c', cfg, '-t', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`flowstats: ${cfg}: traffic_patterns[0].options.max_datagram: must be ≤ 1500, got 9000 (an option of pattern "quic" from plugin flowgen-plugin-opts)`);
    } finally {
      run(['plugins', 'unlink', 'flowgen-plugin-opts']);
    }
  });
});

/**
 * Every example in README.md and docs/*.md works as printed. Each ```sh block runs in bash (errexit; any
 * flowstats exiting non-zero fails the block, inside a pipe too) in a scratch directory where the repository's configs/, examples/ and docs/ are linked and `flowstats` is the
 * built CLI; the blocks of one file run in order, each starting in the directory the previous one ended in.
 * Record counts are capped at FLOWSTATS_DOCS_MAX_COUNT (default 20 000) by the `flowstats` on PATH, so
 * examples keep realistic sizes and the test stays quick. A block under `<!-- requires: TOOL -->` is skipped,
 * named, when TOOL is missing (a failure under FLOWGEN_REQUIRE_TOOLS=1); `<!-- not-run: reason -->` shows a
 * block without running it. Every ```yaml / ```json block parses, and one that is a flow config, an event
 * config or a workflow passes the product's own validation. The convention: docs/contributing.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { docBlocks, type DocBlock } from './test-support/doc-blocks';
import { requiresTools } from './test-support/requires-tool';
import { BIN, ROOT } from './test-support/run-cli';

const FILES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const SHIM = path.join(__dirname, 'test-support', 'docs-flowstats-shim.cjs');
const MAX_COUNT = process.env.FLOWSTATS_DOCS_MAX_COUNT ?? '20000';

/** which validator a parsed YAML/JSON example needs, if it is a config at all */
const configKind = (doc: unknown): 'flow' | 'event' | 'workflow' | undefined => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const keys = Object.keys(doc);
  if (keys.includes('transitions') && keys.includes('entry_points')) return 'workflow';
  if (keys.includes('states')) return 'event';
  if (keys.some((k) => ['traffic_patterns', 'generation', 'network'].includes(k))) return 'flow';
  return undefined;
};

describe.each(FILES)('%s', (file) => {
  const blocks = docBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cwdFile = () => path.join(dir, '.docs', 'cwd');
  const bash = (script: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 90_000, maxBuffer: 1 << 28 });
    return { code: r.status, out: r.stdout, err: `${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstats-docs-'));
    for (const d of ['configs', 'examples', 'docs']) fs.symlinkSync(path.join(ROOT, d), path.join(dir, d));
    fs.mkdirSync(path.join(dir, '.docs', 'bin'), { recursive: true });
    const flowstats = path.join(dir, '.docs', 'bin', 'flowstats');
    fs.writeFileSync(flowstats, `#!/bin/sh\nexec "${process.execPath}" "${SHIM}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(cwdFile(), dir);
    const home = path.join(dir, '.docs', 'home');
    env = {
      ...process.env,
      PATH: `${path.dirname(flowstats)}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      FLOWSTATS_BIN: BIN, FLOWSTATS_DOCS_MAX_COUNT: MAX_COUNT, FORCE_COLOR: '0',
      HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config'),
      npm_config_offline: 'true', npm_config_cache: path.join(os.homedir(), '.npm'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const title = (b: DocBlock) => `${file}:${b.line} ${b.lang}: ${b.code.split('\n').find((l) => l.trim() && !l.startsWith('#'))?.trim().slice(0, 70) ?? ''}`;
  const shell = blocks.filter((b) => ['sh', 'bash', 'shell'].includes(b.lang));
  const data = blocks.filter((b) => ['yaml', 'yml', 'json'].includes(b.lang));
  if (shell.length + data.length === 0) test.skip(`${file}: no shell, YAML or JSON examples`, () => undefined);

  for (const b of shell) {
    if (b.notRun) {
      test.skip(`${title(b)} [not run: ${b.notRun}]`, () => undefined);
      continue;
    }
    requiresTools(...b.requires).test(title(b), () => {
      // the block runs where the previous one left off, and records where it ends
      const failures = path.join(dir, '.docs', 'failures');
      fs.rmSync(failures, { force: true });
      const script = `set -e\ncd "$(cat '${cwdFile()}')"\ntrap 'pwd > "${cwdFile()}"' EXIT\n${b.code}`;
      const r = bash(script, b.showsError ? {} : { FLOWSTATS_DOCS_FAILURES: failures });
      const failed = fs.existsSync(failures) ? fs.readFileSync(failures, 'utf8') : '';
      if (r.code !== 0 || failed) throw new Error(`${file}:${b.line}: exit ${r.code}\n${failed}--- block\n${b.code}--- stderr\n${r.err.slice(-3000)}`);
    });
  }

  for (const b of data) {
    test(title(b), () => {
      let doc: unknown;
      try {
        doc = b.lang === 'json' ? JSON.parse(b.code) : parseYaml(b.code);
      } catch (e) {
        throw new Error(`${file}:${b.line}: the ${b.lang} example does not parse: ${(e as Error).message}`);
      }
      const kind = configKind(doc);
      if (!kind) return;
      const example = path.join(dir, '.docs', `example-${b.line}.${b.lang}`);
      fs.writeFileSync(example, b.code);
      const check = {
        flow: `flowstats collect -c '${example}' -t 10 -o csv --no-progress > /dev/null`,
        event: `flowstats generate -c '${example}' --validate`,
        workflow: `flowstats sessions validate '${example}'`,
      }[kind];
      const r = bash(check);
      if (r.code !== 0) throw new Error(`${file}:${b.line}: the ${kind} config example does not validate:\n${r.err}`);
    });
  }
});

/**
 * benchmark.js cases that run in this process: the flow engine alone (one chunk of 16 384 flows per
 * operation), the CSV and msgpack encoders over a generated chunk, and a plugin pattern (the example QUIC
 * plugin, loaded through the registry exactly as an installed plugin is) against the built-in web pattern; the
 * session engine (256 users of the e-commerce workflow per operation) and its msgpack encoder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Benchmark from 'benchmark';
import { FlowBatch, Registry, SessionBatch } from '@flowgen/core';
import { FlowEngine, SessionEngine, builtinPatternRegistry, decodeFlowConfigFile, parseWorkflowText, planFlows, planSessions, resolveFlowConfig, SESSION_DEFAULTS } from '@flowgen/emitters';
import { createSessionMsgpackEncoder, type CreateEncoder } from '@flowgen/exporters';

export interface CaseResult {
  readonly name: string;
  /** records per second (operations/s × records per operation) */
  readonly recordsPerSec: number;
  /** relative margin of error of the mean, percent */
  readonly rme: number;
  readonly samples: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const QUIC_PLUGIN = path.join(ROOT, 'examples', 'flowgen-plugin-quic');

const engineFor = (patterns: Array<{ type: string; percentage: number }>, registry: Registry): FlowEngine => {
  const file = decodeFlowConfigFile({ traffic_patterns: patterns }, 'bench');
  // no total: an unbounded run (the end timestamp is far away), so chunk k can grow without limit
  const cfg = resolveFlowConfig(file, 'bench', { seed: 1n, totalFlows: 1e12 }, {}, registry);
  return new FlowEngine(planFlows(cfg));
};

/**
 * A throwaway plugin package whose pattern "web_plugin" is the built-in web kernel: the same per-flow code
 * reached through the plugin path (manifest, registry, sdk argument), so the two cases isolate plugin overhead.
 */
const webAsPlugin = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgen-plugin-bench-'));
  const web = require.resolve('@flowgen/emitters/flow/patterns/web');
  fs.writeFileSync(path.join(dir, 'web.js'), `module.exports = require(${JSON.stringify(web)});\n`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'flowgen-plugin-bench-web',
    flowgen: { apiVersion: 1, contributions: [{ kind: 'pattern', name: 'web_plugin', module: './web.js' }] },
  }));
  return dir;
};

/** Runs `fill` once per operation over successive chunks. */
const generationCase = (engine: FlowEngine) => {
  const batch = engine.newBatch();
  let chunk = 0;
  return { batch, fn: () => engine.fill(chunk++, batch) };
};

/** Every in-process case, by name: main.ts runs each in a fresh process so JIT state never leaks between them. */
export const CASE_NAMES = [
  'generate: default mix, 1 thread',
  'generate: built-in pattern web, 1 thread',
  'generate: web kernel as a plugin, 1 thread',
  'generate: plugin pattern quic, 1 thread',
  'encode: csv, 1 thread',
  'encode: msgpack, 1 thread',
  'sessions: generate ecommerce, 1 thread',
  'sessions: encode msgpack, 1 thread',
] as const;

export const inProcessCases = (only: (name: string) => boolean, quick: boolean): Promise<CaseResult[]> => {
  const registry = builtinPatternRegistry();
  registry.addPackage(path.dirname(require.resolve('@flowgen/exporters/package.json')));
  registry.addPackage(QUIC_PLUGIN);
  const pluginDir = webAsPlugin();
  registry.addPackage(pluginDir);
  const suite = new Benchmark.Suite('in-process');
  const perOp = new Map<string, number>();
  const add = (name: string, records: number, fn: () => void) => {
    if (!only(name)) return;
    perOp.set(name, records);
    suite.add(name, fn, { minSamples: quick ? 5 : 20, maxTime: quick ? 0.5 : 3 });
  };

  const mix = engineFor([
    { type: 'web', percentage: 40 }, { type: 'database', percentage: 20 }, { type: 'dns', percentage: 20 },
    { type: 'ssh', percentage: 10 }, { type: 'random', percentage: 10 },
  ], registry);
  const gen = generationCase(mix);
  add('generate: default mix, 1 thread', gen.batch.capacity, gen.fn);

  const web = generationCase(engineFor([{ type: 'web', percentage: 100 }], registry));
  add('generate: built-in pattern web, 1 thread', web.batch.capacity, web.fn);
  const webPlugin = generationCase(engineFor([{ type: 'web_plugin', percentage: 100 }], registry));
  add('generate: web kernel as a plugin, 1 thread', webPlugin.batch.capacity, webPlugin.fn);
  const quic = generationCase(engineFor([{ type: 'quic', percentage: 100 }], registry));
  add('generate: plugin pattern quic, 1 thread', quic.batch.capacity, quic.fn);

  // encoders over one realistic chunk, into a reused buffer as in a worker's ring slot
  const sample: FlowBatch = mix.newBatch();
  mix.fill(0, sample);
  for (const format of ['csv', 'msgpack'] as const) {
    const { createEncoder } = require(registry.find('exporter', format)!.module) as { createEncoder: CreateEncoder };
    const enc = createEncoder({ patternNames: mix.patternNames, header: true });
    const out = new Uint8Array(sample.length * enc.maxRecordBytes);
    add(`encode: ${format}, 1 thread`, sample.length, () => enc.encode(sample, 0, sample.length, out, 0, 1));
  }

  // the session engine: the same 256 users each operation (a fixed call count), then their msgpack encoding
  const workflowFile = registry.find('workflow', 'ecommerce')!.module;
  const sessionPlan = planSessions(parseWorkflowText(fs.readFileSync(workflowFile, 'utf8'), workflowFile), {
    users: 256, sessionsMean: SESSION_DEFAULTS.sessionsMean, sessionsStd: SESSION_DEFAULTS.sessionsStd, startSec: 1767225600, days: 30,
    failureRate: 0.05, maxLength: SESSION_DEFAULTS.maxLength, seed: 1n, thinkingProbability: SESSION_DEFAULTS.thinkingProbability, errorRate: SESSION_DEFAULTS.errorRate,
  }, 'bench');
  const sessions = new SessionEngine(sessionPlan);
  const calls = new SessionBatch(256 * sessionPlan.maxCallsPerUser);
  const callCount = sessions.fillUsers(0, 256, calls);
  add('sessions: generate ecommerce, 1 thread', callCount, () => sessions.fillUsers(0, 256, calls));
  const callEncoder = createSessionMsgpackEncoder({ tables: sessionPlan.tables, header: true });
  const callOut = new Uint8Array(callCount * callEncoder.maxRowBytes);
  add('sessions: encode msgpack, 1 thread', callCount, () => callEncoder.encode(calls, 0, callCount, callOut, 0));

  if (suite.length === 0) {
    fs.rmSync(pluginDir, { recursive: true, force: true });
    return Promise.resolve([]); // benchmark.js never completes an empty suite
  }
  return new Promise((resolve, reject) => {
    const results: CaseResult[] = [];
    suite
      .on('cycle', (e: Benchmark.Event) => {
        const b = e.target as unknown as Benchmark;
        const r: CaseResult = { name: String(b.name), recordsPerSec: b.hz * perOp.get(String(b.name))!, rme: b.stats.rme, samples: b.stats.sample.length };
        results.push(r);
      })
      .on('error', (e: Benchmark.Event) => reject((e.target as unknown as { error: Error }).error))
      .on('complete', () => {
        fs.rmSync(pluginDir, { recursive: true, force: true });
        resolve(results);
      })
      .run({ async: false });
  });
};

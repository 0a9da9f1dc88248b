/** Runs small configs through the engine for the tests: records as plain objects, times as µs. */
import { Instant } from '@flowgen/core';
import { compileEventConfig, type EventProblem } from './event-model';
import { EventSimulation } from './event-simulation';
import type { Value } from './event-fields';

export const START_US = Date.UTC(2024, 0, 1) * 1000;

export interface RunOptions {
  readonly seed?: bigint;
  readonly records?: number;
  readonly untilUs?: number;
  readonly maxActive?: number;
  readonly multiplier?: (nowUs: number) => number;
  readonly registry?: Parameters<typeof compileEventConfig>[1]['registry'];
}

export const compile = (config: unknown, o: RunOptions = {}) => compileEventConfig(config, { source: 'test.json', seed: o.seed ?? 1n, registry: o.registry });

export const errorsOf = (config: unknown, o: RunOptions = {}): string[] =>
  compile(config, o).problems.filter((p: EventProblem) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
export const warningsOf = (config: unknown): string[] =>
  compile(config).problems.filter((p: EventProblem) => p.severity === 'warning').map((p) => `${p.path}: ${p.message}`);

export interface Rec { readonly emitter: number; readonly at: number; readonly fields: Record<string, Value> }

export const run = (config: unknown, o: RunOptions = {}): Rec[] => {
  const { model, problems } = compile(config, o);
  if (!model) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const sim = new EventSimulation({ model, source: 'test.json', seed: o.seed ?? 1n, startUs: START_US, maxActive: o.maxActive ?? 100, multiplier: o.multiplier });
  const out: Rec[] = [];
  sim.run(o.untilUs ?? Infinity, o.records ?? 1000, {
    record: (emitter, names, values, n, nowUs) => {
      const fields: Record<string, Value> = {};
      for (let i = 0; i < n; i++) fields[names[i]!] = values[i]!;
      out.push({ emitter, at: nowUs, fields });
    },
  });
  return out;
};

/** A one-state config emitting `dims` every `delay` seconds from one worker at a time. */
export const oneState = (dims: unknown[], extra: Record<string, unknown> = {}) => ({
  interarrival: { type: 'constant', value: 1 },
  emitters: [{ name: 'e', dimensions: dims }],
  states: [{ name: 's', emitter: 'e', delay: { type: 'constant', value: 0.001 }, transitions: [{ next: 's', probability: 1 }], ...extra }],
});

export const us = (v: Value): number => (v as Instant).us;

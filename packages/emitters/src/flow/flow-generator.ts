/**
 * The library face of the flow engine: `for (const flow of generator)`, `generator.next()`, or — the fast
 * path — `generator.nextBatch()`. Runs in the calling thread; `flowstats collect` runs the same engine on
 * worker threads and produces the same flows.
 */
import { flowAt, packageDir, Registry, type Flow, type FlowBatch } from '@flowgen/core';
import { decodeFlowConfigFile, resolveFlowConfig, type FlowOverrides } from './flow-config';
import { FlowEngine } from './flow-engine';
import { planFlows, type FlowPlan } from './flow-plan';

export interface FlowGeneratorOptions {
  /** a parsed config (the YAML/JSON shape); omitted: all defaults */
  readonly config?: unknown;
  /** name for error messages, e.g. the config's file name */
  readonly source?: string;
  readonly overrides?: FlowOverrides;
  /** where pattern names resolve; default: the built-in patterns */
  readonly registry?: Registry;
}

/** The registry of this package's own contributions (the built-in patterns). */
export const builtinPatternRegistry = (): Registry => {
  const r = new Registry();
  r.addPackage(packageDir('@flowgen/emitters', __dirname));
  return r;
};

export class FlowGenerator implements IterableIterator<Flow> {
  readonly plan: FlowPlan;
  private readonly engine: FlowEngine;
  private readonly batch: FlowBatch;
  private chunk = 0;
  private row = 0;

  constructor(options: FlowGeneratorOptions = {}) {
    const source = options.source ?? 'config';
    const file = decodeFlowConfigFile(options.config, source);
    const cfg = resolveFlowConfig(file, source, options.overrides ?? {}, {}, options.registry ?? builtinPatternRegistry());
    this.plan = planFlows(cfg);
    this.engine = new FlowEngine(this.plan);
    this.batch = this.engine.newBatch();
  }

  /** The next chunk of flows as columns (reused: valid until the next call), or undefined at the end. */
  nextBatch(): FlowBatch | undefined {
    while (this.chunk < this.plan.chunks) {
      const n = this.engine.fill(this.chunk++, this.batch);
      this.row = n;
      if (n > 0) return this.batch;
    }
    return undefined;
  }

  next(): IteratorResult<Flow> {
    if (this.row >= this.batch.length || this.chunk === 0) {
      if (!this.nextBatch()) return { done: true, value: undefined };
      this.row = 0;
    }
    return { done: false, value: flowAt(this.batch, this.row++) };
  }

  [Symbol.iterator](): IterableIterator<Flow> {
    return this;
  }
}

/** Instantiates pattern kernels from their modules (main thread and every worker do this themselves). */
import { ConfigError } from '@flowgen/core';
import type { CreatePattern, FlowPattern } from './pattern-contract';
import { PLUGIN_SDK } from './plugin-sdk';

export interface PatternRef {
  readonly name: string;
  /** package that contributed it, for error messages */
  readonly source: string;
  readonly module: string;
  readonly options: Record<string, unknown>;
}

export const loadPatterns = (refs: ReadonlyArray<PatternRef>): FlowPattern[] =>
  refs.map((r) => {
    let create: CreatePattern | undefined;
    try {
      create = (require(r.module) as { createPattern?: CreatePattern }).createPattern;
    } catch (e) {
      throw new ConfigError(r.source, `pattern "${r.name}"`, `cannot load ${r.module}: ${(e as Error).message.split('\n')[0]}`);
    }
    if (typeof create !== 'function') throw new ConfigError(r.source, `pattern "${r.name}"`, `${r.module} does not export createPattern(options, sdk)`);
    let p: FlowPattern;
    try {
      p = create(r.options, PLUGIN_SDK);
    } catch (e) {
      throw new ConfigError(r.source, `pattern "${r.name}"`, `createPattern failed: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!p || typeof p.fill !== 'function' || !(p.meanBytes > 0)) {
      throw new ConfigError(r.source, `pattern "${r.name}"`, 'createPattern must return { meanBytes > 0, fill(batch, rows, count, rng) }');
    }
    return p;
  });

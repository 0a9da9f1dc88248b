/**
 * `flowstats generate` as a program: read and compile the config (both dialects; every problem reported with
 * its path), pick the output (JSON lines, CSV, msgpack or a named template), then drive the simulation —
 * as fast as possible with -s (simulated clock), paced by the wall clock without it, and with --backfill from
 * -s in the past at full speed until it catches up with now, then live. Output goes through a scoped sink
 * (temporary file renamed on success); Ctrl-C ends after the records written so far.
 */
import { ConfigError, parseIsoInstant, type Registry } from '@flowgen/core';
import { readConfigFileSync } from '@flowgen/core/config';
import { compileEventConfig, compileSchedule, EventSimulation, type EventModel } from '@flowgen/emitters';
import type { Interrupt } from '../cli/interrupt';
import {
  BrokenPipe, createEventCsvEncoder, createEventJsonlEncoder, createEventMsgpackEncoder, fileSink, OutBuffer, stdoutSink,
  type EventEncoder, type EventFormat, type OutputSink, type TimeFormat,
} from '@flowgen/exporters';
import { createEventTemplateEncoder, missingEnv } from '@flowgen/exporters/event/event-template';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { problemLine } from '../cli/base-command';
import { ProgressReporter, type ProgressState, type ProgressStyle } from '../collect/progress-reporter';

export interface GenerateOptions {
  /** installed by the command before any work (SIGINT/SIGTERM/SIGHUP) */
  readonly interrupt: Interrupt;
  /** a file, or a preset name */
  readonly config: string;
  readonly seed: bigint;
  /** -s: start of the simulated clock (ISO-8601); without it the clock is real time */
  readonly start?: string;
  readonly backfill: boolean;
  readonly records?: number;
  /** -r in µs */
  readonly runUs?: number;
  readonly maxActive: number;
  readonly schedule?: string;
  readonly template?: string;
  readonly format: EventFormat;
  /** jsonl: clock values as iso (default), ns or string */
  readonly timeFormat?: TimeFormat;
  readonly header: boolean;
  readonly out?: string;
  readonly progress: ProgressStyle;
  readonly validateOnly: boolean;
}

/** Several problems at once: each printed as its own line by the command. */
export class ProblemsError extends Error {
  readonly _tag = 'ProblemsError';
  constructor(readonly lines: ReadonlyArray<string>) {
    super(lines.join('\n'));
  }
}

/** The -s value's UTC offset in minutes (gmm hours are local to it); 0 for Z or none. */
const offsetOf = (iso: string): number => {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso.trim());
  return m && /T|\s|\d{2}:\d{2}/.test(iso) ? (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +m[3]!) : 0;
};

export interface Compiled {
  readonly model: EventModel;
  readonly source: string;
  readonly warnings: ReadonlyArray<string>;
}

export const compileConfig = (o: GenerateOptions, registry: Registry): Compiled => {
  const preset = registry.find('preset', o.config);
  const source = preset ? preset.module : o.config;
  const raw = readConfigFileSync(source, '--config');
  const start = o.start === undefined ? undefined : parseIsoInstant(o.start);
  if (o.start !== undefined && start === undefined) throw new ConfigError('--start', '', `expected an ISO-8601 date-time such as 2024-01-01T00:00:00Z, got "${o.start}"`);
  if (o.backfill && start !== undefined && start > Date.now() * 1000) throw new ConfigError('--start', '', `--backfill catches up from the past to now, but ${o.start} is in the future (drop --backfill to simulate it)`);
  const { model, problems } = compileEventConfig(raw, { source, seed: o.seed, registry, tzOffsetMin: o.start ? offsetOf(o.start) : 0 });
  const lines = problems.map((p) => problemLine(source, p));
  if (!model) throw new ProblemsError(lines);
  const extra: string[] = [];
  if (o.template !== undefined) {
    const t = model.templates[o.template];
    if (!t) extra.push(`${source}: templates: no template "${o.template}" (available: ${Object.keys(model.templates).join(', ') || 'none'})`);
    else for (const name of missingEnv(t.body)) extra.push(`${source}: templates.${o.template}.body: uses env.${name}, which is not set`);
  }
  const emits = model.nodes.some((n) => n.emitter >= 0);
  if (!emits && o.runUs === undefined) extra.push(`${source}: states: no state has an emitter, so nothing would ever be written`);
  if (extra.length) throw new ProblemsError([...lines.filter((l) => l.startsWith('warning: ')), ...extra]);
  return { model, source, warnings: lines };
};

const encoderFor = (o: GenerateOptions, c: Compiled): EventEncoder => {
  if (o.template !== undefined) {
    if (o.format !== 'jsonl') throw new ConfigError('--template', '', `a template is its own format; drop -o ${o.format}`);
    return createEventTemplateEncoder(o.template, c.model.templates[o.template]!, c.source);
  }
  if (o.format === 'csv') {
    const cols = c.model.emitters.map((e) => e.dims.map((d) => d.name).join(','));
    if (new Set(cols).size > 1) throw new ConfigError('--output-format', '', `CSV needs every emitter to have the same fields; ${c.source} has ${cols.length} different sets (use jsonl or msgpack)`);
    return createEventCsvEncoder(c.model.emitters[0]!.dims.map((d) => d.name), o.header);
  }
  if (o.format === 'msgpack') return createEventMsgpackEncoder(o.header ? { seed: String(o.seed), config: c.source, start: o.start ?? null } : undefined);
  return createEventJsonlEncoder(o.timeFormat);
};

const FLUSH_BYTES = 1 << 20;
const SLICE_RECORDS = 20_000;

export const runGenerate = (o: GenerateOptions, registry: Registry, warn: (line: string) => void): Effect.Effect<{ records: number; interrupted: boolean; target: string }, ConfigError | Error> =>
  Effect.gen(function* () {
    const c = yield* Effect.try({ try: () => compileConfig(o, registry), catch: (e) => e as Error });
    for (const w of c.warnings) warn(w);
    const multiplier = o.schedule === undefined
      ? undefined
      : yield* Effect.try({ try: () => compileSchedule(readConfigFileSync(o.schedule!, '--schedule'), o.schedule!, o.start ? offsetOf(o.start) : 0), catch: (e) => e as Error });
    const encoder = yield* Effect.try({ try: () => encoderFor(o, c), catch: (e) => e as Error });
    if (o.validateOnly) return { records: 0, interrupted: false, target: '' };
    if (o.start === undefined) warn('note: no --start, so the clock is real time and events arrive as they happen; -s 2024-01-01T00:00:00Z (any instant) runs a simulated clock at full speed');

    const simulated = o.start !== undefined && !o.backfill;
    const startUs = o.start !== undefined ? parseIsoInstant(o.start)! : Date.now() * 1000;
    const endUs = o.runUs === undefined ? Infinity : startUs + o.runUs;
    const maxRecords = o.records ?? Infinity;
    const sim = new EventSimulation({ model: c.model, source: c.source, seed: o.seed, startUs, maxActive: o.maxActive, multiplier });

    const sink = yield* Effect.acquireRelease(
      Effect.try({
        try: () => (o.out === undefined ? stdoutSink() : fileSink(o.out)),
        catch: (e) => e instanceof ConfigError ? e : new ConfigError('--out', '', `cannot create output file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`),
      }),
      (s: OutputSink, exit) => Effect.sync(() => (Exit.isSuccess(exit) ? undefined : s.abort())),
    );
    o.interrupt.onForcedExit(() => sink.abort());
    let target = o.out ?? 'stdout';
    const state: ProgressState = { fraction: NaN, records: 0, flowBytes: 0, simMs: startUs / 1000, simStartMs: startUs / 1000, unit: 'records', extra: '' };
    const progress = new ProgressReporter(o.progress, state);
    let interrupted = false;

    const records = yield* Effect.tryPromise({
      try: async () => {
        const out = new OutBuffer();
        const recordSink = { record: (e: number, names: ReadonlyArray<string>, values: ReadonlyArray<unknown>, n: number) => encoder.record(out, e, names, values as never, n) };
        encoder.header(out);
        o.interrupt.onSignal(() => void (interrupted = true));
        progress.start();
        try {
          for (;;) {
            const until = Math.min(endUs, simulated ? Infinity : Date.now() * 1000);
            const more = sim.run(until, Math.min(maxRecords, sim.records + SLICE_RECORDS), recordSink);
            if (out.length >= FLUSH_BYTES || !simulated || !more) await sink.write(out.take());
            // let the event loop run (signals, pipe errors): a file or pipe write can resolve without ever reaching it
            await new Promise((r) => setImmediate(r));
            state.records = sim.records;
            state.simMs = sim.nowUs / 1000;
            if (Number.isFinite(maxRecords)) state.fraction = sim.records / Math.max(1, maxRecords);
            else if (Number.isFinite(endUs)) state.fraction = (sim.nowUs - startUs) / (endUs - startUs);
            state.extra = `clock ${new Date(sim.nowUs / 1000).toISOString().replace('T', ' ').slice(0, 19)} | ${sim.active.toLocaleString('en-US')} active`;
            if (interrupted || sim.records >= maxRecords || sim.nextEventUs > endUs || !Number.isFinite(sim.nextEventUs)) break;
            if (!simulated) {
              // live: sleep until the next event is due (at most 200 ms, to notice Ctrl-C)
              const waitMs = sim.nextEventUs / 1000 - Date.now();
              if (waitMs > 0) await new Promise((r) => setTimeout(r, Math.min(200, waitMs)));
            }
          }
          await sink.write(out.take());
          if (interrupted && sink.commitPartial) target = (await sink.commitPartial()) ?? target;
          else await sink.commit();
          return sim.records;
        } finally {
          progress.stop();
        }
      },
      catch: (e) => e as Error,
    }).pipe(Effect.catch((e: Error) => (e instanceof BrokenPipe ? Effect.succeed(sim.records) : Effect.fail(e))));
    return { records, interrupted, target };
  }).pipe(Effect.scoped);

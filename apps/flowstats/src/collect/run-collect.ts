/**
 * `flowstats collect` as a program: resolve the config (file + flags), plan the run, open the output as a
 * scoped resource (temporary file renamed on success, removed on failure), then stream chunks from the worker
 * pool to it in order. SIGINT stops after the chunk being written, closes the document (JSON's bracket) and
 * keeps what was written; a closed stdout pipe ends quietly.
 */
import * as path from 'node:path';
import { ConfigError, runOrderedJob, validateOptions, type Contribution, type Registry } from '@flowgen/core';
import { readConfigFile } from '@flowgen/core/config';
import { decodeFlowConfigFile, planFlows, resolveFlowConfig, type FlowOverrides, type FlowPlan } from '@flowgen/emitters';
import { BrokenPipe, fileSink, stdoutSink, udpSink, type CreateEncoder, type EncoderOptions, type OutputSink, type UdpTarget } from '@flowgen/exporters';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import type { CollectJobData } from '../jobs/collect-job';
import { awaitJob } from '../cli/await-job';
import { ROTATABLE, rotatingSink, type RotatingSink, type Rotation } from './rotating-sink';
import type { Interrupt } from '../cli/interrupt';
import { ProgressReporter, type ProgressState, type ProgressStyle } from './progress-reporter';

export interface CollectOptions {
  readonly threads: number;
  readonly configFile?: string;
  readonly overrides: FlowOverrides;
  readonly flagSources: Partial<Record<keyof FlowOverrides, string>>;
  readonly format: string;
  readonly out?: string;
  readonly header: boolean;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly progress: ProgressStyle;
  /** exporter settings by option name, each with the flag that set it (for error messages) */
  readonly settings?: Readonly<Record<string, { readonly value: unknown; readonly flag: string }>>;
  /** send datagrams to a collector instead of writing a file (packet exporters only) */
  readonly send?: UdpTarget & { readonly rate?: number; readonly realtime?: boolean };
  /** installed by the command before any work (SIGINT/SIGTERM/SIGHUP) */
  readonly interrupt: Interrupt;
  /** --rotate: one complete file per period of simulated time or per size */
  readonly rotate?: Rotation;
}

export interface CollectResult {
  readonly records: number;
  readonly interrupted: boolean;
  readonly brokenPipe: boolean;
  readonly plan: FlowPlan;
  /** where the records went: the --out name (NAME.partial when interrupted), stdout, or the --send URL */
  readonly target: string;
}

const JOB_MODULE = path.join(__dirname, '..', 'jobs', 'collect-job.js');

/** Chunks [first, end) of shard i/N: contiguous ranges, so shard outputs concatenate to the whole run. */
export const shardRange = (chunks: number, shard?: { index: number; count: number }): [number, number] =>
  shard ? [Math.floor((shard.index * chunks) / shard.count), Math.floor(((shard.index + 1) * chunks) / shard.count)] : [0, chunks];

export const runCollect = (o: CollectOptions, registry: Registry): Effect.Effect<CollectResult, ConfigError | Error> =>
  Effect.gen(function* () {
    const raw = o.configFile === undefined ? undefined : yield* readConfigFile(o.configFile);
    const plan = yield* Effect.try({
      try: () => {
        const file = decodeFlowConfigFile(raw, o.configFile ?? 'config');
        return planFlows(resolveFlowConfig(file, o.configFile ?? 'config', o.overrides, o.flagSources, registry));
      },
      catch: (e) => e as ConfigError,
    });
    const exporter = registry.find('exporter', o.format);
    if (!exporter) {
      return yield* Effect.fail(new ConfigError('--output-format', '', registry.unknown('exporter', o.format)));
    }
    if (o.rotate) {
      if (o.out === undefined) return yield* Effect.fail(new ConfigError('--rotate', '', 'needs --out NAME: the files are NAME with the period start inserted (flows.202401011200.csv)'));
      if (!ROTATABLE.includes(o.format)) return yield* Effect.fail(new ConfigError('--rotate', '', `the ${o.format} format is one document and cannot be split; rotate one of ${ROTATABLE.join(', ')}`));
      if (o.shard) return yield* Effect.fail(new ConfigError('--rotate', '', 'cannot be combined with --shard (rotate the whole run, or shard without rotating)'));
    }
    const settings = yield* Effect.try({ try: () => exporterSettings(exporter, o), catch: (e) => e as ConfigError });
    const encoderOptions: Omit<EncoderOptions, 'patternNames' | 'meta'> = {
      header: o.header,
      settings,
      chunkSize: plan.chunkSize,
      startNs: String(BigInt(plan.startSec) * 1_000_000_000n + BigInt(plan.startNsec)),
    };
    const encoder = (require(exporter.module) as { createEncoder: CreateEncoder }).createEncoder({
      ...encoderOptions,
      patternNames: plan.patterns.map((p) => p.name),
      meta: { seed: String(plan.seed), chunk_size: plan.chunkSize, config: describePlan(plan) },
    });
    const [first, end] = shardRange(plan.chunks, o.shard);
    const isFirstPiece = first === 0 && (!o.shard || o.shard.index === 0);
    const isLastPiece = !o.shard || o.shard.index === o.shard.count - 1;

    let interrupted = false;
    let brokenPipe = false;
    const send = o.send;
    const sink = yield* Effect.acquireRelease(
      send
        ? Effect.tryPromise({
            try: () => udpSink(send, { rate: send.rate, realtime: send.realtime, stopped: () => interrupted }),
            catch: (e) => new Error(`--send: ${(e as Error).message}`),
          })
        : Effect.try({
            try: () => (o.rotate && o.out !== undefined ? rotatingSink(o.out, o.rotate, encoder.header(), encoder.trailer()) : o.out === undefined ? stdoutSink() : fileSink(o.out)),
            catch: (e) => e instanceof ConfigError ? e : new ConfigError('--out', '', `cannot create output file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`),
          }),
      (s: OutputSink, exit) => Effect.sync(() => (Exit.isSuccess(exit) ? undefined : s.abort())),
    );
    o.interrupt.onForcedExit(() => sink.abort());
    let target = send ? `udp://${send.host}:${send.port}` : o.out ?? 'stdout';

    const startMs = plan.startSec * 1000 + plan.startNsec / 1e6;
    const state: ProgressState = { fraction: 0, records: 0, flowBytes: 0, simMs: startMs, simStartMs: startMs };
    const progress = new ProgressReporter(o.progress, state);

    const result = yield* Effect.tryPromise({
      try: async () => {
        // a rotating sink writes each file's own header and trailer
        if (isFirstPiece && !o.rotate) await sink.write(encoder.header());
        const handle = runOrderedJob({
          threads: o.threads,
          jobModule: JOB_MODULE,
          jobData: { plan, encoderModule: exporter.module, encoderOptions } satisfies CollectJobData,
          firstChunk: first,
          endChunk: end,
          slotBytes: plan.chunkSize * encoder.maxRecordBytes,
          onChunk: async (bytes, chunk, records, info) => {
            const simToMs = (info[1] ?? 0) * 1000 + (info[2] ?? 0) / 1e6;
            await sink.write(bytes, { records, simFromMs: (info[3] ?? 0) * 1000 + (info[4] ?? 0) / 1e6, simToMs });
            state.records += records;
            state.flowBytes += info[0] ?? 0;
            if (records > 0) state.simMs = simToMs;
            state.fraction = end > first ? (chunk + 1 - first) / (end - first) : 1;
          },
        });
        return awaitJob(handle, progress, o.interrupt, () => (interrupted = true), async () => {
          if (isLastPiece && !o.rotate) await sink.write(encoder.trailer());
          if (interrupted && sink.commitPartial) target = (await sink.commitPartial()) ?? target;
          else await sink.commit();
          if (o.rotate && !interrupted) target = rotatedTarget((sink as RotatingSink).files);
        });
      },
      catch: (e) => (send && !(e instanceof ConfigError) ? new Error(`--send: ${(e as Error).message}`) : (e as Error)),
    }).pipe(
      Effect.catch((e: Error) => {
        if (e instanceof BrokenPipe) {
          brokenPipe = true;
          return Effect.succeed({ chunks: 0, records: state.records, stopped: true });
        }
        return Effect.fail(e);
      }),
    );
    return { records: result.records, interrupted, brokenPipe, plan, target };
  }).pipe(Effect.scoped);

/** the summary's target for a rotated run: the files written */
const rotatedTarget = (files: ReadonlyArray<string>): string =>
  files.length === 0 ? 'no files' : files.length === 1 ? files[0]! : `${files.length} files (${files[0]} … ${files[files.length - 1]})`;

/**
 * The exporter's settings from flags (observation domain, engine id, framing …), checked against the options
 * schema its contribution declares; --send always frames datagrams with their length.
 */
const exporterSettings = (exporter: Contribution, o: CollectOptions): Record<string, unknown> => {
  const given = Object.entries(o.settings ?? {});
  const raw: Record<string, unknown> = Object.fromEntries(given.map(([k, v]) => [k, v.value]));
  const framing = exporter.options?.properties?.framing;
  if (o.send) {
    if (!framing) throw new ConfigError('--send', '', `the ${exporter.name} format is not a packet format (use netflow-v5, netflow-v9 or ipfix)`);
    raw.framing = 'length';
  }
  for (const [k, v] of given) {
    if (!exporter.options?.properties?.[k]) throw new ConfigError(v.flag, '', `the ${exporter.name} format has no such setting`);
  }
  if (!exporter.options) return raw;
  const checked = validateOptions(exporter.options, raw);
  if (!checked.ok) throw new ConfigError(o.settings?.[checked.path.split(/[.[]/)[0]!]?.flag ?? '--output-format', '', checked.problem);
  return checked.value as Record<string, unknown>;
};

/** The run's identity for self-describing outputs (msgpack header): numbers and strings only. */
const describePlan = (p: FlowPlan): Record<string, unknown> => ({
  start_timestamp_ns: String(BigInt(p.startSec) * 1_000_000_000n + BigInt(p.startNsec)),
  end_offset_ns: p.endOffsetNs ?? null,
  total_flows: p.totalFlows ?? null,
  timing: p.timing,
  bandwidth_gbps: p.bandwidthGbps,
  gap_ns: p.gapNs,
  patterns: p.patterns.map((x) => ({ type: x.name, weight: x.weight, options: x.options })),
  bidirectional_probability: p.bidirectionalProbability,
  ...(p.hosts
    ? { hosts: { clients: p.hosts.clients.count, servers: p.hosts.servers.map((s) => ({ name: s.name, count: s.count })), conversation_reuse: p.hosts.conversationReuse } }
    : {}),
  ...(p.timeProfile ? { time_profile: { bins: p.timeProfile.weights.length, period_ns: p.timeProfile.periodNs } } : {}),
});


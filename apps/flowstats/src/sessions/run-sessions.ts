/**
 * `flowstats sessions generate` as a program: resolve the workflow (a built-in name or a file), validate and
 * plan it, open the output as a scoped resource (temporary file renamed on success), then stream chunks of
 * users from the worker pool in order — encoded by the workers (JSONL, CSV, msgpack) or, for Parquet, turned
 * into row groups here. SIGINT stops after the chunk being written and keeps a complete file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, runOrderedJob, type Registry } from '@flowgen/core';
import { planSessions, readWorkflowFile, type SessionPlan, type SessionSettings, type WorkflowDefinition } from '@flowgen/emitters';
import { BrokenPipe, decodeColumns, fileSink, SessionParquetWriter, stdoutSink, type OutputSink, type SessionFormat, type TimeFormat } from '@flowgen/exporters';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { awaitJob } from '../cli/await-job';
import type { Interrupt } from '../cli/interrupt';
import { ProgressReporter, type ProgressState, type ProgressStyle } from '../collect/progress-reporter';
import { sessionEncoder, type SessionsJobData } from '../jobs/sessions-job';

export interface SessionsOptions {
  readonly workflow: string;
  readonly settings: SessionSettings;
  readonly startDate: string;
  readonly format: SessionFormat;
  readonly timeFormat: TimeFormat;
  readonly out?: string;
  readonly header: boolean;
  readonly threads: number;
  readonly progress: ProgressStyle;
  /** installed by the command before any work (SIGINT/SIGTERM/SIGHUP) */
  readonly interrupt: Interrupt;
}

export interface SessionsResult {
  readonly calls: number;
  readonly interrupted: boolean;
  readonly plan: SessionPlan;
  /** the --out name (NAME.partial when interrupted) or stdout */
  readonly target: string;
}

const JOB_MODULE = path.join(__dirname, '..', 'jobs', 'sessions-job.js');
/** a chunk's encoded output is bounded by this (users per chunk shrink as sessions grow) */
const SLOT_TARGET = 64 << 20;
const MAX_USERS_PER_CHUNK = 256;

/** A workflow by built-in (or plugin) name, else by file path; with the name errors are reported under. */
export const resolveWorkflow = (nameOrFile: string, registry: Registry): Effect.Effect<{ workflow: WorkflowDefinition; source: string }, ConfigError> => {
  const contribution = registry.find('workflow', nameOrFile);
  if (contribution) return Effect.map(readWorkflowFile(contribution.module), (workflow) => ({ workflow, source: contribution.module }));
  if (fs.existsSync(nameOrFile) || /[./\\]/.test(nameOrFile)) return Effect.map(readWorkflowFile(nameOrFile), (workflow) => ({ workflow, source: nameOrFile }));
  return Effect.fail(new ConfigError('--workflow', '', registry.unknown('workflow', nameOrFile)));
};

export const runSessions = (o: SessionsOptions, registry: Registry): Effect.Effect<SessionsResult, ConfigError | Error> =>
  Effect.gen(function* () {
    const { workflow, source } = yield* resolveWorkflow(o.workflow, registry);
    const plan = yield* Effect.try({ try: () => planSessions(workflow, o.settings, source), catch: (e) => e as ConfigError });
    const meta = {
      seed: plan.seed,
      generator: 'flowgen sessions',
      settings: {
        users: plan.users, sessions_per_user: [plan.sessionsMean, plan.sessionsStd], start_date: o.startDate, days: o.settings.days,
        failure_rate: plan.failureRate, max_length: plan.maxLength, thinking_probability: plan.thinkingProbability, error_rate: plan.errorRate,
      },
      workflow,
    };
    const encoder = sessionEncoder(o.format, plan, o.header, o.timeFormat, meta);
    const perUser = plan.maxCallsPerUser * encoder.maxRowBytes;
    if (perUser > 8 * SLOT_TARGET) {
      return yield* Effect.fail(new ConfigError('--sessions-per-user', '', `one user may produce up to ${plan.maxCallsPerUser} calls (sessions cap ${plan.sessionsCap} × max length ${plan.maxLength} × 2 for retries); lower the mean/std or --max-length`));
    }
    const usersPerChunk = Math.max(1, Math.min(MAX_USERS_PER_CHUNK, Math.floor(SLOT_TARGET / perUser)));
    const chunks = Math.ceil(plan.users / usersPerChunk);

    let interrupted = false;
    const sink = yield* Effect.acquireRelease(
      Effect.try({
        try: () => (o.out === undefined ? stdoutSink() : fileSink(o.out)),
        catch: (e) => e instanceof ConfigError ? e : new ConfigError('--out', '', `cannot create output file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`),
      }),
      (s: OutputSink, exit) => Effect.sync(() => (Exit.isSuccess(exit) ? undefined : s.abort())),
    );
    o.interrupt.onForcedExit(() => sink.abort());
    let target = o.out ?? 'stdout';
    const state: ProgressState = { fraction: 0, records: 0, flowBytes: 0, simMs: 0, simStartMs: 0, unit: 'calls', extra: '' };
    const progress = new ProgressReporter(o.progress, state);

    const result = yield* Effect.tryPromise({
      try: async () => {
        const parquet = o.format === 'parquet' ? await SessionParquetWriter.open(plan.tables, meta, async (b) => sink.write(b)) : undefined;
        if (!parquet) await sink.write(encoder.header());
        const handle = runOrderedJob({
          threads: o.threads,
          jobModule: JOB_MODULE,
          jobData: { plan, usersPerChunk, format: o.format, timeFormat: o.timeFormat } satisfies SessionsJobData,
          firstChunk: 0,
          endChunk: chunks,
          slotBytes: usersPerChunk * perUser + 1024,
          onChunk: async (bytes, _chunk, records, info) => {
            if (parquet) await parquet.add(decodeColumns(bytes));
            else await sink.write(bytes);
            state.records += records;
            state.fraction = (info[0] ?? 0) / plan.users;
            state.extra = `${(info[0] ?? 0).toLocaleString('en-US')} of ${plan.users.toLocaleString('en-US')} users`;
          },
        });
        return awaitJob(handle, progress, o.interrupt, () => (interrupted = true), async () => {
          if (parquet) await parquet.finish();
          if (interrupted && sink.commitPartial) target = (await sink.commitPartial()) ?? target;
          else await sink.commit();
        });
      },
      catch: (e) => e as Error,
    }).pipe(
      Effect.catch((e: Error) => (e instanceof BrokenPipe ? Effect.succeed({ chunks: 0, records: state.records, stopped: true }) : Effect.fail(e))),
    );
    return { calls: result.records, interrupted, plan, target };
  }).pipe(Effect.scoped);

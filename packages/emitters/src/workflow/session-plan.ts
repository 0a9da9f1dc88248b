/**
 * A validated workflow plus generation settings, compiled into plain numbers and string tables: what the
 * session engine (and every worker thread) needs, with no strings looked up per call. The chain becomes
 * cumulative-probability rows in CSR form; methods, latencies and parameter sets are resolved per endpoint.
 */
import { ConfigError, type SessionTables } from '@flowgen/core';
import { cumulativeWeights } from '@flowgen/distributions';
import { inferLatencyMs, inferMethod, inferParams } from './endpoint-traits';
import { validateWorkflow, workflowEndpoints } from './validate-workflow';
import type { WorkflowDefinition } from './workflow-definition';

export interface SessionSettings {
  readonly users: number;
  /** sessions per user: normal(mean, std), rounded, at least 1, at most `sessionsCap` */
  readonly sessionsMean: number;
  readonly sessionsStd: number;
  /** seconds since the epoch of the first possible session start */
  readonly startSec: number;
  /** sessions start uniformly over this many days */
  readonly days: number;
  /** share of sessions that suffer a cascade failure from mid-session on */
  readonly failureRate: number;
  /** calls per session walk (retries come on top) */
  readonly maxLength: number;
  readonly seed: bigint;
  /** share of gaps between calls that are "thinking" (10–30 s instead of 1–5 s) */
  readonly thinkingProbability: number;
  /** share of ordinary calls answered with a 4xx/5xx */
  readonly errorRate: number;
}

export const SESSION_DEFAULTS = {
  users: 1000,
  sessionsMean: 3,
  sessionsStd: 2,
  startDate: '2026-01-01T00:00:00Z',
  days: 30,
  failureRate: 0,
  maxLength: 50,
  thinkingProbability: 0.1,
  errorRate: 0.05,
} as const;

export interface SessionPlan {
  readonly seed: string;
  readonly users: number;
  readonly sessionsMean: number;
  readonly sessionsStd: number;
  readonly sessionsCap: number;
  readonly startSec: number;
  readonly spanSec: number;
  readonly failureRate: number;
  readonly maxLength: number;
  readonly thinkingProbability: number;
  readonly errorRate: number;
  readonly tables: SessionTables;
  /** entry endpoints and their cumulative probabilities */
  readonly entryTo: ReadonlyArray<number>;
  readonly entryCum: ReadonlyArray<number>;
  /** transition rows: endpoint e's targets are rowTo[rowStart[e] … rowStart[e+1]) */
  readonly rowStart: ReadonlyArray<number>;
  readonly rowTo: ReadonlyArray<number>;
  readonly rowCum: ReadonlyArray<number>;
  readonly isExit: ReadonlyArray<number>;
  readonly latencyUs: ReadonlyArray<number>;
  /** index into tables.methods */
  readonly method: ReadonlyArray<number>;
  /** endpoint e's parameter sets are params[paramStart[e] … paramStart[e] + paramCount[e]) */
  readonly paramStart: ReadonlyArray<number>;
  readonly paramCount: ReadonlyArray<number>;
  readonly userTypeCum: ReadonlyArray<number>;
  /** calls one user can produce at most: the bound output buffers are sized from */
  readonly maxCallsPerUser: number;
}

/** cumulative probabilities as a plain array (the plan crosses to worker threads as data) */
const cumulative = (ps: ReadonlyArray<number>): number[] => Array.from(cumulativeWeights(ps));

/** Every combination of parameter values, as records (name order as given). */
const combinations = (params: Readonly<Record<string, ReadonlyArray<string>>>): Array<Record<string, string>> => {
  let out: Array<Record<string, string>> = [{}];
  for (const [name, values] of Object.entries(params)) out = out.flatMap((o) => values.map((v) => ({ ...o, [name]: v })));
  return out;
};

export const SESSIONS_CAP_LIMIT = 100_000;

export const planSessions = (w: WorkflowDefinition, s: SessionSettings, source: string): SessionPlan => {
  const errors = validateWorkflow(w).filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ConfigError(source, errors[0]!.path, errors[0]!.message + (errors.length > 1 ? ` (and ${errors.length - 1} more: run 'flowstats sessions validate')` : ''));
  const endpoints = workflowEndpoints(w);
  const index = new Map(endpoints.map((e, i) => [e, i]));
  const exits = new Set(w.exit_points);

  const entries = Object.entries(w.entry_points).filter(([, p]) => p > 0);
  const rowStart: number[] = [0];
  const rowTo: number[] = [];
  const rowCum: number[] = [];
  for (const e of endpoints) {
    const row = Object.entries(w.transitions[e] ?? {}).filter(([, p]) => p > 0);
    if (!exits.has(e)) {
      rowTo.push(...row.map(([to]) => index.get(to)!));
      rowCum.push(...cumulative(row.map(([, p]) => p)));
    }
    rowStart.push(rowTo.length);
  }

  const methods: string[] = [];
  const methodIndex = (m: string): number => {
    const i = methods.indexOf(m);
    return i >= 0 ? i : methods.push(m) - 1;
  };
  const params: Array<Record<string, string>> = [];
  const paramStart: number[] = [];
  const paramCount: number[] = [];
  for (const e of endpoints) {
    const sets = w.params?.[e] ?? inferParams(e);
    const combos = sets ? combinations(sets) : [];
    paramStart.push(params.length);
    paramCount.push(combos.length);
    params.push(...combos);
  }
  if (params.length > 65535) throw new ConfigError(source, 'params', `${params.length} parameter sets in all; at most 65535`);

  const userTypes = Object.entries(w.user_type_distribution ?? { default: 1 }).filter(([, p]) => p > 0);
  const sessionsCap = Math.min(SESSIONS_CAP_LIMIT, Math.max(1, Math.ceil(s.sessionsMean + 6 * s.sessionsStd)));
  return {
    seed: s.seed.toString(),
    users: s.users,
    sessionsMean: s.sessionsMean,
    sessionsStd: s.sessionsStd,
    sessionsCap,
    startSec: s.startSec,
    spanSec: s.days * 86400,
    failureRate: s.failureRate,
    maxLength: s.maxLength,
    thinkingProbability: s.thinkingProbability,
    errorRate: s.errorRate,
    tables: { endpoints, userTypes: userTypes.map(([t]) => t), methods, params },
    entryTo: entries.map(([e]) => index.get(e)!),
    entryCum: cumulative(entries.map(([, p]) => p)),
    rowStart,
    rowTo,
    rowCum,
    isExit: endpoints.map((e) => (exits.has(e) ? 1 : 0)),
    latencyUs: endpoints.map((e) => Math.round((w.avg_response_times?.[e] ?? inferLatencyMs(e)) * 1000)),
    method: endpoints.map((e) => methodIndex(w.methods?.[e] ?? inferMethod(e))),
    paramStart,
    paramCount,
    userTypeCum: cumulative(userTypes.map(([, p]) => p)),
    // every walk call may be retried once
    maxCallsPerUser: sessionsCap * s.maxLength * 2,
  };
};

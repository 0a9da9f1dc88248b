/**
 * Worker side of `flowstats sessions generate`: rebuilds the session engine and the encoder from plain data
 * and turns chunk k (users [k·U, (k+1)·U)) into encoded bytes. Free of Effect and oclif, like collect-job.
 */
import { SessionBatch, type ChunkJob, type CreateChunkJob } from '@flowgen/core';
// deep imports: the packages' index modules also export config decoding, which loads Effect
import { SessionEngine } from '@flowgen/emitters/workflow/session-engine';
import type { SessionPlan } from '@flowgen/emitters/workflow/session-plan';
import { createColumnsEncoder } from '@flowgen/exporters/session/columns';
import { createSessionEncoder as csv } from '@flowgen/exporters/session/csv';
import { createSessionEncoder as jsonl } from '@flowgen/exporters/session/jsonl';
import { createSessionEncoder as msgpack } from '@flowgen/exporters/session/msgpack';
import type { SessionEncoder } from '@flowgen/exporters/session/session-encoder';
import type { TimeFormat } from '@flowgen/exporters/json-time';

export interface SessionsJobData {
  readonly plan: SessionPlan;
  readonly usersPerChunk: number;
  /** parquet: the workers hand over raw columns and the main thread writes row groups */
  readonly format: 'jsonl' | 'csv' | 'msgpack' | 'parquet';
  readonly timeFormat: TimeFormat;
}

export const sessionEncoder = (format: SessionsJobData['format'], plan: SessionPlan, header: boolean, timeFormat: TimeFormat, meta?: Record<string, unknown>): SessionEncoder => {
  if (format === 'parquet') return createColumnsEncoder();
  const create = format === 'csv' ? csv : format === 'msgpack' ? msgpack : jsonl;
  return create({ tables: plan.tables, header, meta, timeFormat });
};

export const createJob: CreateChunkJob = (data): ChunkJob => {
  const d = data as SessionsJobData;
  const engine = new SessionEngine(d.plan);
  const encoder = sessionEncoder(d.format, d.plan, false, d.timeFormat);
  const batch = new SessionBatch(d.usersPerChunk * d.plan.maxCallsPerUser);
  return {
    runChunk(k, out) {
      const first = k * d.usersPerChunk;
      const end = Math.min(d.plan.users, first + d.usersPerChunk);
      const n = engine.fillUsers(first, end, batch);
      // info: users finished after this chunk (progress)
      return { bytes: encoder.encode(batch, 0, n, out, 0), records: n, info: [end] };
    },
  };
};

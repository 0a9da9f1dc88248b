/**
 * A workflow: user behaviour as a Markov chain over API endpoints (seed 001's WorkflowDefinition), in YAML or
 * JSON. Decoded with an Effect Schema (errors name the file and field path); `workflowToYaml` writes the same
 * shape back so that load → save → load round-trips exactly.
 */
import { ConfigError } from '@flowgen/core';
import { decodeConfig, parseConfigText, readConfigFile } from '@flowgen/core/config';
import * as Effect from 'effect/Effect';
import * as Schema from 'effect/Schema';

const Prob = Schema.Number.check(Schema.isFinite(), Schema.isGreaterThanOrEqualTo(0), Schema.isLessThanOrEqualTo(1));
/** response times in ms: positive, at most one hour (longer ones would push call times past what a timestamp holds) */
const PositiveMs = Schema.Number.check(Schema.isFinite(), Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(3_600_000));
const Method = Schema.Literals(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export const WorkflowFile = Schema.Struct({
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  entry_points: Schema.Record(Schema.String, Prob),
  transitions: Schema.Record(Schema.String, Schema.Record(Schema.String, Prob)),
  exit_points: Schema.Array(Schema.String),
  avg_response_times: Schema.optionalKey(Schema.Record(Schema.String, PositiveMs)),
  user_type_distribution: Schema.optionalKey(Schema.Record(Schema.String, Prob)),
  methods: Schema.optionalKey(Schema.Record(Schema.String, Method)),
  /** request parameters per endpoint: each name with the values a call picks from (uniformly) */
  params: Schema.optionalKey(Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.Array(Schema.String)))),
});
export type WorkflowDefinition = typeof WorkflowFile.Type;

export const decodeWorkflow = (raw: unknown, source: string): WorkflowDefinition => decodeConfig(WorkflowFile, raw, source);

export const parseWorkflowText = (text: string, source: string): WorkflowDefinition => decodeWorkflow(parseConfigText(text, source), source);

export const readWorkflowFile = (file: string): Effect.Effect<WorkflowDefinition, ConfigError> =>
  Effect.flatMap(readConfigFile(file), (raw) => Effect.try({ try: () => decodeWorkflow(raw, file), catch: (e) => e as ConfigError }));

/** YAML in the file shape, keys in the order the seed documents them. */
export const workflowToYaml = (w: WorkflowDefinition): string => {
  const ordered: Record<string, unknown> = { name: w.name };
  if (w.description !== undefined) ordered.description = w.description;
  ordered.entry_points = w.entry_points;
  ordered.transitions = w.transitions;
  ordered.exit_points = w.exit_points;
  for (const k of ['avg_response_times', 'user_type_distribution', 'methods', 'params'] as const) if (w[k] !== undefined) ordered[k] = w[k];
  const { stringify } = require('yaml') as typeof import('yaml'); // loaded only when a workflow is written out
  return stringify(ordered, { lineWidth: 0 });
};

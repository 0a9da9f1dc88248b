/**
 * Edge helpers for configs (Effect-based; a separate entry point, `@flowgen/core/config`, so that worker
 * threads which import `@flowgen/core` never load Effect): read a YAML or JSON file, and decode a value with an
 * Effect Schema into a typed result or a ConfigError naming the file and the field path.
 */
import * as fs from 'node:fs';
import * as Effect from 'effect/Effect';
import * as Result from 'effect/Result';
import * as Schema from 'effect/Schema';
import * as SchemaIssue from 'effect/SchemaIssue';
import { ConfigError, formatPath } from './config-error';

/** Parses a config file's text: JSON when the name ends in .json, otherwise YAML (a superset of JSON). */
export const parseConfigText = (text: string, source: string): unknown => {
  if (source.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ConfigError(source, '', `malformed JSON (${(e as Error).message})`);
    }
  }
  // required here, not at the top: the yaml library is ~140 modules, and most runs read no YAML at all
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0];
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(source, '', `malformed YAML${line ? ` at line ${line.line}, column ${line.col}` : ''} (${what})`);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // the yaml library refuses alias expansion beyond maxAliasCount (a "billion laughs" document)
    throw new ConfigError(source, '', `YAML aliases expand too far (${(e as Error).message}; at most 1000 alias expansions)`);
  }
};

/** Reads and parses a YAML or JSON config file; `flag` (e.g. "--config") is named when the file is missing. */
export const readConfigFileSync = (file: string, flag?: string): unknown => {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, '', code === 'ENOENT' ? `no such file${flag ? ` (${flag})` : ''}` : `cannot read (${code ?? (e as Error).message})`);
  }
  return parseConfigText(text, file);
};

export const readConfigFile = (file: string): Effect.Effect<unknown, ConfigError> =>
  Effect.try({ try: () => readConfigFileSync(file), catch: (e) => e as ConfigError });

const formatter = SchemaIssue.makeFormatterStandardSchemaV1();

/** Decodes `input` with `schema`; unknown keys are errors (they are usually typos). Reports the first issue. */
export const decodeConfig = <S extends Schema.Codec<unknown, unknown, never, never>>(schema: S, input: unknown, source: string): S['Type'] => {
  const r = Schema.decodeUnknownResult(schema as never, { errors: 'first', onExcessProperty: 'error' })(input);
  if (Result.isSuccess(r)) return r.success as S['Type'];
  const issue = formatter((r.failure as { issue: SchemaIssue.Issue }).issue).issues[0];
  const p = issue ? formatPath((issue.path ?? []).map((k) => (typeof k === 'object' ? (k as { key: PropertyKey }).key : k))) : '';
  const message = (issue?.message ?? 'invalid').replace(/^Expected no excess property$/, 'unknown field (check the spelling)');
  throw new ConfigError(source, p, message);
};

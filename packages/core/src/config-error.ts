/**
 * The one error users see for bad input: `flowstats: <source>: <field path>: <problem>`.
 * Plain class (no Effect import) so kernels and workers can throw it too; at the edges it is an Effect failure
 * with tag "ConfigError".
 */
export class ConfigError extends Error {
  readonly _tag = 'ConfigError';
  constructor(
    /** file name, `--flag`, or another source the user can recognise */
    readonly source: string,
    /** dotted field path inside the source ("generation.total_flows"), or "" when the whole source is at fault */
    readonly path: string,
    readonly problem: string,
  ) {
    super([source, path, problem].filter((s) => s !== '').join(': '));
    this.name = 'ConfigError';
  }
}

export const isConfigError = (e: unknown): e is ConfigError =>
  typeof e === 'object' && e !== null && (e as { _tag?: unknown })._tag === 'ConfigError';

/** Joins a path of keys and indices the way users write them: `traffic_patterns[2].type`. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
};

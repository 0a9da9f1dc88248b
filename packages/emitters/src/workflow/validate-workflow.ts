/**
 * Cross-checks of a decoded workflow that a schema cannot express: probability sums, dead ends, endpoints that
 * can never reach an exit (a random walk there would only stop at max_length), names used in side tables but
 * not in the chain. Every problem names its field path; errors stop generation, warnings are printed.
 */
import type { WorkflowDefinition } from './workflow-definition';

export const PROBABILITY_TOLERANCE = 1e-6;

export interface WorkflowProblem {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

/** `transitions["/api/login"]`: endpoint names hold slashes and dots, so they are quoted. */
export const fieldPath = (...keys: ReadonlyArray<string>): string =>
  keys.map((k, i) => (i === 0 ? k : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('');

/** Every endpoint the chain mentions, in first-mention order (entries, transition rows and targets, exits). */
export const workflowEndpoints = (w: WorkflowDefinition): string[] => {
  const seen = new Set<string>();
  for (const e of Object.keys(w.entry_points)) seen.add(e);
  for (const [from, row] of Object.entries(w.transitions)) {
    seen.add(from);
    for (const to of Object.keys(row)) seen.add(to);
  }
  for (const e of w.exit_points) seen.add(e);
  return [...seen];
};

const sum = (row: Readonly<Record<string, number>>): number => Object.values(row).reduce((a, b) => a + b, 0);

export const validateWorkflow = (w: WorkflowDefinition): WorkflowProblem[] => {
  const problems: WorkflowProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ severity: 'error', path, message });
  const warning = (path: string, message: string): void => void problems.push({ severity: 'warning', path, message });
  const exits = new Set(w.exit_points);
  const endpoints = workflowEndpoints(w);
  const known = new Set(endpoints);

  if (Object.keys(w.entry_points).length === 0) error('entry_points', 'no entry points: a session has nowhere to start');
  const entrySum = sum(w.entry_points);
  if (Object.keys(w.entry_points).length > 0 && Math.abs(entrySum - 1) > PROBABILITY_TOLERANCE) {
    error('entry_points', `probabilities sum to ${+entrySum.toFixed(9)}, must be 1 (±${PROBABILITY_TOLERANCE})`);
  }
  if (w.exit_points.length === 0) error('exit_points', 'no exit points: sessions could never end');
  for (const [from, row] of Object.entries(w.transitions)) {
    const s = sum(row);
    if (Object.keys(row).length === 0) continue; // reported as a dead end below
    if (Math.abs(s - 1) > PROBABILITY_TOLERANCE) error(fieldPath('transitions', from), `probabilities sum to ${+s.toFixed(9)}, must be 1 (±${PROBABILITY_TOLERANCE})`);
    if (exits.has(from)) warning(fieldPath('transitions', from), 'an exit point ends its session, so these transitions are never taken');
  }
  for (const e of endpoints) {
    const row = w.transitions[e];
    if (!exits.has(e) && (row === undefined || Object.keys(row).length === 0)) {
      error(fieldPath('transitions', e), 'dead end: not an exit point and has no outgoing transitions (add transitions or list it in exit_points)');
    }
  }

  // reverse reachability from the exits over transitions with probability > 0
  const reachesExit = new Set<string>(w.exit_points);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, row] of Object.entries(w.transitions)) {
      if (reachesExit.has(from)) continue;
      if (Object.entries(row).some(([to, p]) => p > 0 && reachesExit.has(to))) {
        reachesExit.add(from);
        changed = true;
      }
    }
  }
  // forward reachability from the entries
  const reachable = new Set<string>();
  const stack = Object.entries(w.entry_points).filter(([, p]) => p > 0).map(([e]) => e);
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (reachable.has(e)) continue;
    reachable.add(e);
    if (exits.has(e)) continue;
    for (const [to, p] of Object.entries(w.transitions[e] ?? {})) if (p > 0) stack.push(to);
  }
  for (const e of endpoints) {
    const hasRow = w.transitions[e] !== undefined && Object.keys(w.transitions[e]!).length > 0;
    if (!reachesExit.has(e) && hasRow) error(fieldPath('transitions', e), 'no path from this endpoint reaches an exit point (sessions would loop until max length)');
    if (!reachable.has(e)) warning(fieldPath('endpoints', e), 'unreachable from the entry points');
  }

  const sideTables = [['avg_response_times', w.avg_response_times], ['methods', w.methods], ['params', w.params]] as const;
  for (const [table, entries] of sideTables) {
    for (const e of Object.keys(entries ?? {})) {
      if (!known.has(e)) error(fieldPath(table, e), `unknown endpoint (not in entry_points, transitions or exit_points)`);
    }
  }
  for (const [e, params] of Object.entries(w.params ?? {})) {
    let combos = 1;
    for (const [name, values] of Object.entries(params)) {
      if (values.length === 0) error(fieldPath('params', e, name), 'needs at least one value');
      combos *= Math.max(1, values.length);
    }
    if (combos > 4096) error(fieldPath('params', e), `${combos} combinations of values; at most 4096`);
  }
  if (w.user_type_distribution !== undefined) {
    const s = sum(w.user_type_distribution);
    if (Object.keys(w.user_type_distribution).length === 0) error('user_type_distribution', 'is empty (omit it for a single "default" user type)');
    else if (Math.abs(s - 1) > PROBABILITY_TOLERANCE) error('user_type_distribution', `probabilities sum to ${+s.toFixed(9)}, must be 1 (±${PROBABILITY_TOLERANCE})`);
    if (Object.keys(w.user_type_distribution).length > 255) error('user_type_distribution', 'at most 255 user types');
  }
  if (endpoints.length > 65535) error('transitions', 'at most 65535 endpoints');
  return problems;
};

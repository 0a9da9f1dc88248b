/**
 * Both config dialects of the event generator — 6fca005 (states with delay / variables_on_entry / variables /
 * transitions, top-level interarrival) and HEAD (typed states: event:start:timer, activity, gateway:exclusive,
 * event:intermediate:timer, event:end) — compiled into one model of nodes. A node runs, in order:
 * entry variables → delay → variables → emit → transition (6fca005 states map 1:1; a HEAD activity is a node
 * without delay, a timer a node with only a delay, a gateway a node with only transitions, event:end the end).
 * Every problem is collected with its JSON path (errors and warnings, as ieg-reference §15 with the stricter
 * rules: per-path variable use, value-space checks, HEAD probability sums).
 */
import type { Registry } from '@flowgen/core';
import { Rng } from '@flowgen/core';
import { cumulativeWeights } from '@flowgen/distributions';
import { compileDistribution, isObj, type EventDist, type Problems } from './event-distribution';
import { compileField, type FieldGen } from './event-fields';

export const END = -1;

export interface VarSet {
  readonly slot: number;
  readonly gen: FieldGen;
}

export interface EventNode {
  readonly name: string;
  /** JSON path of the state in the config */
  readonly path: string;
  readonly entryVars: ReadonlyArray<VarSet>;
  readonly delay?: EventDist;
  /** 6fca005: a zero delay still lets workers due at the same instant run first */
  readonly yieldOnZero: boolean;
  readonly vars: ReadonlyArray<VarSet>;
  /** index into emitters, or −1 */
  readonly emitter: number;
  /** next node indices (END = −1) with cumulative probabilities */
  readonly next: Int32Array;
  readonly cum: Float64Array;
  /** HEAD's start timer and end events: nodes no worker runs (no reachability warnings) */
  readonly silent?: boolean;
}

export interface Emitter {
  readonly name: string;
  readonly dims: ReadonlyArray<FieldGen>;
}

export interface EventTemplate {
  readonly body: string;
  readonly header?: string;
}

export interface EventModel {
  readonly dialect: '6fca005' | 'HEAD';
  readonly interarrival: EventDist;
  readonly initial: number;
  readonly nodes: ReadonlyArray<EventNode>;
  readonly emitters: ReadonlyArray<Emitter>;
  readonly varNames: ReadonlyArray<string>;
  readonly templates: Readonly<Record<string, EventTemplate>>;
}

export interface EventProblem {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

const HEAD_TYPES = ['event:start:timer', 'activity', 'gateway:exclusive', 'event:intermediate:timer', 'event:end'];

export interface CompileOptions {
  readonly source: string;
  readonly seed: bigint;
  readonly registry?: Registry;
  readonly tzOffsetMin?: number;
}

/** Compiles a parsed config; returns the model (when there are no errors) and every problem found. */
export const compileEventConfig = (raw: unknown, o: CompileOptions): { model?: EventModel; problems: EventProblem[] } => {
  const problems: EventProblem[] = [];
  const p: Problems = {
    source: o.source,
    error: (path, message) => void problems.push({ severity: 'error', path, message }),
    warning: (path, message) => void problems.push({ severity: 'warning', path, message }),
  };
  if (!isObj(raw)) {
    p.error('', 'a config is a JSON object with emitters and states');
    return { problems };
  }
  const slots = new Map<string, number>();
  const slotOf = (name: string): number => {
    let s = slots.get(name);
    if (s === undefined) slots.set(name, (s = slots.size));
    return s;
  };
  const ctx = { problems: p, registry: o.registry, tzOffsetMin: o.tzOffsetMin ?? 0, poolRng: Rng.stream(o.seed, 0xc0ffee), slotOf };

  // emitters
  const emitters: Emitter[] = [];
  const emitterIndex = new Map<string, number>();
  if (!Array.isArray(raw.emitters) || raw.emitters.length === 0) p.error('emitters', 'must be a non-empty list');
  else {
    raw.emitters.forEach((e, i) => {
      const path = `emitters[${i}]`;
      if (!isObj(e) || typeof e.name !== 'string') return p.error(`${path}.name`, 'is required');
      if (emitterIndex.has(e.name)) p.error(`${path}.name`, `duplicate emitter name "${e.name}"`);
      if (!Array.isArray(e.dimensions) || e.dimensions.length === 0) return p.error(`${path}.dimensions`, 'must be a non-empty list');
      const dims = e.dimensions.map((d, j) => compileField(d, `${path}.dimensions[${j}]`, ctx, 'dimension')).filter((d): d is FieldGen => d !== undefined);
      emitterIndex.set(e.name, emitters.push({ name: e.name, dims }) - 1);
    });
  }

  // states: dialect
  const states = Array.isArray(raw.states) ? raw.states : [];
  if (states.length === 0) p.error('states', 'must be a non-empty list');
  const typed = states.filter((s) => isObj(s) && s.type !== undefined).length;
  if (typed > 0 && typed < states.length) {
    p.error('states', `mixes dialects: ${typed} of ${states.length} states have a "type" (HEAD style); either all or none`);
    return { problems };
  }
  const dialect = typed > 0 ? 'HEAD' : '6fca005';
  const names = new Map<string, number>();
  states.forEach((s, i) => {
    if (!isObj(s) || typeof s.name !== 'string') return p.error(`states[${i}].name`, 'is required');
    if (names.has(s.name)) p.error(`states[${i}].name`, `duplicate state name "${s.name}"`);
    else names.set(s.name, i);
  });

  const varList = (s: Record<string, unknown>, key: string, path: string): VarSet[] => {
    const v = s[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      p.error(`${path}.${key}`, 'must be a list of fields');
      return [];
    }
    return v.map((g, j) => compileField(g, `${path}.${key}[${j}]`, ctx, 'variable')).filter((g): g is FieldGen => g !== undefined).map((gen) => ({ slot: slotOf(gen.name), gen }));
  };
  const emitterOf = (s: Record<string, unknown>, path: string): number => {
    if (s.emitter === undefined || s.emitter === null) return -1;
    const e = emitterIndex.get(String(s.emitter));
    if (e === undefined) p.error(`${path}.emitter`, `unknown emitter "${String(s.emitter)}" (known: ${[...emitterIndex.keys()].join(', ') || 'none'})`);
    return e ?? -1;
  };
  /** transitions → targets by state index (END for stop / event:end) */
  const transitions = (s: Record<string, unknown>, path: string, sumIsError: boolean, resolve: (name: string, at: string) => number): { next: Int32Array; cum: Float64Array } => {
    const ts = s.transitions;
    if (!Array.isArray(ts) || ts.length === 0) {
      p.error(`${path}.transitions`, 'must be a non-empty list of {next, probability}');
      return { next: Int32Array.of(END), cum: Float64Array.of(1) };
    }
    const next: number[] = [];
    const ws: number[] = [];
    ts.forEach((t, j) => {
      const at = `${path}.transitions[${j}]`;
      if (!isObj(t) || typeof t.next !== 'string') return p.error(`${at}.next`, 'is required (a state name)');
      if (typeof t.probability !== 'number' || !(t.probability > 0 && t.probability <= 1)) return p.error(`${at}.probability`, `must be a number in (0, 1], got ${JSON.stringify(t.probability)}`);
      next.push(resolve(t.next, `${at}.next`));
      ws.push(t.probability);
    });
    const total = ws.reduce((a, b) => a + b, 0);
    if (ws.length > 0 && Math.abs(total - 1) > 0.01) {
      (sumIsError ? p.error : p.warning)(`${path}.transitions`, `probabilities sum to ${+total.toFixed(6)}${sumIsError ? ', must be 1 (±0.01)' : '; used as relative weights'}`);
    }
    return { next: Int32Array.from(next.length ? next : [END]), cum: ws.length ? cumulativeWeights(ws) : Float64Array.of(1) };
  };

  const nodes: EventNode[] = [];
  let interarrival: EventDist | undefined;
  let initial = 0;
  if (dialect === '6fca005') {
    if (raw.interarrival === undefined) p.error('interarrival', 'is required (the distribution of seconds between new workers)');
    else interarrival = compileDistribution(raw.interarrival, 'interarrival', 'delay', ctx);
    const resolve = (name: string, at: string): number => {
      if (name.toLowerCase() === 'stop') return END;
      const i = names.get(name);
      if (i === undefined) p.error(at, `unknown state "${name}" (known: ${[...names.keys()].join(', ')}, or stop)`);
      return i ?? END;
    };
    states.forEach((s, i) => {
      const path = `states[${i}]`;
      if (!isObj(s)) return;
      if (s.delay === undefined) p.error(`${path}.delay`, 'is required (use {"type": "constant", "value": 0} for none)');
      nodes.push({
        name: String(s.name),
        path,
        entryVars: varList(s, 'variables_on_entry', path),
        delay: s.delay === undefined ? undefined : compileDistribution(s.delay, `${path}.delay`, 'delay', ctx),
        yieldOnZero: true,
        vars: varList(s, 'variables', path),
        emitter: emitterOf(s, path),
        ...transitions(s, path, false, resolve),
      });
    });
  } else {
    // HEAD: state index i becomes node i; event:end and the start timer become END / the spawner
    const kinds = states.map((s) => (isObj(s) ? String(s.type) : ''));
    const resolve = (name: string, at: string): number => {
      const i = names.get(name);
      if (i === undefined) {
        p.error(at, `unknown state "${name}" (known: ${[...names.keys()].join(', ')})`);
        return END;
      }
      return kinds[i] === 'event:end' ? END : i;
    };
    const starts = kinds.flatMap((k, i) => (k === 'event:start:timer' ? [i] : []));
    if (starts.length !== 1) p.error('states', `needs exactly one event:start:timer state, found ${starts.length}`);
    if (!kinds.includes('event:end')) p.error('states', 'needs at least one event:end state');
    const allowed: Record<string, string[]> = {
      'event:start:timer': ['cardinality_distribution', 'next'],
      activity: ['next', 'variables', 'emitter'],
      'gateway:exclusive': ['transitions'],
      'event:intermediate:timer': ['cardinality_distribution', 'next'],
      'event:end': [],
    };
    states.forEach((s, i) => {
      const path = `states[${i}]`;
      if (!isObj(s)) return;
      const kind = kinds[i]!;
      if (!HEAD_TYPES.includes(kind)) p.error(`${path}.type`, `unknown state type "${kind}" (one of: ${HEAD_TYPES.join(', ')})`);
      for (const k of Object.keys(s)) {
        if (k === 'name' || k === 'type' || k.startsWith('_') || k === 'comment' || !HEAD_TYPES.includes(kind)) continue;
        if (!allowed[kind]!.includes(k)) p.error(`${path}.${k}`, `a ${kind} state takes no "${k}"${k === 'variables_on_entry' ? ' (HEAD dialect: set them in an activity before a timer)' : ''}`);
      }
      const single = (): { next: Int32Array; cum: Float64Array } => {
        if (typeof s.next !== 'string') {
          p.error(`${path}.next`, 'is required (a state name)');
          return { next: Int32Array.of(END), cum: Float64Array.of(1) };
        }
        return { next: Int32Array.of(resolve(s.next, `${path}.next`)), cum: Float64Array.of(1) };
      };
      const base = { name: String(s.name), path, entryVars: [], yieldOnZero: false, vars: [] as VarSet[], emitter: -1 };
      if (kind === 'event:start:timer') {
        if (s.cardinality_distribution === undefined) p.error(`${path}.cardinality_distribution`, 'is required (the interarrival of new workers)');
        else interarrival = compileDistribution(s.cardinality_distribution, `${path}.cardinality_distribution`, 'delay', ctx);
        const n = single();
        initial = n.next[0]!;
        nodes.push({ ...base, ...n, silent: true });
      } else if (kind === 'activity') {
        nodes.push({ ...base, vars: varList(s, 'variables', path), emitter: emitterOf(s, path), ...single() });
      } else if (kind === 'event:intermediate:timer') {
        if (s.cardinality_distribution === undefined) p.error(`${path}.cardinality_distribution`, 'is required (the delay in seconds)');
        nodes.push({ ...base, delay: s.cardinality_distribution === undefined ? undefined : compileDistribution(s.cardinality_distribution, `${path}.cardinality_distribution`, 'delay', ctx), ...single() });
      } else if (kind === 'gateway:exclusive') {
        nodes.push({ ...base, ...transitions(s, path, true, resolve) });
      } else {
        nodes.push({ ...base, next: Int32Array.of(END), cum: Float64Array.of(1), silent: true });
      }
    });
  }

  // templates
  const templates: Record<string, EventTemplate> = {};
  if (raw.templates !== undefined) {
    if (!isObj(raw.templates)) p.error('templates', 'must be an object of name → {body, header?}');
    else {
      for (const [name, t] of Object.entries(raw.templates)) {
        if (!isObj(t) || typeof t.body !== 'string') p.error(`templates.${name}.body`, 'is required (a Jinja template string)');
        else if (t.header !== undefined && typeof t.header !== 'string') p.error(`templates.${name}.header`, 'must be a string');
        else templates[name] = { body: t.body, header: t.header as string | undefined };
      }
    }
  }

  const model: EventModel = { dialect, interarrival: interarrival ?? { sample: () => 1 }, initial, nodes, emitters, varNames: [...slots.keys()], templates };
  if (!problems.some((x) => x.severity === 'error')) checkGraph(model, p);
  return problems.some((x) => x.severity === 'error') ? { problems } : { model, problems };
};

/**
 * Graph checks: reachability from the start (unreachable states: warning), a way out (states from which no
 * path ends: warning — a run with -n or -r still ends), and per-path variable use: a variable an emitter
 * reads must be set on every path to each state that emits with it (a forward must-set dataflow), else an
 * error naming one such path.
 */
const checkGraph = (m: EventModel, p: Problems): void => {
  const n = m.nodes.length;
  const succ = (i: number): number[] => [...m.nodes[i]!.next].filter((x, k, a) => a.indexOf(x) === k);
  const reach = new Set<number>();
  const stack = [m.initial];
  while (stack.length) {
    const i = stack.pop()!;
    if (i === END || reach.has(i)) continue;
    reach.add(i);
    for (const j of succ(i)) stack.push(j);
  }
  const canEnd = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (!canEnd.has(i) && succ(i).some((j) => j === END || canEnd.has(j))) {
        canEnd.add(i);
        changed = true;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const node = m.nodes[i]!;
    if (node.silent) continue;
    if (!reach.has(i)) {
      p.warning(node.path, `state "${node.name}" is unreachable from the start`);
    } else if (!canEnd.has(i)) {
      p.warning(node.path, `state "${node.name}" has no path to the end (a potential infinite loop; -n or -r still end the run)`);
    }
  }

  // must-set: in[i] = ∩ over predecessors of out[pred]; out = in ∪ entry vars ∪ vars
  const V = m.varNames.length;
  const sets = (i: number): number[] => [...m.nodes[i]!.entryVars, ...m.nodes[i]!.vars].map((v) => v.slot);
  const inSet: Array<Uint8Array | undefined> = new Array(n);
  inSet[m.initial] = new Uint8Array(V);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (const i of reach) for (const j of succ(i)) if (j !== END) preds[j]!.push(i);
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of reach) {
      if (i === m.initial) continue;
      let acc: Uint8Array | undefined;
      for (const q of preds[i]!) {
        const qin = inSet[q];
        if (!qin) continue;
        const out = qin.slice();
        for (const s of sets(q)) out[s] = 1;
        if (!acc) acc = out;
        else for (let v = 0; v < V; v++) acc[v] = acc[v]! & out[v]!;
      }
      const cur = inSet[i];
      if (acc && (!cur || acc.some((x, v) => x !== cur[v]))) {
        inSet[i] = acc;
        changed = true;
      }
    }
  }
  for (const i of reach) {
    const node = m.nodes[i]!;
    if (node.emitter < 0) continue;
    const have = (inSet[i] ?? new Uint8Array(V)).slice();
    for (const s of sets(i)) have[s] = 1;
    for (const d of m.emitters[node.emitter]!.dims) {
      if (d.slot === undefined || have[d.slot]) continue;
      p.error(node.path, `emitter "${m.emitters[node.emitter]!.name}" reads variable "${m.varNames[d.slot]}", which no state sets on the path ${pathWithout(m, i, d.slot, succ)}`);
    }
  }
};

/** A path from the start to state `target` along which nothing sets `slot`, as "a → b → c". */
const pathWithout = (m: EventModel, target: number, slot: number, succ: (i: number) => number[]): string => {
  const setsSlot = (i: number): boolean => [...m.nodes[i]!.entryVars, ...m.nodes[i]!.vars].some((v) => v.slot === slot);
  const prev = new Map<number, number>([[m.initial, -2]]);
  const queue = [m.initial];
  while (queue.length) {
    const i = queue.shift()!;
    if (i === target) break;
    if (setsSlot(i)) continue;
    for (const j of succ(i)) if (j !== END && !prev.has(j)) {
      prev.set(j, i);
      queue.push(j);
    }
  }
  const names: string[] = [];
  for (let i = target; i !== -2 && i !== undefined; i = prev.get(i)!) names.unshift(m.nodes[i]!.name);
  return names.join(' → ');
};

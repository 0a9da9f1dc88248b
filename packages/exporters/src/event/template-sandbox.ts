/**
 * A nunjucks environment in which a template can only read data and call what flowgen hands it: configs and
 * templates never execute code. nunjucks compiles a template to JavaScript that reaches values through a few
 * runtime functions (member lookup, variable lookup, call, loop start, macro); this module passes every compiled
 * template its own copy of that runtime with those functions guarded:
 * - no member named `constructor`, `prototype`, `caller`, `callee`, `arguments`, `call`, `apply`, `bind` or
 *   starting with `__`, and no members of functions at all (so no route to `Function`, `process` or `require`);
 * - a call runs only a method of a data value (looked up by the guarded lookup), a macro of the template, or a
 *   global flowgen installed (`range`, `cycler`, `joiner`, `env.get`);
 * - filters and tests only by their own registered names;
 * - sizes bounded (the limits below): `range` and other sequences, strings, loop iterations and macro depth
 *   per record, and the rendered text of one record.
 * Violations throw an Error that the template encoder reports as a one-line rendering error.
 */
import * as nunjucks from 'nunjucks';

/** Longest sequence (range, list, string) a template may build, and most loop iterations in one record. */
export const TEMPLATE_MAX_ITEMS = 1_000_000;
/** Longest text one record may render to (characters). */
export const TEMPLATE_MAX_OUTPUT = 1 << 20;
/** Deepest macro nesting (a macro calling itself). */
export const TEMPLATE_MAX_DEPTH = 100;

const DENIED = new Set(['constructor', 'prototype', 'caller', 'callee', 'arguments', 'call', 'apply', 'bind']);
const denied = (name: unknown): boolean =>
  (typeof name !== 'string' && typeof name !== 'number') || DENIED.has(String(name)) || String(name).startsWith('__');

/** Filters whose numeric arguments size a loop or a string they build. */
const SIZED_FILTERS = new Set(['indent', 'center', 'slice', 'batch', 'truncate']);
/** String methods whose numeric arguments size the string they build. */
const SIZED_METHODS = new Set(['repeat', 'padStart', 'padEnd']);

const tooBig = (v: unknown): boolean =>
  typeof v === 'number' ? !(Math.abs(v) <= TEMPLATE_MAX_ITEMS) : false;

const checkSize = (v: unknown, what: string): unknown => {
  if ((typeof v === 'string' || Array.isArray(v)) && v.length > TEMPLATE_MAX_ITEMS)
    throw new Error(`${what} would build ${v.length} items; templates are limited to ${TEMPLATE_MAX_ITEMS}`);
  return v;
};

type Runtime = Record<string, unknown> & { contextOrFrameLookup: Fn; fromIterator: Fn; makeMacro: Fn };
type Fn = (...args: unknown[]) => unknown;

/** nunjucks' range(start, stop, step), refusing more than TEMPLATE_MAX_ITEMS numbers (or a step of 0). */
const boundedRange = (start: number, stop?: number, step?: number): number[] => {
  if (stop === undefined) {
    stop = start;
    start = 0;
    step = 1;
  } else if (!step) step = 1;
  const count = Math.ceil((stop - start) / step);
  if (!(count <= TEMPLATE_MAX_ITEMS)) throw new Error(`range(${start}, ${stop}, ${step}) has more than ${TEMPLATE_MAX_ITEMS} numbers`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(start + i * step);
  return out;
};

/** A sandboxed environment: `render(tpl, ctx)` renders a template compiled by `compile`. */
export class TemplateSandbox {
  readonly env: nunjucks.Environment;
  private readonly safe = new WeakSet<object>();
  private readonly runtime: Runtime;
  private budget = 0;
  private depth = 0;

  constructor(globals: Record<string, unknown>) {
    const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    this.env = env;
    const safe = this.safe;
    const trusted = <F extends Fn>(f: F): F => (safe.add(f), f);
    const ownFilter = (table: Record<string, Fn>, kind: string, name: string): Fn => {
      if (!Object.prototype.hasOwnProperty.call(table, name)) throw new Error(`${kind} not found: ${name}`);
      return table[name]!;
    };
    const filters = (env as unknown as { filters: Record<string, Fn> }).filters;
    const tests = (env as unknown as { tests: Record<string, Fn> }).tests;
    for (const name of SIZED_FILTERS) {
      const f = filters[name]!;
      filters[name] = function (this: unknown, value: unknown, ...args: unknown[]) {
        if (args.some(tooBig)) throw new Error(`filter ${name}: sizes are limited to ${TEMPLATE_MAX_ITEMS}`);
        return f.call(this, value, ...args);
      };
    }
    const e = env as unknown as { getFilter(n: string): Fn; getTest(n: string): Fn; globals: Record<string, unknown> };
    e.getFilter = (name) => ownFilter(filters, 'filter', name);
    e.getTest = (name) => ownFilter(tests, 'test', name);
    const g = e.globals;
    const joiner = g.joiner as Fn;
    const cycler = g.cycler as Fn;
    for (const k of Object.keys(g)) delete g[k];
    g.range = trusted(boundedRange as Fn);
    g.cycler = trusted((...items: unknown[]) => cycler(...items));
    g.joiner = trusted((sep?: unknown) => trusted(joiner(sep) as Fn));
    for (const [k, v] of Object.entries(globals)) g[k] = v;

    const base = nunjucks.runtime as unknown as Runtime;
    const self = this;
    const rt: Runtime = Object.assign(Object.create(null), base, {
      memberLookup(obj: unknown, name: unknown): unknown {
        if (obj === undefined || obj === null || typeof obj === 'function' || denied(name)) return undefined;
        const v = (obj as Record<string, unknown>)[name as string];
        if (typeof v !== 'function') return v;
        return trusted((...args: unknown[]) => {
          if (typeof obj === 'string' && SIZED_METHODS.has(name as string) && args.some(tooBig))
            throw new Error(`${String(name)}: sizes are limited to ${TEMPLATE_MAX_ITEMS}`);
          return checkSize((v as Fn).apply(obj, args), String(name));
        });
      },
      contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown {
        return denied(name) ? undefined : base.contextOrFrameLookup(context, frame, name);
      },
      callWrap(obj: unknown, name: string, context: unknown, args: unknown[]): unknown {
        if (typeof obj !== 'function' || !safe.has(obj)) throw new Error(`Unable to call \`${name}\`: templates may call only data methods, macros and range, cycler, joiner, env.get`);
        return checkSize((obj as Fn).apply(context, args), name);
      },
      fromIterator(v: unknown): unknown {
        const n = Array.isArray(v) || typeof v === 'string' ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : 0;
        self.budget -= n;
        if (self.budget < 0) throw new Error(`loops ran more than ${TEMPLATE_MAX_ITEMS} iterations for one record`);
        return base.fromIterator(v);
      },
      makeMacro(argNames: unknown, kwargNames: unknown, func: Fn): Fn {
        const m = base.makeMacro(argNames, kwargNames, func) as Fn;
        return trusted(function (this: unknown, ...args: unknown[]) {
          if (++self.depth > TEMPLATE_MAX_DEPTH) throw new Error(`macros nested deeper than ${TEMPLATE_MAX_DEPTH}`);
          try {
            return m.apply(this, args);
          } finally {
            self.depth--;
          }
        });
      },
    });
    this.runtime = rt;
  }

  /** Compiles a template to run against this sandbox's runtime (throws nunjucks' syntax errors). */
  compile(body: string): nunjucks.Template {
    const tpl = new nunjucks.Template(body, this.env, undefined, true);
    const t = tpl as unknown as { rootRenderFunc: (env: unknown, ctx: unknown, frame: unknown, rt: unknown, cb: unknown) => void };
    const root = t.rootRenderFunc;
    const rt = this.runtime;
    t.rootRenderFunc = (env, ctx, frame, _rt, cb) => root(env, ctx, frame, rt, cb);
    return tpl;
  }

  /** Renders one record: fresh loop budget, output bounded. */
  render(tpl: nunjucks.Template, ctx: Record<string, unknown>): string {
    this.budget = TEMPLATE_MAX_ITEMS;
    this.depth = 0;
    const text = tpl.render(ctx);
    if (text.length > TEMPLATE_MAX_OUTPUT) throw new Error(`a record rendered to ${text.length} characters; templates are limited to ${TEMPLATE_MAX_OUTPUT}`);
    return text;
  }
}

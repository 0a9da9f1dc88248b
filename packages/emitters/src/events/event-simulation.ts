/**
 * The state-machine engine as a single-threaded discrete-event simulation. A spawner starts a worker (actor)
 * every interarrival sample while fewer than the cap are active (cap = max(1, ⌊m × schedule multiplier⌋);
 * at the cap it looks again 5 clock-seconds later, as the Python generator does — without a schedule the looks
 * that cannot succeed, before the next worker event, are skipped). Each actor keeps its own
 * variables and walks the nodes: entry variables → delay → variables → emit → transition. Events are ordered
 * by (time, sequence number): a total order, so one seed gives one output — no thread races, exactly N records
 * with -n, nothing stamped after start + R with -r. Times are whole microseconds since the epoch.
 *
 * The same object runs simulated time (step with no bound) and real time (the caller bounds each step by the
 * wall clock and sleeps until `nextEventUs`), which together make backfill-then-live.
 */
import { ConfigError, Rng } from '@flowgen/core';
import type { FieldRuntime, Value } from './event-fields';
import { MAX_DELAY_S } from './event-distribution';
import { END, type EventModel } from './event-model';

export interface SimulationOptions {
  readonly model: EventModel;
  readonly source: string;
  readonly seed: bigint;
  readonly startUs: number;
  /** -m: the cap on active workers */
  readonly maxActive: number;
  /** capacity multiplier at a time (a --schedule); default 1 */
  readonly multiplier?: (nowUs: number) => number;
}

/** Receives each record as it is emitted: the emitter index and the present fields (names and values, in order). */
export interface RecordSink {
  record(emitter: number, names: ReadonlyArray<string>, values: ReadonlyArray<Value>, count: number, nowUs: number): void;
}

const SPAWNER = -1;
const CAP_POLL_US = 5_000_000;
/** steps one actor may take at one instant before it is called a loop without delay */
const MAX_STEPS_PER_INSTANT = 100_000;
/** the clock may not pass 9999-12-31T23:59:59Z (what every output format can print) */
export const MAX_CLOCK_US = Date.UTC(9999, 11, 31, 23, 59, 59) * 1000;

export class EventSimulation {
  private readonly rng: Rng;
  private readonly rt: FieldRuntime;
  // event heap: parallel arrays ordered by (time, seq)
  private hTime = new Float64Array(1024);
  private hSeq = new Float64Array(1024);
  private hActor = new Int32Array(1024);
  private hSize = 0;
  private seq = 0;
  // actors
  private node = new Int32Array(256);
  private phase = new Uint8Array(256);
  // steps an actor has taken at the instant it last yielded at (a zero-delay yield keeps counting)
  private stepAt = new Float64Array(256).fill(NaN);
  private stepCount = new Int32Array(256);
  private vars: Array<Value[]> = [];
  private free: number[] = [];
  private actorCount = 0;
  active = 0;
  records = 0;
  nowUs: number;
  // reused record buffers
  private readonly names: string[] = [];
  private readonly values: Value[] = [];

  constructor(private readonly o: SimulationOptions) {
    this.rng = Rng.stream(o.seed, 1);
    this.nowUs = o.startUs;
    this.rt = { rng: this.rng, nowUs: o.startUs, vars: undefined };
    this.push(o.startUs, SPAWNER);
  }

  /** time of the next event (Infinity when none is left) */
  get nextEventUs(): number {
    return this.hSize > 0 ? this.hTime[0]! : Infinity;
  }

  /**
   * Processes events due at or before `untilUs` until `maxRecords` records in all have been emitted.
   * Returns true when the run can go on (more events), false when it is over.
   */
  run(untilUs: number, maxRecords: number, sink: RecordSink): boolean {
    while (this.hSize > 0 && this.records < maxRecords) {
      const t = this.hTime[0]!;
      if (t > untilUs) return true;
      if (t > MAX_CLOCK_US) throw new ConfigError(this.o.source, '', 'the simulated clock would pass 9999-12-31T23:59:59Z: shorten the delays or the run');
      const actor = this.hActor[0]!;
      this.pop();
      this.nowUs = t;
      this.rt.nowUs = t;
      if (actor === SPAWNER) this.spawnerStep(maxRecords, sink);
      else this.actorStep(actor, maxRecords, sink);
    }
    return this.hSize > 0 && this.records < maxRecords;
  }

  private spawnerStep(maxRecords: number, sink: RecordSink): void {
    const m = this.o.multiplier ? this.o.multiplier(this.nowUs) : 1;
    const cap = Math.max(1, Math.floor(this.o.maxActive * m));
    if (this.active < cap) {
      const a = this.newActor();
      this.active++;
      // the worker starts at once; then the spawner waits one interarrival
      this.actorStep(a, maxRecords, sink);
      const gap = this.delay(this.o.model.interarrival.sample(this.rng, this.nowUs), 'interarrival');
      this.push(this.nowUs + (gap > 0 ? Math.round(gap * 1e6) : 0), SPAWNER);
    } else if (this.o.multiplier || this.hSize === 0) {
      this.push(this.nowUs + CAP_POLL_US, SPAWNER);
    } else {
      // a fixed cap stays full until some worker's next event: skip the polls before it (same ticks, same order)
      const ticks = Math.max(1, Math.ceil((this.hTime[0]! - this.nowUs) / CAP_POLL_US));
      this.push(this.nowUs + ticks * CAP_POLL_US, SPAWNER);
    }
  }

  private newActor(): number {
    const a = this.free.pop() ?? this.actorCount++;
    if (a >= this.node.length) {
      const n = new Int32Array(this.node.length * 2);
      n.set(this.node);
      this.node = n;
      const ph = new Uint8Array(this.phase.length * 2);
      ph.set(this.phase);
      this.phase = ph;
      const at = new Float64Array(this.stepAt.length * 2).fill(NaN);
      at.set(this.stepAt);
      this.stepAt = at;
      const c = new Int32Array(this.stepCount.length * 2);
      c.set(this.stepCount);
      this.stepCount = c;
    }
    this.stepAt[a] = NaN;
    this.node[a] = this.o.model.initial;
    this.phase[a] = 0;
    const v = this.vars[a];
    if (v) v.fill(undefined as unknown as Value);
    else this.vars[a] = new Array<Value>(this.o.model.varNames.length);
    return a;
  }

  private actorStep(a: number, maxRecords: number, sink: RecordSink): void {
    const model = this.o.model;
    const rt = this.rt;
    const rng = this.rng;
    const vars = this.vars[a]!;
    rt.vars = vars;
    for (let steps = this.stepAt[a] === this.nowUs ? this.stepCount[a]! : 0; ; steps++) {
      const ni = this.node[a]!;
      if (ni === END) {
        this.active--;
        this.free.push(a);
        return;
      }
      const node = model.nodes[ni]!;
      if (steps > MAX_STEPS_PER_INSTANT) {
        throw new ConfigError(this.o.source, node.path, `state "${node.name}" is in a loop that never advances the clock (${MAX_STEPS_PER_INSTANT} steps at one instant): add a delay or a timer`);
      }
      if (this.phase[a] === 0) {
        for (const v of node.entryVars) vars[v.slot] = v.gen.value(rt);
        if (node.delay) {
          const d = this.delay(node.delay.sample(rng, this.nowUs), node.path);
          if (d > 0 || (d === 0 && node.yieldOnZero)) {
            this.phase[a] = 1;
            this.stepAt[a] = this.nowUs;
            this.stepCount[a] = steps;
            this.push(this.nowUs + (d > 0 ? Math.round(d * 1e6) : 0), a);
            return;
          }
        }
      }
      this.phase[a] = 0;
      for (const v of node.vars) vars[v.slot] = v.gen.value(rt);
      if (node.emitter >= 0) {
        this.emit(node.emitter, sink);
        if (this.records >= maxRecords) return;
      }
      const next = node.next;
      let j = 0;
      if (next.length > 1) {
        const u = rng.float();
        const cum = node.cum;
        const last = next.length - 1;
        while (j < last && cum[j]! <= u) j++;
      }
      this.node[a] = next[j]!;
    }
  }

  /** a sampled delay in seconds: at most MAX_DELAY_S (a sampler that yields NaN or more fails the run); negative samples wait 0 */
  private delay(d: number, path: string): number {
    if (!(d <= MAX_DELAY_S)) {
      throw new ConfigError(this.o.source, path === 'interarrival' ? path : `${path}.delay`, `drew a delay of ${d} s; delays are at most ${MAX_DELAY_S} s (366 days)`);
    }
    return d;
  }

  private emit(e: number, sink: RecordSink): void {
    const dims = this.o.model.emitters[e]!.dims;
    const names = this.names;
    const values = this.values;
    const rt = this.rt;
    const rng = this.rng;
    let n = 0;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      if (d.pMissing > 0 && rng.float() < d.pMissing) continue;
      names[n] = d.name;
      values[n] = d.pNull > 0 && rng.float() < d.pNull ? null : d.value(rt);
      n++;
    }
    this.records++;
    sink.record(e, names, values, n, this.nowUs);
  }

  private push(time: number, actor: number): void {
    if (this.hSize === this.hTime.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.hTime = grow(this.hTime, (n) => new Float64Array(n));
      this.hSeq = grow(this.hSeq, (n) => new Float64Array(n));
      this.hActor = grow(this.hActor, (n) => new Int32Array(n));
    }
    const seq = this.seq++;
    let i = this.hSize++;
    const T = this.hTime, S = this.hSeq, A = this.hActor;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = T[parent]!;
      if (pt < time || (pt === time && S[parent]! < seq)) break;
      T[i] = pt;
      S[i] = S[parent]!;
      A[i] = A[parent]!;
      i = parent;
    }
    T[i] = time;
    S[i] = seq;
    A[i] = actor;
  }

  private pop(): void {
    const T = this.hTime, S = this.hSeq, A = this.hActor;
    const n = --this.hSize;
    if (n === 0) return;
    const time = T[n]!, seq = S[n]!, actor = A[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (T[c + 1]! < T[c]! || (T[c + 1] === T[c] && S[c + 1]! < S[c]!))) c++;
      if (T[c]! > time || (T[c] === time && S[c]! > seq)) break;
      T[i] = T[c]!;
      S[i] = S[c]!;
      A[i] = A[c]!;
      i = c;
    }
    T[i] = time;
    S[i] = seq;
    A[i] = actor;
  }
}

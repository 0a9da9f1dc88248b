/**
 * The workflow engine's hot path: users → sessions → random walks → API calls, written into a reused
 * SessionBatch. Each user draws from its own stream `(seed, user)`, so a user's calls depend only on the seed,
 * the plan and the user's index: output is identical however users are grouped into chunks or threads, and
 * `--users N` is a prefix of `--users M > N`.
 *
 * Per user: a user type; a session count ~ round(normal(mean, std)) in [1, cap]; session starts uniform over
 * the date range, in time order. Per session: entry point, then transitions until an exit point or max length.
 * Per call: latency normal(avg, 25 %), 95 % 200 / 5 % 4xx-5xx, then a gap of 1–5 s (or 10–30 s "thinking").
 * A cascade-failure session (probability failureRate) is injected from its middle call on: 60 % of those calls
 * 3–10× slower, 20 % time out (504 after 30 s), 15 % answer 503, and 30 % are retried (a duplicate call,
 * attempt 2, after a 0.5–2 s back-off).
 */
import { Rng, type SessionBatch } from '@flowgen/core';
import type { SessionPlan } from './session-plan';

export const CASCADE = {
  slowProbability: 0.6,
  slowMin: 3,
  slowMax: 10,
  timeoutProbability: 0.2,
  timeoutUs: 30_000_000,
  unavailableProbability: 0.15,
  retryProbability: 0.3,
} as const;

/** The 5 % of ordinary failures: client errors mostly, some server errors. */
const ERROR_CODES = [400, 401, 403, 404, 429, 500, 502, 503];
const ERROR_CUM = [0.3, 0.4, 0.45, 0.7, 0.75, 0.92, 0.97, 1];

const NS_PER_US = 1000;

export class SessionEngine {
  private readonly entryTo: Int32Array;
  private readonly entryCum: Float64Array;
  private readonly rowStart: Int32Array;
  private readonly rowTo: Int32Array;
  private readonly rowCum: Float64Array;
  private readonly isExit: Uint8Array;
  private readonly latencyUs: Float64Array;
  private readonly method: Uint8Array;
  private readonly paramStart: Int32Array;
  private readonly paramCount: Int32Array;
  private readonly userTypeCum: Float64Array;
  private readonly seed: bigint;
  /** scratch: one walk, and one user's session starts */
  private readonly walk: Uint16Array;
  private readonly startSec: Float64Array;
  private readonly startNsec: Float64Array;

  constructor(readonly plan: SessionPlan) {
    this.entryTo = Int32Array.from(plan.entryTo);
    this.entryCum = Float64Array.from(plan.entryCum);
    this.rowStart = Int32Array.from(plan.rowStart);
    this.rowTo = Int32Array.from(plan.rowTo);
    this.rowCum = Float64Array.from(plan.rowCum);
    this.isExit = Uint8Array.from(plan.isExit);
    this.latencyUs = Float64Array.from(plan.latencyUs);
    this.method = Uint8Array.from(plan.method);
    this.paramStart = Int32Array.from(plan.paramStart);
    this.paramCount = Int32Array.from(plan.paramCount);
    this.userTypeCum = Float64Array.from(plan.userTypeCum);
    this.seed = BigInt(plan.seed);
    this.walk = new Uint16Array(plan.maxLength);
    this.startSec = new Float64Array(plan.sessionsCap);
    this.startNsec = new Float64Array(plan.sessionsCap);
  }

  /** Writes the calls of users [first, end) into `b` (capacity ≥ (end − first) · maxCallsPerUser); returns the count. */
  fillUsers(first: number, end: number, b: SessionBatch): number {
    let n = 0;
    for (let u = first; u < end; u++) n = this.fillUser(u, b, n);
    b.length = n;
    return n;
  }

  private fillUser(user: number, b: SessionBatch, n: number): number {
    const p = this.plan;
    const rng = Rng.stream(this.seed, user);
    const userType = pick(this.userTypeCum, rng.float());
    let sessions = Math.floor(p.sessionsMean + p.sessionsStd * rng.normal() + 0.5);
    if (sessions < 1) sessions = 1;
    else if (sessions > p.sessionsCap) sessions = p.sessionsCap;

    // session starts, uniform over the range, sorted (insertion sort: a handful per user)
    const ss = this.startSec;
    const sn = this.startNsec;
    for (let j = 0; j < sessions; j++) {
      const sec = p.startSec + Math.floor(rng.float53() * p.spanSec);
      const nsec = Math.floor(rng.float() * 1e9);
      let k = j;
      while (k > 0 && (ss[k - 1]! > sec || (ss[k - 1] === sec && sn[k - 1]! > nsec))) {
        ss[k] = ss[k - 1]!;
        sn[k] = sn[k - 1]!;
        k--;
      }
      ss[k] = sec;
      sn[k] = nsec;
    }

    for (let j = 0; j < sessions; j++) n = this.fillSession(rng, user, j, userType, ss[j]!, sn[j]!, b, n);
    return n;
  }

  private fillSession(rng: Rng, user: number, session: number, userType: number, sec0: number, nsec0: number, b: SessionBatch, n: number): number {
    const p = this.plan;
    const walk = this.walk;
    const rowStart = this.rowStart;
    const rowTo = this.rowTo;
    const rowCum = this.rowCum;
    const isExit = this.isExit;
    const failed = rng.float() < p.failureRate;

    let len = 0;
    let cur = this.entryTo[pick(this.entryCum, rng.float())]!;
    for (;;) {
      walk[len++] = cur;
      if (isExit[cur] === 1 || len === p.maxLength) break;
      const from = rowStart[cur]!;
      const u = rng.float();
      let i = from;
      const last = rowStart[cur + 1]! - 1;
      while (i < last && rowCum[i]! <= u) i++;
      cur = rowTo[i]!;
    }
    const injectFrom = failed ? len >> 1 : len;

    let offsetNs = 0; // since the session start; exact integer below 2^53 ns (104 days)
    for (let c = 0; c < len; c++) {
      const ep = walk[c]!;
      const injected = c >= injectFrom;
      const param = this.paramCount[ep]! > 0 ? 1 + this.paramStart[ep]! + Math.floor(rng.float() * this.paramCount[ep]!) : 0;
      let rt = this.writeCall(rng, ep, injected, 1, param, user, session, userType, sec0, nsec0, offsetNs, b, n);
      n++;
      if (injected && rng.float() < CASCADE.retryProbability) {
        // the client retries after a back-off; the retry is a call of its own, still inside the failure
        offsetNs += rt * NS_PER_US + Math.floor((0.5 + 1.5 * rng.float()) * 1e9);
        rt = this.writeCall(rng, ep, true, 2, param, user, session, userType, sec0, nsec0, offsetNs, b, n);
        n++;
      }
      const thinking = rng.float() < p.thinkingProbability;
      const gapS = thinking ? 10 + 20 * rng.float() : 1 + 4 * rng.float();
      offsetNs += rt * NS_PER_US + Math.floor(gapS * 1e9);
    }
    return n;
  }

  /** One call at session offset `offsetNs`; returns its response time in µs. */
  private writeCall(
    rng: Rng, ep: number, injected: boolean, attempt: number, param: number,
    user: number, session: number, userType: number, sec0: number, nsec0: number, offsetNs: number, b: SessionBatch, n: number,
  ): number {
    const avg = this.latencyUs[ep]!;
    let rt = avg * (1 + 0.25 * rng.normal());
    if (rt < 0.1 * avg) rt = 0.1 * avg;
    let status = 200;
    if (rng.float() < this.plan.errorRate) status = ERROR_CODES[pick(ERROR_CUM_F64, rng.float())]!;
    if (injected) {
      if (rng.float() < CASCADE.slowProbability) rt *= CASCADE.slowMin + (CASCADE.slowMax - CASCADE.slowMin) * rng.float();
      const r = rng.float();
      if (r < CASCADE.timeoutProbability) {
        status = 504;
        rt = CASCADE.timeoutUs;
      } else if (r < CASCADE.timeoutProbability + CASCADE.unavailableProbability) {
        status = 503;
      }
    }
    const us = Math.floor(rt + 0.5);
    const total = nsec0 + offsetNs;
    const s = Math.floor(total / 1e9);
    b.user[n] = user;
    b.session[n] = session;
    b.userType[n] = userType;
    b.endpoint[n] = ep;
    b.method[n] = this.method[ep]!;
    b.status[n] = status;
    b.responseUs[n] = us;
    b.sec[n] = sec0 + s;
    b.nsec[n] = total - s * 1e9;
    b.injected[n] = injected ? 1 : 0;
    b.attempt[n] = attempt;
    b.param[n] = param;
    return us;
  }
}

const ERROR_CUM_F64 = Float64Array.from(ERROR_CUM);

/** Index of the first cumulative probability above u (the last one is exactly 1). */
const pick = (cum: Float64Array, u: number): number => {
  let i = 0;
  const last = cum.length - 1;
  while (i < last && cum[i]! <= u) i++;
  return i;
};

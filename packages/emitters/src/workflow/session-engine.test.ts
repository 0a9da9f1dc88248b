/**
 * The session engine's statistics against the behaviour it documents, with fixed seeds and stated tolerances
 * (binomial proportions: ±5 standard errors or tighter stated bounds).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionBatch } from '@flowgen/core';
import { CASCADE, SessionEngine } from './session-engine';
import { planSessions, SESSION_DEFAULTS, type SessionSettings } from './session-plan';
import { inferMethod } from './endpoint-traits';
import { parseWorkflowText, type WorkflowDefinition } from './workflow-definition';

const load = (name: string): WorkflowDefinition =>
  parseWorkflowText(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', `${name}.yaml`), 'utf8'), name);

const START = Date.UTC(2026, 0, 1) / 1000;
const settings = (o: Partial<SessionSettings> = {}): SessionSettings => ({
  users: 2000, sessionsMean: 3, sessionsStd: 2, startSec: START, days: 30, failureRate: 0, maxLength: 50, seed: 7n,
  thinkingProbability: SESSION_DEFAULTS.thinkingProbability, errorRate: SESSION_DEFAULTS.errorRate, ...o,
});

interface Call { user: number; session: number; userType: string; endpoint: string; method: string; status: number; rtMs: number; ns: bigint; injected: boolean; attempt: number; param: number }

const generate = (w: WorkflowDefinition, s: SessionSettings): Call[] => {
  const plan = planSessions(w, s, 'test');
  const engine = new SessionEngine(plan);
  const b = new SessionBatch(100 * plan.maxCallsPerUser);
  const out: Call[] = [];
  for (let first = 0; first < s.users; first += 100) {
    const n = engine.fillUsers(first, Math.min(s.users, first + 100), b);
    for (let i = 0; i < n; i++) {
      out.push({
        user: b.user[i]!, session: b.session[i]!, userType: plan.tables.userTypes[b.userType[i]!]!, endpoint: plan.tables.endpoints[b.endpoint[i]!]!,
        method: plan.tables.methods[b.method[i]!]!, status: b.status[i]!, rtMs: b.responseUs[i]! / 1000,
        ns: BigInt(b.sec[i]!) * 1_000_000_000n + BigInt(b.nsec[i]!), injected: b.injected[i] === 1, attempt: b.attempt[i]!, param: b.param[i]!,
      });
    }
  }
  return out;
};

const sessionsOf = (calls: Call[]): Call[][] => {
  const m = new Map<string, Call[]>();
  for (const c of calls) {
    const k = `${c.user}-${c.session}`;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(c);
  }
  return [...m.values()];
};

/** |observed share − p| within k standard errors */
const near = (hits: number, n: number, p: number, k = 5): void => {
  const se = Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(k * se + 1e-12);
};

describe('SessionEngine', () => {
  const w = load('ecommerce');
  const calls = generate(w, settings());
  const sessions = sessionsOf(calls);

  it('walks from an entry point to an exit point, in time order, within max length', () => {
    const exits = new Set(w.exit_points);
    const bad: string[] = [];
    for (const s of sessions) {
      if (!(s[0]!.endpoint in w.entry_points)) bad.push(`entry ${s[0]!.endpoint}`);
      const last = s[s.length - 1]!.endpoint;
      if (!exits.has(last) && s.filter((c) => c.attempt === 1).length !== 50) bad.push(`ends at ${last}`);
      for (let i = 1; i < s.length; i++) {
        if (s[i]!.ns <= s[i - 1]!.ns) bad.push('time order');
        if (s[i]!.attempt === 1 && !((w.transitions[s[i - 1]!.endpoint]?.[s[i]!.endpoint] ?? 0) > 0)) bad.push(`${s[i - 1]!.endpoint} → ${s[i]!.endpoint}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('entry points follow the workflow (60% login, 30% browse, 10% search)', () => {
    for (const [e, p] of Object.entries(w.entry_points)) near(sessions.filter((s) => s[0]!.endpoint === e).length, sessions.length, p);
  });

  it('sessions per user: normal(3, 2) rounded, at least 1', () => {
    const perUser = new Map<number, number>();
    for (const s of sessions) perUser.set(s[0]!.user, (perUser.get(s[0]!.user) ?? 0) + 1);
    expect(perUser.size).toBe(2000);
    const counts = [...perUser.values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    // E[max(1, round(N(3,2)))] = 3.11 (the clamp at 1 lifts the mean); 2000 users: SE ≈ 0.04
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(2.95);
    expect(mean).toBeLessThan(3.3);
  });

  it('session starts are spread over the date range; users get types by the distribution', () => {
    const starts = sessions.map((s) => Number(s[0]!.ns / 1_000_000_000n) - START);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...starts)).toBeLessThan(30 * 86400);
    near(starts.filter((x) => x < 15 * 86400).length, starts.length, 0.5);
    const users = new Map(calls.map((c) => [c.user, c.userType]));
    for (const [t, p] of Object.entries(w.user_type_distribution!)) near([...users.values()].filter((x) => x === t).length, users.size, p);
  });

  it('gaps between calls: 1–5 s, or 10–30 s thinking with probability 0.1', () => {
    let thinking = 0;
    let gaps = 0;
    const bad: number[] = [];
    for (const s of sessions) {
      for (let i = 1; i < s.length; i++) {
        if (s[i]!.attempt !== 1) continue;
        const prev = s[i - 1]!;
        const gapS = Number(s[i]!.ns - prev.ns) / 1e9 - prev.rtMs / 1000;
        if (gapS < 1 - 1e-6 || gapS >= 30 + 1e-6 || (gapS >= 5 + 1e-6 && gapS < 10 - 1e-6)) bad.push(gapS);
        gaps++;
        if (gapS >= 10 - 1e-6) thinking++;
      }
    }
    expect(bad).toEqual([]);
    near(thinking, gaps, 0.1);
  });

  it('status codes: 95% 200, the rest 4xx/5xx; response times around the endpoint average (±25% sd)', () => {
    near(calls.filter((c) => c.status === 200).length, calls.length, 0.95);
    expect(calls.every((c) => c.status === 200 || (c.status >= 400 && c.status < 600))).toBe(true);
    const pay = calls.filter((c) => c.endpoint === '/api/payment').map((c) => c.rtMs);
    const mean = pay.reduce((a, b) => a + b, 0) / pay.length;
    expect(Math.abs(mean - 650) / 650).toBeLessThan(0.02);
    const sd = Math.sqrt(pay.reduce((a, b) => a + (b - mean) ** 2, 0) / pay.length);
    expect(sd / 650).toBeGreaterThan(0.22);
    expect(sd / 650).toBeLessThan(0.28);
  });

  it('methods follow the path, parameters only on search and browse', () => {
    expect(calls.filter((c) => c.method !== inferMethod(c.endpoint))).toEqual([]);
    expect(inferMethod('/api/cart/add')).toBe('POST');
    expect(inferMethod('/api/users/{id}/settings')).toBe('PUT');
    expect(inferMethod('/api/users/{id}/address')).toBe('GET');
    expect(calls.filter((c) => c.param > 0 !== (c.endpoint === '/api/search' || c.endpoint === '/api/products'))).toEqual([]);
  });

  it('no injection without --failure-rate', () => {
    expect(calls.some((c) => c.injected || c.attempt !== 1)).toBe(false);
  });

  it('is the same for a user whatever the chunking, and a prefix for fewer users', () => {
    const few = generate(w, settings({ users: 300 }));
    expect(few).toEqual(calls.filter((c) => c.user < 300));
  });
});

describe('cascade-failure injection', () => {
  const w = load('ecommerce');
  const calls = generate(w, settings({ users: 4000, failureRate: 0.3, seed: 11n }));
  const sessions = sessionsOf(calls);

  it('hits about failureRate of sessions, from the middle call on', () => {
    const failed = sessions.filter((s) => s.some((c) => c.injected));
    // sessions with injection are those drawn as failed (every failed session has ≥ 1 injected call)
    near(failed.length, sessions.length, 0.3);
    for (const s of failed) {
      const walk = s.filter((c) => c.attempt === 1);
      const first = walk.findIndex((c) => c.injected);
      expect(first).toBe(walk.length >> 1);
      expect(walk.slice(first).every((c) => c.injected)).toBe(true);
    }
  });

  it('timeouts ~20% (504 at 30 s), 503 ~15%, retries ~30% of injected calls', () => {
    const injected = calls.filter((c) => c.injected && c.attempt === 1);
    const timeouts = injected.filter((c) => c.status === 504);
    expect(timeouts.every((c) => c.rtMs === 30000)).toBe(true);
    near(timeouts.length, injected.length, CASCADE.timeoutProbability);
    near(injected.filter((c) => c.status === 503).length, injected.length, CASCADE.unavailableProbability);
    near(calls.filter((c) => c.attempt === 2).length, injected.length, CASCADE.retryProbability);
  });

  it('about 60% of injected calls (not timed out) are 3–10× slower than normal', () => {
    const injected = calls.filter((c) => c.injected && c.status !== 504 && c.endpoint === '/api/products');
    // normal latency is 200 ± 50 ms: beyond 400 ms is (almost) only a slowed call; slowed ones are ≥ 3·0.1·200
    const slow = injected.filter((c) => c.rtMs > 400).length;
    // P(slowed and > 400 ms) ≈ 0.6 · P(k·X > 400), k ~ U(3,10), X ~ N(200, 50): ≈ 0.6 · 0.985
    near(slow, injected.length, 0.6 * 0.985, 6);
    expect(Math.max(...injected.map((c) => c.rtMs))).toBeLessThan(200 * 2.5 * 10);
  });
});

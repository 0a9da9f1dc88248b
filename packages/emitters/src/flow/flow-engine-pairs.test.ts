/**
 * bidirectional_mode: pair — every request of a pairing pattern is followed by its reply: addresses and ports
 * swapped, same protocol, start strictly after the request's start and before its end (a zero-length query is
 * answered within the 0.2–20 ms response time), reply no longer than the request; replies larger for web and
 * databases, smaller for mail, one datagram each way for DNS; `random` never pairs. Fixed seeds; exact checks.
 */
import type { FlowBatch } from '@flowgen/core';
import { FLOW_CHUNK_SIZE } from './flow-plan';
import { FlowGenerator } from './flow-generator';

const PAIRING = new Set(['web', 'database', 'dns', 'ssh', 'smtp', 'ftp']);
/** ns between two rows' starts, exact (seconds and nanoseconds kept apart) */
const diff = (aSec: number, aNs: number, bSec: number, bNs: number): number => (bSec - aSec) * 1e9 + (bNs - aNs);

const walkPairs = (gen: FlowGenerator, visit: (b: FlowBatch, q: number, r: number) => void, solo: (b: FlowBatch, r: number) => void): number => {
  let n = 0;
  for (let b = gen.nextBatch(); b; b = gen.nextBatch()) {
    n += b.length;
    let r = 0;
    while (r < b.length) {
      const p = b.patternNames[b.pattern[r]!]!;
      if (PAIRING.has(p) && r + 1 < FLOW_CHUNK_SIZE) {
        if (r + 1 < b.length) visit(b, r, r + 1);
        r += 2;
      } else solo(b, r++);
    }
  }
  return n;
};

describe('pairs over the default mix plus smtp and ftp (300 000 flows)', () => {
  const N = 300_000;
  const stats = { pairs: 0, web: 0, webLarger: 0, smtp: 0, smtpSmaller: 0, dns: 0, solo: new Map<string, number>() };
  let bytes = 0, first = 0, last = 0, gapNs = 0;
  beforeAll(() => {
    const gen = new FlowGenerator({
      config: {
        generation: { seed: 21, total_flows: N, bidirectional_mode: 'pair' },
        traffic_patterns: [
          { type: 'web', percentage: 35 }, { type: 'database', percentage: 15 }, { type: 'dns', percentage: 20 },
          { type: 'ssh', percentage: 10 }, { type: 'smtp', percentage: 5 }, { type: 'ftp', percentage: 5 }, { type: 'random', percentage: 10 },
        ],
      },
    });
    // the bandwidth is measured over request (and solo) starts: a reply starts inside its request, which can
    // last up to the 30 min active timeout, so the last reply start says nothing about the arrival rate
    let seen = false;
    const request = (b: FlowBatch, i: number): void => {
      bytes += b.bytes[i]!;
      const t = (b.startSec[i]! - 1704067200) * 1e9 + b.startNsec[i]!;
      if (!seen) (first = t), (seen = true);
      if (t > last) last = t;
    };
    const n = walkPairs(
      gen,
      (b, q, r) => {
        stats.pairs++;
        request(b, q);
        bytes += b.bytes[r]!;
        expect([b.srcIp[r], b.dstIp[r], b.srcPort[r], b.dstPort[r], b.protocol[r], b.pattern[r]]).toEqual([
          b.dstIp[q], b.srcIp[q], b.dstPort[q], b.srcPort[q], b.protocol[q], b.pattern[q],
        ]);
        const after = diff(b.startSec[q]!, b.startNsec[q]!, b.startSec[r]!, b.startNsec[r]!);
        const reqLen = diff(b.startSec[q]!, b.startNsec[q]!, b.endSec[q]!, b.endNsec[q]!);
        expect(after).toBeGreaterThan(0);
        if (reqLen >= 2) {
          expect(after).toBeLessThan(reqLen);
          expect(diff(b.endSec[r]!, b.endNsec[r]!, b.endSec[q]!, b.endNsec[q]!)).toBeGreaterThanOrEqual(0);
        } else {
          expect(after).toBeGreaterThanOrEqual(2e5);
          expect(after).toBeLessThan(2e7);
        }
        const p = b.patternNames[b.pattern[q]!];
        if (p === 'web') stats.web++, (stats.webLarger += +(b.bytes[r]! >= b.bytes[q]!));
        if (p === 'smtp') stats.smtp++, (stats.smtpSmaller += +(b.bytes[r]! <= b.bytes[q]!));
        if (p === 'dns') {
          stats.dns++;
          expect([b.packets[q], b.packets[r]]).toEqual([1, 1]);
        }
        if (b.protocol[r] === 6) expect(b.tcpFlags[r]! & 0x10).toBe(0x10);
      },
      (b, r) => {
        request(b, r);
        const p = b.patternNames[b.pattern[r]!]!;
        stats.solo.set(p, (stats.solo.get(p) ?? 0) + 1);
      },
    );
    expect(n).toBe(N);
    gapNs = gen.plan.gapNs;
  });

  test('requests and replies come in pairs; only random (and chunk-final rows) stand alone', () => {
    expect(stats.pairs).toBeGreaterThan(0.4 * N);
    for (const [p, c] of stats.solo) if (p !== 'random') expect(c).toBeLessThanOrEqual(Math.ceil(N / FLOW_CHUNK_SIZE));
    expect(stats.solo.get('random')).toBeGreaterThan(0);
  });

  test('web replies are the larger side, smtp replies the smaller, dns one datagram each way', () => {
    expect(stats.web).toBeGreaterThan(1000);
    expect(stats.webLarger).toBe(stats.web);
    expect(stats.smtpSmaller).toBe(stats.smtp);
    expect(stats.dns).toBeGreaterThan(1000);
  });

  test('the arrival rate is unchanged: flows per ns of request starts within 1 % of 1 / gap (bytes per flow keep the model)', () => {
    // counting flows, not bytes: the heavy-tailed byte sum of 300 000 flows is too noisy for a 1 % bound
    expect(Math.abs((N / (last - first)) * gapNs - 1)).toBeLessThan(0.01);
    expect(bytes).toBeGreaterThan(0);
  });
});

test('with an end time, no reply starts at or after it', () => {
  const start = 1704067200, endNs = 3e6; // 3 ms
  const gen = new FlowGenerator({ config: { generation: { seed: 2, start_timestamp: start, end_timestamp: start + endNs / 1e9, bidirectional_mode: 'pair' } } });
  let n = 0;
  for (let b = gen.nextBatch(); b; b = gen.nextBatch()) {
    for (let i = 0; i < b.length; i++, n++) expect((b.startSec[i]! - start) * 1e9 + b.startNsec[i]!).toBeLessThan(endNs);
  }
  expect(n).toBeGreaterThan(100);
});

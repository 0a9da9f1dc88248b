'use strict';
// Runs with node's built-in test runner (`npm test`), against a minimal stand-in for the sdk and rng so the
// plugin can be tested without flowstats installed. The end-to-end test lives in flowstats itself
// (apps/flowstats/src/commands/plugins-e2e.test.ts): pack, install, collect on 2 threads, uninstall.
const test = require('node:test');
const assert = require('node:assert');
const pkg = require('../package.json');
const { createSampler, gammaFn } = require('../lib/weibull');
const { createPattern } = require('../lib/quic-pattern');

/** xorshift32: a tiny deterministic rng with the methods kernels use */
const rng = (seed) => {
  let s = seed >>> 0 || 1;
  const nextU32 = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), s >>> 0);
  const float = () => nextU32() / 4294967296;
  return { nextU32, float, floatOpenZero: () => (nextU32() + 1) / 4294967296, normal: () => Math.sqrt(-2 * Math.log((nextU32() + 1) / 4294967296)) * Math.cos(2 * Math.PI * float()) };
};

test('manifest declares apiVersion 1 and both contributions with existing modules', () => {
  assert.strictEqual(pkg.flowgen.apiVersion, 1);
  const names = pkg.flowgen.contributions.map((c) => `${c.kind}:${c.name}`);
  assert.deepStrictEqual(names, ['pattern:quic', 'distribution:weibull']);
  for (const c of pkg.flowgen.contributions) require(require('node:path').join(__dirname, '..', c.module));
});

test('gamma function matches known values', () => {
  assert.ok(Math.abs(gammaFn(5) - 24) < 1e-9);
  assert.ok(Math.abs(gammaFn(0.5) - Math.sqrt(Math.PI)) < 1e-9);
});

test('weibull sample mean is within 1% of λ·Γ(1+1/k) over 200k draws', () => {
  for (const [shape, scale] of [[0.7, 2], [1, 3], [2.5, 10]]) {
    const s = createSampler({ shape, scale });
    const r = rng(42);
    let sum = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) sum += s.sample(r);
    assert.ok(Math.abs(sum / n / s.mean - 1) < 0.01, `shape ${shape}: ${sum / n} vs ${s.mean}`);
  }
});

test('quic pattern builds a UDP/443 profile with datagrams ≤ max_datagram', () => {
  let seen;
  const sdk = { protocols: { UDP: 17 }, createProfilePattern: (o) => ((seen = o), { meanBytes: 1, fill() {} }) };
  createPattern({ max_datagram: 1280 }, sdk);
  assert.strictEqual(seen.variants.length, 2);
  for (const v of seen.variants) {
    assert.strictEqual(v.protocol, 17);
    assert.deepStrictEqual(v.dst_ports, [{ port: 443, weight: 1 }]);
    assert.strictEqual(v.large_packet_size, 1280);
  }
});

const { SessionBatch } = require('@flowgen/core');
const { SessionEngine, planSessions, parseWorkflowText } = require('@flowgen/emitters');
const ex = require('@flowgen/exporters');
const fs = require('fs');
const f = 'packages/emitters/workflows/ecommerce.yaml';
const plan = planSessions(parseWorkflowText(fs.readFileSync(f,'utf8'), f), { users: 256, sessionsMean: 3, sessionsStd: 2, startSec: 1767225600, days: 30, failureRate: 0.05, maxLength: 50, seed: 1n, thinkingProbability: 0.1, errorRate: 0.05 }, 'b');
const eng = new SessionEngine(plan); const b = new SessionBatch(256*plan.maxCallsPerUser); const n = eng.fillUsers(0,256,b);
for (const [name, mk] of [['jsonl', ex.createSessionJsonlEncoder], ['csv', ex.createSessionCsvEncoder], ['msgpack', ex.createSessionMsgpackEncoder]]) {
  const e = mk({ tables: plan.tables, header: true }); const out = new Uint8Array(n * e.maxRowBytes);
  for (let w = 0; w < 50; w++) e.encode(b, 0, n, out, 0);
  const t = process.hrtime.bigint(); let reps = 300; for (let r = 0; r < reps; r++) e.encode(b, 0, n, out, 0);
  const ns = Number(process.hrtime.bigint() - t) / (reps * n); console.log(name, ns.toFixed(1), 'ns/row', e.maxRowBytes);
}

const { SessionBatch } = require('@flowgen/core');
const { SessionEngine, planSessions, parseWorkflowText } = require('@flowgen/emitters');
const ex = require('@flowgen/exporters');
const fs = require('fs');
const f = 'packages/emitters/workflows/ecommerce.yaml';
const plan = planSessions(parseWorkflowText(fs.readFileSync(f,'utf8'), f), { users: 256, sessionsMean: 3, sessionsStd: 2, startSec: 1767225600, days: 30, failureRate: 0.05, maxLength: 50, seed: 1n, thinkingProbability: 0.1, errorRate: 0.05 }, 'b');
const eng = new SessionEngine(plan); const b = new SessionBatch(256*plan.maxCallsPerUser); const n = eng.fillUsers(0,256,b);
const e = ex.createSessionJsonlEncoder({ tables: plan.tables, header: true }); const out = new Uint8Array(n * e.maxRowBytes);
for (let r = 0; r < 3000; r++) e.encode(b, 0, n, out, 0);

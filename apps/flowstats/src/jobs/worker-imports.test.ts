/**
 * Worker threads must not load Effect (its ESM graph costs ~0.3–0.5 s per worker, and require() of it inside a
 * worker has crashed V8 on Node 20: "v8::Module::IsGraphAsync must be used on an instantiated module"), nor the
 * YAML, template or Parquet libraries. The job modules are loaded here the way a worker loads them.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const DIST = path.join(__dirname, '..', '..', 'dist', 'jobs');

test.each(['collect-job.js', 'sessions-job.js'])('%s loads no Effect, yaml, nunjucks or Parquet', (job) => {
  const probe = `const M = require('module'); const load = M._load; const seen = new Set();
M._load = function (request) { if (/^(effect|yaml|nunjucks|hyparquet)/.test(request)) seen.add(request); return load.apply(this, arguments); };
require(${JSON.stringify(path.join(DIST, job))});
process.stdout.write(JSON.stringify([...seen]));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([]);
});

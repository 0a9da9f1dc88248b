#!/usr/bin/env node
/**
 * `flowstats` as the docs test puts it on PATH: the built CLI, with the record count of a generating command
 * (collect -t/--count/--total-flows/-f, generate -n/--count/--records, sessions generate -u/--count/--users)
 * capped at FLOWSTATS_DOCS_MAX_COUNT so that documentation examples written for realistic sizes run in
 * seconds. Everything else passes through unchanged. A non-zero exit is also appended to the file
 * FLOWSTATS_DOCS_FAILURES, so that a failure hidden by a pipe (`flowstats … | head`) still fails the example.
 * Used by the docs test only; never shipped.
 */
const COUNT_FLAGS = {
  collect: ['-t', '--count', '--total-flows', '-f', '--flows-per-thread'],
  generate: ['-n', '--count', '--records'],
  'sessions generate': ['-u', '--count', '--users'],
};
const SUFFIX = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, g: 1e9, G: 1e9, b: 1e9, B: 1e9 };
const max = Number(process.env.FLOWSTATS_DOCS_MAX_COUNT || 0);
const args = process.argv.slice(2);
const command = args[0] === 'sessions' ? `sessions ${args[1]}` : args[0];
const flags = COUNT_FLAGS[command];
if (max > 0 && flags) {
  const value = (text) => {
    const m = /^([0-9][0-9_]*(?:\.[0-9]+)?(?:e[0-9]+)?)([kKmMgGbB]?)$/.exec(text);
    return m ? Number(m[1].replace(/_/g, '')) * (SUFFIX[m[2]] ?? 1) : NaN;
  };
  for (let i = 0; i < args.length; i++) {
    const eq = /^(--[\w-]+)=(.*)$/.exec(args[i]);
    if (eq && flags.includes(eq[1]) && value(eq[2]) > max) args[i] = `${eq[1]}=${max}`;
    else if (flags.includes(args[i]) && value(args[i + 1] ?? '') > max) args[i + 1] = String(max);
  }
}
process.on('exit', (code) => {
  if (code && process.env.FLOWSTATS_DOCS_FAILURES) require('node:fs').appendFileSync(process.env.FLOWSTATS_DOCS_FAILURES, `exit ${code}: flowstats ${args.join(' ')}\n`);
});
process.argv = [process.argv[0], process.env.FLOWSTATS_BIN, ...args];
require(process.env.FLOWSTATS_BIN);

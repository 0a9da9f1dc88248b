#!/usr/bin/env node
// flowstats entry point: oclif dispatches to dist/commands/*; whatever escapes a command (oclif's plugin
// commands, hooks) ends as one `flowstats: …` line instead of oclif's multi-line block (dist/cli/handle-error).
const { run, flush } = require('@oclif/core');
// oclif's stdout error listener rethrows everything but EPIPE (a stack trace): ours reports one line, exit 2
process.stdout.removeAllListeners('error');
process.stdout.on('error', require('../dist/cli/stdout-errors').onStdoutError);
run(process.argv.slice(2), __dirname).then(() => flush()).catch(require('../dist/cli/handle-error').handleError);

#!/usr/bin/env node
// flowstats entry point: oclif dispatches to dist/commands/*; whatever escapes a command (oclif's plugin
// commands, hooks) ends as one `flowstats: …` line instead of oclif's multi-line block (dist/cli/handle-error).
const { run, flush } = require('@oclif/core');
run(process.argv.slice(2), __dirname).then(() => flush()).catch(require('../dist/cli/handle-error').handleError);

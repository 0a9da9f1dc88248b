#!/usr/bin/env node
// flowstats entry point: oclif dispatches to dist/commands/*.
const oclif = require('@oclif/core');
// oclif's stdout error listener rethrows everything but EPIPE (a stack trace): ours reports one line, exit 2
process.stdout.removeAllListeners('error');
process.stdout.on('error', require('../dist/cli/stdout-errors').onStdoutError);
oclif.execute({ dir: __dirname }).catch(require('@oclif/core/handle'));

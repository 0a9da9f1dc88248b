#!/usr/bin/env node
// flowstats entry point: oclif dispatches to dist/commands/*.
require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core/handle'));

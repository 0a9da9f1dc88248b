/**
 * After `flowstats plugins install`: load what was installed the way a command will, and warn when a flowgen
 * plugin cannot be used — wrong apiVersion, a name that clashes, a module that fails to load — instead of
 * letting the install look fine and the first `collect` fail. The install itself stands (uninstall is one
 * command away); the warning names the plugin and the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hook } from '@oclif/core';
import { printError } from '../cli/base-command';
import { BUILTIN_PACKAGES } from '../cli/load-registry';
import { packageDir, Registry } from '@flowgen/core';

const hook: Hook<'plugins:postinstall'> = async function () {
  let deps: Record<string, string>;
  try {
    deps = JSON.parse(fs.readFileSync(path.join(this.config.dataDir, 'package.json'), 'utf8')).dependencies ?? {};
  } catch {
    return; // nothing installed yet
  }
  const registry = new Registry();
  for (const name of BUILTIN_PACKAGES) registry.addPackage(packageDir(name, __dirname));
  for (const name of Object.keys(deps)) {
    const dir = path.join(this.config.dataDir, 'node_modules', name);
    let manifest: { flowgen?: unknown };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!manifest.flowgen) continue; // an oclif plugin that is not a flowgen plugin
    const failed = registry.tryAddPackage(dir);
    if (failed) {
      printError(`warning: ${failed.message}; ${name} is installed but cannot be used (flowstats plugins uninstall ${name})`);
      continue;
    }
    // kernels are CommonJS modules loaded with require (workflows and presets are data files, read when used)
    for (const c of registry.list().filter((x) => x.source === name && x.kind !== 'workflow' && x.kind !== 'preset')) {
      try {
        require(c.module);
      } catch (e) {
        printError(`warning: ${name}: ${c.kind} "${c.name}": cannot load ${path.relative(dir, c.module)}: ${(e as Error).message.split('\n')[0]}; it will fail when used`);
      }
    }
  }
};

export default hook;

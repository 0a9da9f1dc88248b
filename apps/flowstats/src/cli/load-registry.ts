/**
 * The registry the CLI resolves names against: the built-in packages' contributions, then those of every
 * plugin the user installed or linked (`flowstats plugins install|link`) that declares a "flowgen" block.
 * Built-ins and plugins go through the same Registry.addPackage. A broken plugin is recorded, not fatal:
 * commands that don't use it still work, and naming one of its contributions reports why it didn't load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageDir, Registry } from '@flowgen/core';
import type { Config } from '@oclif/core';

export const BUILTIN_PACKAGES = ['@flowgen/distributions', '@flowgen/emitters', '@flowgen/exporters'] as const;

/** Installed or linked oclif plugins whose package.json has a "flowgen" block. */
export const flowgenPlugins = (config: Config): Array<{ name: string; root: string; type: string }> =>
  config
    .getPluginsList()
    .filter((p) => p.type === 'user' || p.type === 'link')
    .filter((p) => {
      try {
        return 'flowgen' in JSON.parse(fs.readFileSync(path.join(p.root, 'package.json'), 'utf8'));
      } catch {
        return false;
      }
    })
    .map((p) => ({ name: p.name, root: p.root, type: p.type }));

export const loadRegistry = (config?: Config): Registry => {
  const registry = new Registry();
  for (const name of BUILTIN_PACKAGES) registry.addPackage(packageDir(name, __dirname));
  if (config) for (const p of flowgenPlugins(config)) registry.tryAddPackage(p.root);
  return registry;
};

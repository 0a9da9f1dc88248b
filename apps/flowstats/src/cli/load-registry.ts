/**
 * The registry the CLI resolves names against: the built-in packages' contributions, declared in their
 * package.json exactly as a plugin declares its own.
 */
import { packageDir, Registry } from '@flowgen/core';

export const BUILTIN_PACKAGES = ['@flowgen/distributions', '@flowgen/emitters', '@flowgen/exporters'] as const;

export const loadRegistry = (): Registry => {
  const registry = new Registry();
  for (const name of BUILTIN_PACKAGES) registry.addPackage(packageDir(name, __dirname));
  return registry;
};

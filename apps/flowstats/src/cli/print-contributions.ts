/** Shared listing for `patterns` and `contributions`: a table for people, JSON for machines. */
import type { ContributionKind, Registry } from '@flowgen/core';

export const printContributions = (registry: Registry, kinds: ReadonlyArray<ContributionKind>, json: boolean): void => {
  const rows = registry.list().filter((c) => kinds.includes(c.kind));
  const failures = registry.failures().map((f) => ({ source: f.source, error: f.message }));
  if (json) {
    const out = rows.map((c) => ({ kind: c.kind, name: c.name, aliases: c.aliases, source: c.source, description: c.description, options: c.options ?? null }));
    process.stdout.write(`${JSON.stringify({ contributions: out, failed_plugins: failures }, null, 2)}\n`);
    return;
  }
  const table = rows.map((c) => [c.kind, c.aliases.length ? `${c.name} (${c.aliases.join(', ')})` : c.name, c.source, c.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...[['KIND', 'NAME', 'SOURCE'][i]!.length, ...table.map((r) => r[i]!.length)]));
  const line = (r: ReadonlyArray<string>): string => r.map((v, i) => (i < 3 ? v.padEnd(widths[i]!) : v)).join('  ').trimEnd();
  process.stdout.write(`${[line(['KIND', 'NAME', 'SOURCE', 'DESCRIPTION']), ...table.map(line)].join('\n')}\n`);
  for (const f of failures) process.stdout.write(`not loaded: ${f.error}\n`);
};

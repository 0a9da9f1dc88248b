/**
 * The `hosts` section of a flow config: client and server populations with stable addresses and skewed
 * activity/popularity, instead of addresses drawn uniformly from subnets. This module decodes the section's
 * shape (Effect Schema, used by flow-config.ts), fills in the documented defaults (docs/realism.md) and checks
 * what spans fields; the result is a `HostPlan` of plain numbers that the main thread hands to every worker,
 * where host-tables.ts turns it into typed arrays once per run.
 */
import { ConfigError, parseCidr } from '@flowgen/core';
import * as Schema from 'effect/Schema';

const Num = Schema.Number.check(Schema.isFinite());
const Count = Num.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1));

const Skew = Schema.Struct({
  distribution: Schema.Literals(['zipf', 'lognormal', 'uniform']),
  exponent: Schema.optionalKey(Num),
  sigma: Schema.optionalKey(Num),
});

export const HostsSection = Schema.Struct({
  clients: Schema.optionalKey(
    Schema.Struct({
      subnets: Schema.optionalKey(Schema.Array(Schema.String)),
      count: Schema.optionalKey(Count),
      activity: Schema.optionalKey(Skew),
    }),
  ),
  servers: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        name: Schema.String,
        patterns: Schema.Array(Schema.String),
        subnets: Schema.optionalKey(Schema.Array(Schema.String)),
        addresses: Schema.optionalKey(Schema.Array(Schema.String)),
        count: Schema.optionalKey(Count),
        popularity: Schema.optionalKey(Skew),
      }),
    ),
  ),
  conversation_reuse: Schema.optionalKey(Num),
  favourites: Schema.optionalKey(Count),
});
export type HostsSection = typeof HostsSection.Type;

export interface SkewPlan {
  readonly distribution: 'zipf' | 'lognormal' | 'uniform';
  /** zipf exponent s (P(rank k) ∝ k^-s) */
  readonly exponent: number;
  /** lognormal sigma of per-host weights */
  readonly sigma: number;
}

export interface PopulationPlan {
  readonly name: string;
  readonly count: number;
  /** either explicit addresses (count of them) … */
  readonly addresses: ReadonlyArray<number> | undefined;
  /** … or subnets to place `count` distinct addresses in: first usable address and usable size of each */
  readonly lo: ReadonlyArray<number>;
  readonly span: ReadonlyArray<number>;
  readonly skew: SkewPlan;
}

export interface HostPlan {
  readonly clients: PopulationPlan;
  readonly servers: ReadonlyArray<PopulationPlan>;
  /** per run pattern (plan order): index into `servers`, or −1 for "uniform over network.destination_subnets" */
  readonly patternServers: ReadonlyArray<number>;
  readonly conversationReuse: number;
  readonly favourites: number;
}

/** The defaults that `hosts: {}` expands to; where the numbers come from: docs/realism.md. */
export const HOST_DEFAULTS = {
  clients: { count: 5000, activity: { distribution: 'zipf', exponent: 1 } },
  conversation_reuse: 0.6,
  favourites: 4,
  servers: [
    { name: 'resolvers', patterns: ['dns'], subnets: ['10.100.0.0/24'], count: 4, popularity: { distribution: 'zipf', exponent: 1.5 } },
    { name: 'web', patterns: ['web'], subnets: ['203.0.113.0/24', '198.51.100.0/24'], count: 300, popularity: { distribution: 'zipf', exponent: 1 } },
    { name: 'databases', patterns: ['database'], subnets: ['10.100.10.0/24'], count: 6, popularity: { distribution: 'zipf', exponent: 1 } },
    { name: 'ssh', patterns: ['ssh'], subnets: ['10.100.20.0/24'], count: 20, popularity: { distribution: 'zipf', exponent: 1 } },
    { name: 'mail', patterns: ['smtp'], subnets: ['10.100.30.0/24'], count: 2, popularity: { distribution: 'uniform' } },
    { name: 'ftp', patterns: ['ftp'], subnets: ['10.100.40.0/24'], count: 3, popularity: { distribution: 'uniform' } },
  ],
} as const;

const MAX_HOSTS = 1 << 24;

const parseAddress = (text: string, source: string, path: string): number => {
  try {
    const c = parseCidr(text.includes('/') ? text : `${text}/32`);
    if (c.size !== 1) throw new Error(`"${text}" is a block; give single addresses here (or use subnets)`);
    return c.base;
  } catch (e) {
    throw new ConfigError(source, path, (e as Error).message);
  }
};

const resolveSkew = (s: typeof Skew.Type | undefined, fallback: SkewPlan, source: string, path: string): SkewPlan => {
  if (!s) return fallback;
  const exponent = s.exponent ?? 1;
  const sigma = s.sigma ?? 1.5;
  if (s.distribution === 'zipf' && !(exponent >= 0 && exponent <= 10)) throw new ConfigError(source, `${path}.exponent`, `zipf exponent must be within 0…10, got ${exponent}`);
  if (s.distribution === 'lognormal' && !(sigma >= 0 && sigma <= 10)) throw new ConfigError(source, `${path}.sigma`, `lognormal sigma must be within 0…10, got ${sigma}`);
  if (s.distribution !== 'zipf' && s.exponent !== undefined) throw new ConfigError(source, `${path}.exponent`, `only zipf takes an exponent (this is ${s.distribution})`);
  if (s.distribution !== 'lognormal' && s.sigma !== undefined) throw new ConfigError(source, `${path}.sigma`, `only lognormal takes a sigma (this is ${s.distribution})`);
  return { distribution: s.distribution, exponent, sigma };
};

const resolvePopulation = (
  name: string,
  p: { subnets?: ReadonlyArray<string>; addresses?: ReadonlyArray<string>; count?: number },
  skew: SkewPlan,
  source: string,
  path: string,
  defaultCount = 1000,
): PopulationPlan => {
  if (p.addresses !== undefined) {
    if (p.subnets !== undefined) throw new ConfigError(source, `${path}.addresses`, 'give either addresses or subnets, not both');
    if (p.addresses.length === 0) throw new ConfigError(source, `${path}.addresses`, 'needs at least one address');
    const addresses = p.addresses.map((a, i) => parseAddress(a, source, `${path}.addresses[${i}]`));
    if (new Set(addresses).size !== addresses.length) throw new ConfigError(source, `${path}.addresses`, 'lists an address twice');
    if (p.count !== undefined && p.count !== addresses.length) throw new ConfigError(source, `${path}.count`, `is ${p.count} but ${addresses.length} addresses are listed; leave count out or make them agree`);
    return { name, count: addresses.length, addresses, lo: [], span: [], skew };
  }
  const subnets = p.subnets!;
  if (subnets.length === 0) throw new ConfigError(source, `${path}.subnets`, 'needs at least one CIDR block');
  const lo: number[] = [], span: number[] = [];
  subnets.forEach((text, i) => {
    let c;
    try {
      c = parseCidr(text);
    } catch (e) {
      throw new ConfigError(source, `${path}.subnets[${i}]`, (e as Error).message);
    }
    const skipEnds = c.size >= 4;
    lo.push(c.base + (skipEnds ? 1 : 0));
    span.push(skipEnds ? c.size - 2 : c.size);
  });
  const total = span.reduce((a, b) => a + b, 0);
  const count = p.count ?? Math.min(total, defaultCount);
  if (count > total) throw new ConfigError(source, `${path}.count`, `${count} hosts do not fit in ${total} usable addresses of ${subnets.join(', ')}`);
  if (count > MAX_HOSTS) throw new ConfigError(source, `${path}.count`, `at most ${MAX_HOSTS} hosts per population, got ${count}`);
  return { name, count, addresses: undefined, lo, span, skew };
};

/**
 * Resolves the `hosts` section against the run's patterns (names as the registry resolved them, in plan
 * order). `clientSubnets` are network.source_subnets (or their default) and apply when clients give none.
 */
export const resolveHosts = (
  h: HostsSection,
  source: string,
  patternNames: ReadonlyArray<string>,
  clientSubnets: ReadonlyArray<string>,
  canonical: (name: string) => string | undefined,
): HostPlan => {
  const c = h.clients ?? {};
  const clients = resolvePopulation(
    'clients',
    { subnets: c.subnets ?? clientSubnets, ...(c.count !== undefined ? { count: c.count } : {}) },
    resolveSkew(c.activity, { distribution: 'zipf', exponent: HOST_DEFAULTS.clients.activity.exponent, sigma: 1.5 }, source, 'hosts.clients.activity'),
    source,
    'hosts.clients',
    HOST_DEFAULTS.clients.count,
  );
  const userServers = h.servers !== undefined;
  const list = h.servers ?? HOST_DEFAULTS.servers;
  const patternServers = patternNames.map(() => -1);
  const servers: PopulationPlan[] = [];
  const names = new Set<string>();
  list.forEach((s, i) => {
    const path = `hosts.servers[${i}]`;
    if (names.has(s.name)) throw new ConfigError(source, `${path}.name`, `server population "${s.name}" is listed twice`);
    names.add(s.name);
    const served: number[] = [];
    s.patterns.forEach((pn, j) => {
      const name = canonical(pn);
      if (name === undefined) throw new ConfigError(source, `${path}.patterns[${j}]`, `unknown pattern "${pn}" (see flowstats patterns)`);
      const at = patternNames.indexOf(name);
      if (at < 0) return; // a pattern this run does not use: nothing to serve
      if (patternServers[at]! >= 0) throw new ConfigError(source, `${path}.patterns[${j}]`, `pattern "${name}" is already served by "${servers[patternServers[at]!]!.name}"`);
      served.push(at);
    });
    if (!userServers && served.length === 0) return; // a default population for a pattern not in this run
    if ((s as { subnets?: unknown }).subnets === undefined && (s as { addresses?: unknown }).addresses === undefined) {
      throw new ConfigError(source, path, 'needs subnets or addresses');
    }
    const pop = resolvePopulation(s.name, s, resolveSkew(s.popularity as typeof Skew.Type | undefined, { distribution: 'zipf', exponent: 1, sigma: 1.5 }, source, `${path}.popularity`), source, path);
    for (const at of served) patternServers[at] = servers.length;
    servers.push(pop);
  });
  const reuse = h.conversation_reuse ?? HOST_DEFAULTS.conversation_reuse;
  if (!(reuse >= 0 && reuse <= 1)) throw new ConfigError(source, 'hosts.conversation_reuse', `must be a probability within [0, 1], got ${reuse}`);
  const favourites = h.favourites ?? HOST_DEFAULTS.favourites;
  if (favourites > 1024) throw new ConfigError(source, 'hosts.favourites', `at most 1024 favourite servers per client, got ${favourites}`);
  return { clients, servers, patternServers, conversationReuse: reuse, favourites };
};

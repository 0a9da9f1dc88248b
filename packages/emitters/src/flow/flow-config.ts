/**
 * The flow engine's config: the seed's YAML/JSON shape (generation / network / traffic_patterns), decoded with
 * an Effect Schema, merged with command-line overrides, defaulted and cross-checked. Every error names where
 * the value came from (the file or the flag) and the field path.
 */
import { ConfigError, parseCidr, validateOptions, type Registry } from '@flowgen/core';
import { decodeConfig } from '@flowgen/core/config';
import * as Schema from 'effect/Schema';
import { HostsSection, resolveHosts, type HostPlan } from './host-config';
import { resolveTimeProfile, type TimeProfilePlan } from './time-profile';

const Num = Schema.Number.check(Schema.isFinite());
const NonNeg = Num.check(Schema.isGreaterThanOrEqualTo(0));
const Positive = Num.check(Schema.isGreaterThan(0));
const Count = Num.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0));

export const FlowConfigFile = Schema.Struct({
  generation: Schema.optionalKey(
    Schema.Struct({
      start_timestamp: Schema.optionalKey(NonNeg),
      end_timestamp: Schema.optionalKey(NonNeg),
      bandwidth_gbps: Schema.optionalKey(Positive),
      average_packet_size: Schema.optionalKey(Positive),
      total_flows: Schema.optionalKey(Count),
      seed: Schema.optionalKey(Schema.Union([Num.check(Schema.isInt()), Schema.String])),
      timing: Schema.optionalKey(Schema.Literals(['poisson', 'constant'])),
      bidirectional_mode: Schema.optionalKey(Schema.Literals(['none', 'random', 'pair'])),
      bidirectional_probability: Schema.optionalKey(Num),
    }),
  ),
  network: Schema.optionalKey(
    Schema.Struct({
      source_subnets: Schema.optionalKey(Schema.Array(Schema.String)),
      destination_subnets: Schema.optionalKey(Schema.Array(Schema.String)),
      source_weights: Schema.optionalKey(Schema.Array(NonNeg)),
      destination_weights: Schema.optionalKey(Schema.Array(NonNeg)),
    }),
  ),
  hosts: Schema.optionalKey(HostsSection),
  time_profile: Schema.optionalKey(Schema.Struct({
    hourly: Schema.optionalKey(Schema.Array(Num)),
    components: Schema.optionalKey(Schema.Array(Schema.Struct({ mu: Num, sigma: Num, weight: Num }))),
    baseline: Schema.optionalKey(Num),
  })),
  traffic_patterns: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        type: Schema.String,
        percentage: NonNeg,
        options: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
      }),
    ),
  ),
});
export type FlowConfigFile = typeof FlowConfigFile.Type;

/** A value and where it came from, for error messages. */
interface Sourced<T> {
  readonly value: T;
  readonly source: string;
  readonly path: string;
}

/** Command-line (or API) overrides; each wins over the file. Sources are the flag names. */
export interface FlowOverrides {
  readonly startTimestampNs?: bigint;
  readonly endTimestampNs?: bigint;
  /** the run ends at start + this (instead of endTimestampNs) */
  readonly durationNs?: bigint;
  readonly bandwidthGbps?: number;
  readonly totalFlows?: number;
  readonly seed?: bigint;
  readonly timing?: 'poisson' | 'constant';
  readonly bidirectionalProbability?: number;
  readonly patterns?: ReadonlyArray<{ type: string; percentage: number }>;
  readonly srcSubnets?: ReadonlyArray<string>;
  readonly dstSubnets?: ReadonlyArray<string>;
}

export interface ResolvedPattern {
  readonly name: string;
  readonly source: string;
  readonly percentage: number;
  readonly module: string;
  readonly options: Record<string, unknown>;
}

export interface ResolvedSubnets {
  readonly cidrs: ReadonlyArray<string>;
  /** normalised to sum 1 */
  readonly weights: ReadonlyArray<number>;
}

export interface ResolvedFlowConfig {
  readonly startTimestampNs: bigint;
  readonly endTimestampNs: bigint | undefined;
  /** undefined: unbounded (only with an end timestamp) */
  readonly totalFlows: number | undefined;
  readonly bandwidthGbps: number;
  /** where the bandwidth came from (flag or file field), for errors that involve it */
  readonly bandwidthFrom?: { readonly source: string; readonly path: string };
  readonly averagePacketSize: number;
  readonly seed: bigint;
  readonly timing: 'poisson' | 'constant';
  readonly bidirectionalProbability: number;
  /** bidirectional_mode: pair — requests followed by their replies */
  readonly pairs?: boolean;
  readonly patterns: ReadonlyArray<ResolvedPattern>;
  readonly source: ResolvedSubnets;
  readonly destination: ResolvedSubnets;
  /** the host model (config section `hosts`); absent: addresses uniform over the subnets, as FlowGen does */
  readonly hosts?: HostPlan;
  /** rate over the day or week (config section `time_profile`); absent: a constant rate */
  readonly timeProfile?: TimeProfilePlan;
}

export const FLOW_DEFAULTS = {
  start_timestamp: 1704067200, // 2024-01-01T00:00:00Z, FlowGen's default
  bandwidth_gbps: 10,
  average_packet_size: 800,
  total_flows: 100_000,
  timing: 'poisson',
  bidirectional_probability: 0.5,
  source_subnets: ['192.168.0.0/16', '10.10.0.0/16'],
  destination_subnets: ['10.100.0.0/16', '203.0.113.0/24'],
  traffic_patterns: [
    { type: 'web', percentage: 40 },
    { type: 'database', percentage: 20 },
    { type: 'dns', percentage: 20 },
    { type: 'ssh', percentage: 10 },
    { type: 'random', percentage: 10 },
  ],
} as const;

const MAX_SEC = 2 ** 32 - 1;
/** bandwidth bounds in Gbit/s: 1 kbit/s … 1 Pbit/s */
const MIN_GBPS = 1e-6;
const MAX_GBPS = 1e6;
const SUM_TOLERANCE = 0.01;

/** Decodes a parsed config file (YAML/JSON value) — throws ConfigError with the file and field path. */
export const decodeFlowConfigFile = (value: unknown, source: string): FlowConfigFile => {
  if (value === null || value === undefined) return {};
  return decodeConfig(FlowConfigFile, value, source);
};

const parseSeed = (s: Sourced<number | string | bigint>): bigint => {
  if (typeof s.value === 'bigint') return s.value;
  if (typeof s.value === 'number') {
    if (!Number.isSafeInteger(s.value)) throw new ConfigError(s.source, s.path, `seed must be an integer below 2^53 (or a decimal string), got ${s.value}`);
    return BigInt(s.value);
  }
  if (!/^-?\d{1,20}$/.test(s.value)) throw new ConfigError(s.source, s.path, `seed must be an integer, got "${s.value}"`);
  return BigInt(s.value);
};

const secondsToNs = (s: Sourced<number>): bigint => {
  if (s.value > MAX_SEC) throw new ConfigError(s.source, s.path, `must be a Unix time in seconds (≤ ${MAX_SEC}), got ${s.value}`);
  // seconds may be fractional: keep microsecond resolution of the decimal, the rest is float noise
  return BigInt(Math.round(s.value * 1e6)) * 1000n;
};

const resolveSubnets = (cidrs: Sourced<ReadonlyArray<string>>, weights: Sourced<ReadonlyArray<number>> | undefined): ResolvedSubnets => {
  if (cidrs.value.length === 0) throw new ConfigError(cidrs.source, cidrs.path, 'needs at least one CIDR block');
  cidrs.value.forEach((c, i) => {
    try {
      parseCidr(c);
    } catch (e) {
      throw new ConfigError(cidrs.source, `${cidrs.path}[${i}]`, (e as Error).message);
    }
  });
  if (!weights) return { cidrs: cidrs.value, weights: cidrs.value.map(() => 1 / cidrs.value.length) };
  if (weights.value.length !== cidrs.value.length) {
    throw new ConfigError(weights.source, weights.path, `has ${weights.value.length} weights for ${cidrs.value.length} subnets; give one per subnet`);
  }
  const sum = weights.value.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 100) > SUM_TOLERANCE) throw new ConfigError(weights.source, weights.path, `weights are percentages and must sum to 100, got ${sum}`);
  return { cidrs: cidrs.value, weights: weights.value.map((w) => w / sum) };
};

/**
 * Merges file and overrides, applies defaults and checks everything that spans fields: pattern names against
 * the registry, percentages summing to 100, per-pattern options against each pattern's schema, subnets, weights.
 */
export const resolveFlowConfig = (
  file: FlowConfigFile,
  fileSource: string,
  overrides: FlowOverrides,
  flagSources: Partial<Record<keyof FlowOverrides, string>>,
  registry: Registry,
): ResolvedFlowConfig => {
  const g = file.generation ?? {};
  const n = file.network ?? {};
  const fromFile = <T>(value: T | undefined, path: string): Sourced<T> | undefined =>
    value === undefined ? undefined : { value, source: fileSource, path };
  const fromFlag = <K extends keyof FlowOverrides>(k: K): Sourced<NonNullable<FlowOverrides[K]>> | undefined =>
    overrides[k] === undefined ? undefined : { value: overrides[k] as NonNullable<FlowOverrides[K]>, source: flagSources[k] ?? k, path: '' };

  const startNs = overrides.startTimestampNs ?? secondsToNs(fromFile(g.start_timestamp, 'generation.start_timestamp') ?? { value: FLOW_DEFAULTS.start_timestamp, source: 'defaults', path: '' });
  const endFile = fromFile(g.end_timestamp, 'generation.end_timestamp');
  const endNs = overrides.endTimestampNs ?? (overrides.durationNs !== undefined ? startNs + overrides.durationNs : endFile ? secondsToNs(endFile) : undefined);
  if (startNs > BigInt(MAX_SEC) * 1_000_000_000n) throw new ConfigError(flagSources.startTimestampNs ?? fileSource, '', 'start timestamp is past 2106 (32-bit seconds)');
  if (endNs !== undefined && endNs <= startNs) {
    const src = overrides.endTimestampNs !== undefined ? { source: flagSources.endTimestampNs ?? '--end-timestamp', path: '' } : endFile!;
    throw new ConfigError(src.source, src.path, `end timestamp ${endNs} ns must be after the start timestamp ${startNs} ns`);
  }
  if (endNs !== undefined && endNs - startNs >= 2n ** 53n) throw new ConfigError(flagSources.endTimestampNs ?? flagSources.durationNs ?? fileSource, '', 'runs are limited to 2^53 ns (104 days) of simulated time');

  // an end timestamp alone means "until then"; a flow count (flag or file) caps it either way
  const totalFlows = overrides.totalFlows ?? g.total_flows ?? (endNs !== undefined ? undefined : FLOW_DEFAULTS.total_flows);

  const bidi = fromFlag('bidirectionalProbability') ?? fromFile(g.bidirectional_probability, 'generation.bidirectional_probability');
  if (bidi && (bidi.value < 0 || bidi.value > 1)) throw new ConfigError(bidi.source, bidi.path, `probability must be within [0, 1], got ${bidi.value}`);
  const mode = overrides.bidirectionalProbability !== undefined ? (overrides.bidirectionalProbability > 0 ? 'random' : 'none') : (g.bidirectional_mode ?? 'none');
  const bidirectionalProbability = mode === 'random' ? (bidi?.value ?? FLOW_DEFAULTS.bidirectional_probability) : 0;

  const seedSrc = fromFlag('seed') ?? fromFile(g.seed, 'generation.seed');
  const seed = seedSrc ? parseSeed(seedSrc) : randomSeed();

  const pats: Sourced<ReadonlyArray<{ type: string; percentage: number; options?: Record<string, unknown> }>> = fromFlag('patterns') ??
    fromFile(file.traffic_patterns, 'traffic_patterns') ?? { value: FLOW_DEFAULTS.traffic_patterns, source: 'defaults', path: 'traffic_patterns' };
  const patterns = resolvePatterns(pats, registry);

  const srcCidrs = fromFlag('srcSubnets') ?? fromFile(n.source_subnets, 'network.source_subnets') ?? { value: FLOW_DEFAULTS.source_subnets, source: 'defaults', path: '' };
  const src = resolveSubnets(
    srcCidrs,
    overrides.srcSubnets ? undefined : fromFile(n.source_weights, 'network.source_weights'),
  );
  const dst = resolveSubnets(
    fromFlag('dstSubnets') ?? fromFile(n.destination_subnets, 'network.destination_subnets') ?? { value: FLOW_DEFAULTS.destination_subnets, source: 'defaults', path: '' },
    overrides.dstSubnets ? undefined : fromFile(n.destination_weights, 'network.destination_weights'),
  );

  const bw = fromFlag('bandwidthGbps') ?? fromFile(g.bandwidth_gbps, 'generation.bandwidth_gbps') ?? { value: FLOW_DEFAULTS.bandwidth_gbps, source: 'defaults', path: '' };
  if (!(bw.value >= MIN_GBPS && bw.value <= MAX_GBPS)) throw new ConfigError(bw.source, bw.path, `bandwidth must be within ${MIN_GBPS}…${MAX_GBPS} Gbit/s, got ${bw.value}`);

  const hosts = file.hosts === undefined
    ? undefined
    : resolveHosts(file.hosts, fileSource, patterns.map((p) => p.name), srcCidrs.value, (name) => registry.find('pattern', name)?.name);

  return {
    startTimestampNs: startNs,
    endTimestampNs: endNs,
    totalFlows,
    bandwidthGbps: bw.value,
    bandwidthFrom: { source: bw.source, path: bw.path },
    averagePacketSize: g.average_packet_size ?? FLOW_DEFAULTS.average_packet_size,
    seed,
    timing: overrides.timing ?? g.timing ?? 'poisson',
    bidirectionalProbability,
    ...(mode === 'pair' ? { pairs: true } : {}),
    patterns,
    source: src,
    destination: dst,
    ...(hosts ? { hosts } : {}),
    ...(file.time_profile !== undefined ? { timeProfile: resolveTimeProfile(file.time_profile, fileSource, startNs) } : {}),
  };
};

const resolvePatterns = (
  pats: Sourced<ReadonlyArray<{ type: string; percentage: number; options?: Record<string, unknown> }>>,
  registry: Registry,
): ResolvedPattern[] => {
  const at = (i: number, key?: string): string => (pats.path ? `${pats.path}[${i}]${key ? `.${key}` : ''}` : key ? `${pats.value[i]!.type}.${key}` : pats.value[i]!.type);
  if (pats.value.length === 0) throw new ConfigError(pats.source, pats.path, 'needs at least one traffic pattern');
  const seen = new Set<string>();
  const out = pats.value.map((p, i) => {
    const c = registry.find('pattern', p.type);
    if (!c) throw new ConfigError(pats.source, at(i, pats.path ? 'type' : undefined), registry.unknown('pattern', p.type));
    if (seen.has(c.name)) throw new ConfigError(pats.source, at(i, pats.path ? 'type' : undefined), `pattern "${c.name}" is listed twice`);
    seen.add(c.name);
    const checked = c.options ? validateOptions(c.options, p.options ?? {}, '') : { ok: true as const, value: p.options ?? {} };
    if (!checked.ok) {
      const plugin = c.source.startsWith('@flowgen/') ? '' : ` (an option of pattern "${c.name}" from plugin ${c.source})`;
      throw new ConfigError(pats.source, `${at(i, 'options')}${checked.path ? `.${checked.path}` : ''}`, `${checked.problem}${plugin}`);
    }
    return { name: c.name, source: c.source, percentage: p.percentage, module: c.module, options: (checked.value ?? {}) as Record<string, unknown> };
  });
  const sum = out.reduce((a, p) => a + p.percentage, 0);
  if (Math.abs(sum - 100) > SUM_TOLERANCE) {
    throw new ConfigError(pats.source, pats.path, `percentages must sum to 100, got ${+sum.toFixed(6)} (${out.map((p) => `${p.name}:${p.percentage}`).join(', ')})`);
  }
  if (out.length > 255) throw new ConfigError(pats.source, pats.path, 'at most 255 patterns');
  return out;
};

const randomSeed = (): bigint => {
  const b = new BigUint64Array(1);
  globalThis.crypto.getRandomValues(b);
  return BigInt.asUintN(48, b[0]!);
};

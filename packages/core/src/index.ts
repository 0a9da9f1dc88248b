/**
 * @flowgen/core — what every engine and worker shares: random streams, IPv4 and timestamp helpers, record
 * batches, the plugin registry and the worker runtime. Nothing here loads Effect; the Effect-based config
 * helpers are a separate entry point, `@flowgen/core/config`.
 */
export { ConfigError, isConfigError, formatPath } from './config-error';
export { Rng, seedToBigInt } from './rng';
export { ipToUint32, uint32ToIp, parseCidr, cidrContains, type Cidr } from './ip';
export { PROTOCOLS } from './protocols';
export { FlowBatch, FLOW_FIELDS, flowAt, type Flow, type FlowField } from './flow-batch';
export { NS_PER_SEC, splitNs, joinNs, addOffset, nsToIso, type SecNsec } from './timestamp';
export { validateOptions, type OptionsSchema, type OptionsResult } from './options-schema';
export { Registry, PLUGIN_API_VERSION, CONTRIBUTION_KINDS, packageDir, type Contribution, type ContributionKind } from './registry';
export type { ChunkJob, ChunkResult, CreateChunkJob } from './chunk-job';
export { runOrderedJob, type OrderedJobOptions, type OrderedJobHandle } from './ordered-job';
export { SessionBatch, SESSION_FIELDS, type SessionField, type SessionTables } from './session-batch';
export { Instant, INSTANT_UNITS, parseIsoInstant, parseIsoDuration, type InstantUnit } from './instant';

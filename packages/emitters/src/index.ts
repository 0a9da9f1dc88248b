/**
 * @flowgen/emitters — record producers. Today: the flow engine (config, plan, chunked generation, the
 * built-in traffic patterns and the pattern contract plugins implement).
 */
export { FlowGenerator, builtinPatternRegistry, type FlowGeneratorOptions } from './flow/flow-generator';
export { FlowEngine } from './flow/flow-engine';
export { planFlows, FLOW_CHUNK_SIZE, type FlowPlan, type SubnetTable } from './flow/flow-plan';
export {
  FlowConfigFile, FLOW_DEFAULTS, decodeFlowConfigFile, resolveFlowConfig,
  type FlowOverrides, type ResolvedFlowConfig, type ResolvedPattern, type ResolvedSubnets,
} from './flow/flow-config';
export { ChunkClock } from './flow/chunk-clock';
export { loadPatterns, type PatternRef } from './flow/load-patterns';
export { TCP, UDP, type FlowPattern, type CreatePattern } from './flow/pattern-contract';
export { createProfilePattern, profilePattern, type ProfileOptions, type ProfileVariant, type ProfileOverrides } from './flow/profile-pattern';
export { PLUGIN_SDK, type PluginSdk } from './flow/plugin-sdk';

/**
 * @flowgen/emitters — record producers: the flow engine (config, plan, chunked generation, the built-in
 * traffic patterns and the pattern contract plugins implement) and the workflow engine (Markov workflows,
 * validation, users → sessions → API calls).
 */
export { FlowGenerator, builtinPatternRegistry, type FlowGeneratorOptions } from './flow/flow-generator';
export { FlowEngine } from './flow/flow-engine';
export { planFlows, FLOW_CHUNK_SIZE, type FlowPlan, type SubnetTable } from './flow/flow-plan';
export {
  FlowConfigFile, FLOW_DEFAULTS, decodeFlowConfigFile, resolveFlowConfig,
  type FlowOverrides, type ResolvedFlowConfig, type ResolvedPattern, type ResolvedSubnets,
} from './flow/flow-config';
export { ChunkClock } from './flow/chunk-clock';
export { HostsSection, HOST_DEFAULTS, resolveHosts, type HostPlan, type PopulationPlan, type SkewPlan } from './flow/host-config';
export { HostTables, populationAddresses, skewWeights } from './flow/host-tables';
export { TimeWarp, resolveTimeProfile, type TimeProfilePlan, type TimeProfileSection } from './flow/time-profile';
export { loadPatterns, type PatternRef } from './flow/load-patterns';
export { TCP, UDP, type FlowPattern, type CreatePattern } from './flow/pattern-contract';
export { createProfilePattern, profilePattern, type ProfileOptions, type ProfileVariant, type ProfileOverrides } from './flow/profile-pattern';
export { PLUGIN_SDK, type PluginSdk } from './flow/plugin-sdk';
export { WorkflowFile, decodeWorkflow, parseWorkflowText, readWorkflowFile, workflowToYaml, type WorkflowDefinition } from './workflow/workflow-definition';
export { validateWorkflow, workflowEndpoints, fieldPath, PROBABILITY_TOLERANCE, type WorkflowProblem } from './workflow/validate-workflow';
export { planSessions, SESSION_DEFAULTS, SESSIONS_CAP_LIMIT, type SessionPlan, type SessionSettings } from './workflow/session-plan';
export { SessionEngine, CASCADE } from './workflow/session-engine';
export { inferMethod, inferLatencyMs, inferParams } from './workflow/endpoint-traits';
export { compileEventConfig, END, type EventModel, type EventNode, type EventProblem, type EventTemplate, type Emitter } from './events/event-model';
export { EventSimulation, type RecordSink, type SimulationOptions } from './events/event-simulation';
export { compileSchedule } from './events/event-schedule';
export { compileDistribution, gmmMultiplier, type DistMode, type EventDist } from './events/event-distribution';
export { compileField, FIELD_TYPES, PRINTABLE, type FieldGen, type Value } from './events/event-fields';

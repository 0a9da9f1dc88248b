/**
 * What kernels receive as their second argument: the building blocks of the built-ins, from the running
 * flowstats. Plugins use these instead of importing flowgen packages, which a plugin installed into the
 * CLI's data directory could not resolve (and would otherwise duplicate).
 */
import { FlowBatch, PLUGIN_API_VERSION, Rng } from '@flowgen/core';
import { clampedLognormalMean, fastExp, normalCdf, normalQuantile, sampleGamma, sampleLognormal, samplePareto } from '@flowgen/distributions';
import { FLAGS_COMPLETE, FLAGS_DATA, FLAGS_RESET, FLAGS_SYN, TCP, UDP } from './pattern-contract';
import { createProfilePattern, profilePattern } from './profile-pattern';

export const PLUGIN_SDK = {
  apiVersion: PLUGIN_API_VERSION,
  Rng,
  FlowBatch,
  profilePattern,
  createProfilePattern,
  protocols: { TCP, UDP },
  tcpFlags: { COMPLETE: FLAGS_COMPLETE, RESET: FLAGS_RESET, SYN: FLAGS_SYN, DATA: FLAGS_DATA },
  math: { fastExp, normalCdf, normalQuantile, clampedLognormalMean },
  samplers: { sampleGamma, sampleLognormal, samplePareto },
} as const;
export type PluginSdk = typeof PLUGIN_SDK;

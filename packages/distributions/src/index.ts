/**
 * @flowgen/distributions — samplers. Each is a plain function over an Rng (for kernels that inline it) and a
 * `createSampler` contribution registered in this package's package.json (for configs that name it).
 */
export type { Sampler, CreateSampler } from './sampler';
export { erf, normalCdf, normalQuantile } from './normal-cdf';
export { sampleUniform } from './uniform';
export { sampleNormal } from './normal';
export { sampleExponential } from './exponential';
export { sampleLognormal, clampedLognormalMean } from './lognormal';
export { samplePareto } from './pareto';
export { sampleGamma } from './gamma';
export { samplePoisson } from './poisson';
export { ZipfTable } from './zipf';
export { WeightedTable, cumulativeWeights } from './weighted';
export { fastExp } from './fast-exp';
export { AliasTable, zipfWeights } from './alias-table';

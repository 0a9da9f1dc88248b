'use strict';
/**
 * weibull(shape k, scale λ): X = λ·(−ln U)^(1/k). k < 1 gives the heavy-tailed ON/OFF periods measured in
 * data centres (Benson et al., IMC 2010); k = 1 is the exponential. Mean λ·Γ(1 + 1/k).
 *
 * Contract (flowgen apiVersion 1): export createSampler(options) returning { sample(rng), mean }.
 */
const lanczos = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
const gammaFn = (z) => {
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gammaFn(1 - z));
  z -= 1;
  let x = 0.99999999999980993;
  for (let i = 0; i < lanczos.length; i++) x += lanczos[i] / (z + i + 1);
  const t = z + lanczos.length - 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
};

const createSampler = (options) => {
  const k = options.shape;
  const lambda = options.scale;
  const inv = 1 / k;
  return {
    mean: lambda * gammaFn(1 + inv),
    sample: (rng) => lambda * Math.pow(-Math.log(rng.floatOpenZero()), inv),
  };
};

module.exports = { createSampler, gammaFn };

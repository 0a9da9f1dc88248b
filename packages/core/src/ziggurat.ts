/**
 * Ziggurat tables (Marsaglia & Tsang 2000) for the standard normal (128 layers) and the unit exponential
 * (256 layers). One uint32 draw gives the layer (low bits) and, independently, a 24-bit magnitude (high bits)
 * — splitting the bits avoids the classic layer/value correlation. ~99% of draws cost a compare and a multiply,
 * against a log, a sqrt and a sin/cos for Box–Muller.
 */
const M = 16777216; // 2^24: magnitude resolution

export const ZN_R = 3.442619855899;
export const ZE_R = 7.697117470131487;
export const kn = new Float64Array(128);
export const wn = new Float64Array(128);
export const fn = new Float64Array(128);
export const ke = new Float64Array(256);
export const we = new Float64Array(256);
export const fe = new Float64Array(256);

{
  let dn = ZN_R, tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * M;
  kn[1] = 0;
  wn[0] = q / M;
  wn[127] = dn / M;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * M;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / M;
  }
}
{
  let de = ZE_R, te = de;
  const ve = 3.949659822581572e-3;
  const q = ve / Math.exp(-de);
  ke[0] = (de / q) * M;
  ke[1] = 0;
  we[0] = q / M;
  we[255] = de / M;
  fe[0] = 1;
  fe[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    ke[i + 1] = (de / te) * M;
    te = de;
    fe[i] = Math.exp(-de);
    we[i] = de / M;
  }
}

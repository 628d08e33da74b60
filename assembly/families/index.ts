// Family ids: the value of the context's FAMILY field. The kernels pick a family class (./rows.ts)
// from it once per chunk; WASM exports the ids and the host checks its table against them at load.
export const FAMILY_GAUSSIAN: i32 = 0;
export const FAMILY_BERNOULLI: i32 = 1;
export const FAMILY_POISSON: i32 = 2;
export const FAMILY_MULTINOMIAL: i32 = 3;

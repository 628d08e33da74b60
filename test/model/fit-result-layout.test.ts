// The parameter layouts of bindings/fit-result.ts: θ = [W class-major | b] from feature-major
// coefficients and back, the multinomial centring (each feature's and the intercepts' class
// sums made 0, only under l2 > 0), the model document of a fit, and summary() without its fit.
import { describe, expect, it } from "vitest";
import { DetachedFitError, FitResult, InvalidModelError, InvalidOptionError } from "../../dist/index.js";
import { centreMultinomial, modelOfFit, thetaOf, toFeatureMajor } from "../../dist/fit-result.js";
import { thrownBy, rejectionOf } from "../helpers/thrown.js";

describe("θ layouts", () => {
  it("thetaOf: coefficients[j·K + c] to θ[c·d + j], the intercepts after", () => {
    // d = 2 features, K = 3 classes: feature-major coefficients (x0: 1 2 3, x1: 4 5 6).
    expect([...thetaOf([1, 2, 3, 4, 5, 6], [7, 8, 9], 2, 3)]).toEqual([1, 4, 2, 5, 3, 6, 7, 8, 9]);
    expect([...thetaOf([1, 2], [3], 2, 1)]).toEqual([1, 2, 3]);
    expect([...thetaOf([1, 2, 3], [0, 0, 0], 1, 3)]).toEqual([1, 2, 3, 0, 0, 0]);
  });

  it("toFeatureMajor is thetaOf's inverse on W", () => {
    expect([...toFeatureMajor(Float64Array.of(1, 4, 2, 5, 3, 6), 2, 3)]).toEqual([1, 2, 3, 4, 5, 6]);
    const W = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    for (const [d, K] of [[3, 4], [4, 3], [6, 2], [12, 1]]) {
      const theta = thetaOf(toFeatureMajor(W, d, K), new Float64Array(K), d, K);
      expect([...theta.subarray(0, d * K)]).toEqual([...W]);
    }
  });

  it("centreMultinomial: every feature's and the intercepts' class sums become 0 under l2 > 0", () => {
    const d = 2;
    const K = 3;
    const theta = Float64Array.of(1, 4, 2, 8, 6, 0, 3, 3, 9); // W = [[1, 4], [2, 8], [6, 0]] by class, b = (3, 3, 9)
    const centred = centreMultinomial(theta, d, K, 0.5);
    expect(centred).not.toBe(theta);
    expect([...theta]).toEqual([1, 4, 2, 8, 6, 0, 3, 3, 9]);
    expect([...centred]).toEqual([-2, 0, -1, 4, 3, -4, -2, -2, 4]);
    expect(centreMultinomial(theta, d, K, 0)).toBe(theta);
    expect(centreMultinomial(theta, d, K, Number.NaN)).toBe(theta);
    const binary = Float64Array.of(1, 2, 3);
    expect(centreMultinomial(binary, 2, 1, 1)).toBe(binary);
    const two = centreMultinomial(Float64Array.of(1, 3, 5, 9), 1, 2, 1);
    expect([...two]).toEqual([-1, 1, -2, 2]);
  });
});

describe("a fit as data", () => {
  const data = {
    coefficients: Float64Array.of(0.5, -1), intercept: Float64Array.of(0.25), objective: 0.3, logLikelihood: -2, history: Float64Array.of(1),
    validationHistory: new Float64Array(0), bestEpoch: null, epochs: 1, converged: true, stopReason: "converged", family: "bernoulli", classes: 1,
    features: 2, optimizer: "newton", dtype: "float32", kernels: "simd", nobs: 5, weightTotal: 5, warnings: [], aliased: [], featureNames: ["a", "b"],
    fitIntercept: true, options: { l2: 0.5, nested: { k: [1] } },
  } as const;

  it("modelOfFit: the model document, its arrays and options copies", () => {
    const model = modelOfFit(data as never);
    expect(model).toEqual({
      format: "wasm-mle-model", version: 1, family: "bernoulli", classes: 1, dtype: "float32", fitIntercept: true,
      featureNames: ["a", "b"], coefficients: [0.5, -1], intercept: [0.25], options: { l2: 0.5, nested: { k: [1] } },
    });
    expect(model.options).not.toBe(data.options);
    expect(model.options.nested).not.toBe(data.options.nested);
    expect(model.featureNames).not.toBe(data.featureNames);
  });

  it("summary() of a rebuilt fit checks its options first, then is a DetachedFitError; unbound it is a TypeError", async () => {
    const fit = await FitResult.fromJSON(JSON.parse(JSON.stringify({ ...data, coefficients: [0.5, -1], intercept: [0.25], history: [1], validationHistory: [] })));
    expect(fit.model().dtype).toBe("float32");
    expect(fit.toJSON().coefficients).toEqual([0.5, -1]);
    expect(thrownBy(() => fit.summary())).toBeInstanceOf(DetachedFitError);
    expect(thrownBy(() => fit.summary({ bogus: 1 } as never))).toBeInstanceOf(InvalidOptionError);
    const { summary } = fit;
    expect(thrownBy(() => summary())).toBeInstanceOf(TypeError);
    expect(await rejectionOf(() => FitResult.fromJSON({}))).toBeInstanceOf(InvalidModelError);
  });
});

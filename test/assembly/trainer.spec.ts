// Passes over a training context (trainer.ts: epoch, and objective, gradient, predict over a row
// range) on matrices small enough to check by hand, the context header laid out as the host lays it out.
//
// Tolerances: the examples divide by W = Σs (and the multinomial one takes exp/log): results
// within 16ε of the hand values (a few roundings on O(1) numbers). The exact objective and gradient
// read f64 parameters and sum in f64 for both storage types (the data here are exact in f32), so
// they meet that bound under f32 too; the epoch's own sums are in T (32ε of T).
// Finite differences: central, h = 1e−5, truncation O(h²·f‴) ≈ 1e−10 and rounding ≈ ε·|f|/h ≈
// 1e−11, so |∂f/∂θ − FD| ≤ 1e−7·(1 + |∂f/∂θ|).
import { seedRng } from "../../assembly/kernels/sampling";
import { sigmoid } from "../../assembly/families/stable";
import {
  epoch, FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON, gradient, objective, predictMean,
  SAMPLING_REPLACEMENT, SAMPLING_SEQUENTIAL, SAMPLING_SHUFFLE,
} from "../../assembly/trainer";
import { allocate, at, epsilonOf, expectRelative, expectWithin, firstBitDifference, put, typeName } from "./support";
import { gaussianProblem, multinomialProblem } from "./trainer-problem";

const EPS = f64.EPSILON;
const SENTINEL: f64 = 12345.5;

function trainerSuite<T>(): void {
  describe("trainer.ts objective and gradient, " + typeName<T>(), () => {
    it("gaussian, 3 weighted rows, l2 = 0.25: hand-computed f, ∇w, ∇b", () => {
      const p = gaussianProblem<T>();
      // η = (0.125, 1.875, −0.125), r = η − y = (−0.875, −0.125, 0.875), s·r = (−0.875, −0.25, 0.4375)
      // Σ s·½r² = 0.3828125 + 2·0.0078125 + 0.5·0.3828125 = 0.58984375; W = 3.5;
      // penalty = ½·0.25·(0.25 + 0.0625) = 0.0390625
      const f = 0.58984375 / 3.5 + 0.0390625;
      const g0 = -1.625 / 3.5 + 0.25 * 0.5; // Σ s·r·x₀ = −0.875 − 0.75
      const g1 = -1.0625 / 3.5 + 0.25 * -0.25; // Σ s·r·x₁ = −1.75 + 0.25 + 0.4375
      const gb = -0.6875 / 3.5; // intercept unpenalised
      expectRelative(p.objective(FAMILY_GAUSSIAN, p.sw, 0.25, 3.5), f, 4 * EPS, "objective");
      put<f64>(p.exactG, 0, SENTINEL); // gradient overwrites, it does not accumulate
      expectRelative(p.gradient(FAMILY_GAUSSIAN, p.sw, 0.25, 3.5), f, 4 * EPS, "gradient's returned f");
      // The data and parameters are exact in f32 too, and the gradient is summed and stored in
      // f64 for both storage types: f64 accuracy either way.
      expectWithin(at<f64>(p.exactG, 0), g0, 16 * EPS, "∂f/∂w₀");
      expectWithin(at<f64>(p.exactG, 1), g1, 16 * EPS, "∂f/∂w₁");
      expectWithin(at<f64>(p.exactGb, 0), gb, 16 * EPS, "∂f/∂b");
      // Unweighted (sw = 0) with W = n: Σ ½r² = 0.3828125 + 0.0078125 + 0.3828125
      expectRelative(p.objective(FAMILY_GAUSSIAN, 0, 0, 3), 0.7734375 / 3, 4 * EPS, "unweighted objective");
      p.free();
    });

    it("multinomial, K = 3, 3 rows, l2 = 0.5: hand-computed η, f, ∇W, ∇b", () => {
      const p = multinomialProblem<T>();
      // η by hand (rows × classes): (1, 0.5, −1.5), (0, 1.5, 0), (1, 1.5, −1)
      const eta: f64[] = [1, 0.5, -1.5, 0, 1.5, 0, 1, 1.5, -1];
      const x: f64[] = [1, 0, 0, 1, 1, 1];
      const W: f64[] = [1, 0, 0, 1, -1, 0.5];
      const labels: i32[] = [0, 2, 1];
      // f = (1/3)·Σᵢ (log Σ_c e^ηᵢc − η_i,yᵢ) + ½·0.5·‖W‖², ‖W‖² = 1 + 1 + 1 + 0.25
      let nll = 0.0;
      const expectedG: f64[] = [0, 0, 0, 0, 0, 0];
      const expectedGb: f64[] = [0, 0, 0];
      for (let i = 0; i < 3; i++) {
        const z = Math.exp(eta[3 * i]) + Math.exp(eta[3 * i + 1]) + Math.exp(eta[3 * i + 2]);
        nll += Math.log(z) - eta[3 * i + labels[i]];
        for (let c = 0; c < 3; c++) {
          const residual = Math.exp(eta[3 * i + c]) / z - (c == labels[i] ? 1.0 : 0.0);
          expectedGb[c] += residual / 3;
          for (let j = 0; j < 2; j++) expectedG[2 * c + j] += residual * x[2 * i + j] / 3;
        }
      }
      for (let k = 0; k < 6; k++) expectedG[k] += 0.5 * W[k];
      const f = nll / 3 + 0.8125;
      expectRelative(p.objective(FAMILY_MULTINOMIAL, 0, 0.5, 3), f, 16 * EPS, "objective");
      expectRelative(p.gradient(FAMILY_MULTINOMIAL, 0, 0.5, 3), f, 16 * EPS, "gradient's returned f");
      for (let k = 0; k < 6; k++) {
        expectWithin(at<f64>(p.exactG, k), expectedG[k], 16 * EPS, "∂f/∂W[" + k.toString() + "]");
      }
      for (let c = 0; c < 3; c++) {
        expectWithin(at<f64>(p.exactGb, c), expectedGb[c], 16 * EPS, "∂f/∂b[" + c.toString() + "]");
      }
      // Pinned values (Node 20, same formulas in f64): f = 1.784766415920377
      expectRelative(f, 1.784766415920377, 16 * EPS, "hand formula agrees with the recorded value");
      p.free();
    });

    it("one full-batch epoch = one gradient step; returns f at the start; leaves G = 0", () => {
      const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL];
      for (let q = 0; q < families.length; q++) {
        const family = families[q];
        const p = family == FAMILY_GAUSSIAN ? gaussianProblem<T>() : multinomialProblem<T>();
        const sw = family == FAMILY_GAUSSIAN ? p.sw : 0;
        const total = family == FAMILY_GAUSSIAN ? 3.5 : 3.0;
        const lr = 0.5, l2 = 0.25;
        const dK = p.d * p.K;
        const f0 = p.gradient(family, sw, l2, total);
        const expectedW = allocate<f64>(dK);
        const expectedB = allocate<f64>(p.K);
        for (let k = 0; k < dK; k++) put<f64>(expectedW, k, <f64>at<T>(p.W, k) - lr * at<f64>(p.exactG, k));
        for (let c = 0; c < p.K; c++) put<f64>(expectedB, c, <f64>at<T>(p.b, c) - lr * at<f64>(p.exactGb, c));
        const returned = p.epoch(family, sw, SAMPLING_SEQUENTIAL, p.n, lr, l2, true, total);
        const context = "family " + family.toString();
        const tolerance = 16 * epsilonOf<T>();
        expectRelative(returned, f0, tolerance, "epoch returns f at the start, " + context);
        for (let k = 0; k < dK; k++) {
          expectWithin(<f64>at<T>(p.W, k), at<f64>(expectedW, k), tolerance, "W[" + k.toString() + "], " + context);
          expect<f64>(<f64>at<T>(p.G, k)).toBe(0.0, "G zero on exit, " + context);
        }
        for (let c = 0; c < p.K; c++) {
          expectWithin(<f64>at<T>(p.b, c), at<f64>(expectedB, c), tolerance, "b[" + c.toString() + "], " + context);
          expect<f64>(<f64>at<T>(p.Gb, c)).toBe(0.0, "Gb zero on exit, " + context);
        }
        heap.free(expectedW);
        heap.free(expectedB);
        p.free();
      }
    });

    it("sequential mini-batches of 2 over 3 rows match a step-by-step reference (gaussian, weighted)", () => {
      // Reference in f64: for each batch B, g = Σ_{i∈B} sᵢ(ηᵢ − yᵢ)xᵢ at the parameters before the
      // batch, then w ← (1 − lr·l2)·w − lr·n/(|B|·W)·g and b ← b − lr·n/(|B|·W)·Σ sᵢ(ηᵢ − yᵢ).
      // Returned: Σ sᵢ·½(ηᵢ − yᵢ)² over the visited rows / Σ sᵢ + ½·l2·‖w at the start‖².
      // Values are O(1), so the kernel must agree within 32ε of its storage type.
      const p = gaussianProblem<T>();
      const lr = 0.5, l2 = 0.25, total = 3.5;
      const x: f64[] = [1, 2, 3, -1, 0, 1];
      const y: f64[] = [1, 2, -1];
      const s: f64[] = [1, 2, 0.5];
      let w0 = 0.5, w1 = -0.25, b = 0.125;
      const penalty = 0.5 * l2 * (w0 * w0 + w1 * w1);
      let loss = 0.0, seen = 0.0;
      for (let start = 0; start < 3; start += 2) {
        const end = min(start + 2, 3);
        let g0 = 0.0, g1 = 0.0, gb = 0.0;
        for (let i = start; i < end; i++) {
          const residual = b + w0 * x[2 * i] + w1 * x[2 * i + 1] - y[i];
          loss += s[i] * 0.5 * residual * residual;
          seen += s[i];
          g0 += s[i] * residual * x[2 * i];
          g1 += s[i] * residual * x[2 * i + 1];
          gb += s[i] * residual;
        }
        const step = lr * 3 / (<f64>(end - start) * total);
        w0 = (1 - lr * l2) * w0 - step * g0;
        w1 = (1 - lr * l2) * w1 - step * g1;
        b -= step * gb;
      }
      const returned = p.epoch(FAMILY_GAUSSIAN, p.sw, SAMPLING_SEQUENTIAL, 2, lr, l2, true, total);
      const tolerance = 32 * epsilonOf<T>();
      expectWithin(returned, loss / seen + penalty, tolerance, "returned mean loss + penalty");
      expectWithin(<f64>at<T>(p.W, 0), w0, tolerance, "w₀");
      expectWithin(<f64>at<T>(p.W, 1), w1, tolerance, "w₁");
      expectWithin(<f64>at<T>(p.b, 0), b, tolerance, "b");
      p.free();
    });

    it("fitIntercept = false leaves b unchanged; shuffled full batch gives the same step", () => {
      const p = gaussianProblem<T>();
      const q = gaussianProblem<T>();
      p.epoch(FAMILY_GAUSSIAN, p.sw, SAMPLING_SEQUENTIAL, 3, 0.5, 0.25, false, 3.5);
      expect<f64>(<f64>at<T>(p.b, 0)).toBe(0.125, "intercept not fitted");
      seedRng(q.rng, 3);
      q.epoch(FAMILY_GAUSSIAN, q.sw, SAMPLING_SHUFFLE, 3, 0.5, 0.25, false, 3.5);
      for (let k = 0; k < 2; k++) {
        expectWithin(<f64>at<T>(q.W, k), <f64>at<T>(p.W, k), 16 * epsilonOf<T>(), "order-independent full batch, W[" + k.toString() + "]");
      }
      p.free();
      q.free();
    });

    it("with replacement, mini-batches of 2: same seed, same bits; G = 0 on exit", () => {
      const p = multinomialProblem<T>();
      const q = multinomialProblem<T>();
      seedRng(p.rng, 77);
      seedRng(q.rng, 77);
      for (let e = 0; e < 3; e++) {
        const a = p.epoch(FAMILY_MULTINOMIAL, 0, SAMPLING_REPLACEMENT, 2, 0.1, 0.01, true, 3);
        const b = q.epoch(FAMILY_MULTINOMIAL, 0, SAMPLING_REPLACEMENT, 2, 0.1, 0.01, true, 3);
        expect<u64>(reinterpret<u64>(a)).toBe(reinterpret<u64>(b), "epoch value, epoch " + e.toString());
        expect<bool>(isFinite(a)).toBe(true);
      }
      expect<i32>(firstBitDifference<T>(p.W, q.W, 6)).toBe(-1, "W bitwise equal");
      expect<i32>(firstBitDifference<T>(p.b, q.b, 3)).toBe(-1, "b bitwise equal");
      for (let k = 0; k < 6; k++) expect<f64>(<f64>at<T>(p.G, k)).toBe(0.0, "G zero on exit");
      for (let t = 0; t < 2; t++) expect<bool>(at<u32>(p.draws, t) < 3).toBe(true, "draws in [0, n)");
      p.free();
      q.free();
    });

    it("predictMean: identity, σ, exp, softmax of the same η", () => {
      const p = gaussianProblem<T>();
      const out = allocate<f64>(3);
      const etas: f64[] = [0.125, 1.875, -0.125];
      p.predict(FAMILY_GAUSSIAN, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(etas[i]);
      p.predict(FAMILY_BERNOULLI, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(sigmoid(etas[i]));
      p.predict(FAMILY_POISSON, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(Math.exp(etas[i]));
      heap.free(out);
      p.free();
      const m = multinomialProblem<T>();
      const probabilities = allocate<f64>(9);
      m.predict(FAMILY_MULTINOMIAL, probabilities, 0, 3);
      // row 0: η = (1, 0.5, −1.5)
      const z = Math.exp(1.0) + Math.exp(0.5) + Math.exp(-1.5);
      expectRelative(at<f64>(probabilities, 0), Math.exp(1.0) / z, 8 * EPS, "p[0][0]");
      for (let i = 0; i < 3; i++) {
        const sum = at<f64>(probabilities, 3 * i) + at<f64>(probabilities, 3 * i + 1) + at<f64>(probabilities, 3 * i + 2);
        expectWithin(sum, 1.0, 8 * EPS, "row " + i.toString() + " sums to 1");
      }
      heap.free(probabilities);
      m.free();
    });
  });
}

trainerSuite<f32>();
trainerSuite<f64>();

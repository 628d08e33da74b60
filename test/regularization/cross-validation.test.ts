// crossValidate against R cv.glmnet (glmnet 4.1.6, test/fixtures/glmnet_paths.json, section cv,
// the same foldid, nlambda 40, thresh 1e-14): λ values to 1e-12, cvm and cvsd to 1e-6 relative,
// lambda.min and lambda.1se exactly; then seeded folds (stratified) and refusals.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { InvalidOptionError, type CvMeasure, type FamilyName } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";

interface CvCase {
  name: string; family: "gaussian" | "binomial" | "poisson"; alpha: number; measure: CvMeasure; y: number[];
  lambdas: number[]; mean: number[]; standardError: number[]; lambdaMin: number; lambda1se: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/glmnet_paths.json", import.meta.url), "utf8")) as {
  X: number[][]; foldid: number[]; cv: CvCase[]; versions: Record<string, string>;
};
const FAMILY: Record<CvCase["family"], FamilyName> = { gaussian: "gaussian", binomial: "bernoulli", poisson: "poisson" };
const trainer = disposingTrainers({ tolerance: 1e-14 });

describe(`crossValidate matches cv.glmnet ${fixture.versions.glmnet} with the same foldid`, () => {
  for (const c of fixture.cv) {
    it(c.name, async () => {
      const t = await trainer({ family: FAMILY[c.family] });
      const cv = t.crossValidate(fixture.X, c.y, { alpha: c.alpha, nLambda: 40, foldId: fixture.foldid, measure: c.measure });
      expect(cv.lambdas.length).toBe(c.lambdas.length);
      c.lambdas.forEach((l, i) => expect(Math.abs(cv.lambdas[i] - l)).toBeLessThanOrEqual(1e-12 * l));
      c.mean.forEach((m, i) => expect(Math.abs(cv.mean[i] - m), `mean ${i}`).toBeLessThanOrEqual(1e-6 * Math.abs(m)));
      c.standardError.forEach((s, i) => expect(Math.abs(cv.standardError[i] - s), `se ${i}`).toBeLessThanOrEqual(1e-5 * Math.abs(s) + 1e-12));
      expect(cv.lambdaMin).toBe(cv.lambdas[c.lambdas.indexOf(c.lambdaMin)]);
      expect(cv.lambda1se).toBe(cv.lambdas[c.lambdas.indexOf(c.lambda1se)]);
      // The refit at lambda1se is the full path's solution there, and the trainer's model now.
      cv.fit.coefficients.forEach((w, j) => expect(Math.abs(w - cv.path.coefficients[cv.index1se][j])).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(w))));
      expect(t.predict(fixture.X.slice(0, 3)).length).toBe(3);
    });
  }
});

describe("crossValidate's folds and refusals", () => {
  it("seeded folds are reproducible, balanced and stratified for bernoulli", async () => {
    const c = fixture.cv.find((x) => x.family === "binomial")!;
    const t = await trainer({ family: "bernoulli" });
    const a = t.crossValidate(fixture.X, c.y, { folds: 5, seed: 3, nLambda: 10 });
    const b = t.crossValidate(fixture.X, c.y, { folds: 5, seed: 3, nLambda: 10 });
    expect(Array.from(a.foldId)).toEqual(Array.from(b.foldId));
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    const ones = c.y.reduce((s, v) => s + v, 0);
    for (let f = 1; f <= 5; f++) {
      const rows = [...a.foldId.keys()].filter((i) => a.foldId[i] === f);
      expect(rows.length).toBe(30);
      const positives = rows.filter((i) => c.y[i] === 1).length;
      expect(Math.abs(positives - ones / 5)).toBeLessThanOrEqual(1);
    }
    const other = t.crossValidate(fixture.X, c.y, { folds: 5, seed: 4, nLambda: 10 });
    expect(Array.from(other.foldId)).not.toEqual(Array.from(a.foldId));
  });

  it("bad folds, fold ids and measures are typed errors", async () => {
    const t = await trainer({ family: "gaussian" });
    const y = fixture.cv[0].y;
    for (const bad of [{ folds: 1 }, { folds: 2.5 }, { folds: 1000 }, { foldId: [1, 2] }, { foldId: fixture.foldid.map(() => 1) }, { measure: "auc" }, { measure: "class" }, { seed: -1 }]) {
      expect(() => t.crossValidate(fixture.X, y, bad as never), JSON.stringify(bad).slice(0, 40)).toThrow(InvalidOptionError);
    }
  });
});

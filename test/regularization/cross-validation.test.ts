// crossValidate against R cv.glmnet (glmnet 4.1.6, the same foldid, thresh 1e-14):
// test/fixtures/glmnet_paths.json's cv section (nlambda 40) and test/fixtures/glmnet_cv.json
// (nlambda 30: multinomial, the GLMs' mse, gaussian deviance, weighted rows, given λ values):
// λ values to 1e-12, cvm and cvsd to 1e-6 relative, lambda.min and lambda.1se exactly; then
// seeded folds (stratified) and refusals.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { InvalidOptionError, type CvMeasure, type FamilyName } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";

interface CvCase {
  name: string; family: "gaussian" | "binomial" | "poisson" | "multinomial"; alpha: number; measure: CvMeasure; y: number[];
  weights?: number[] | null; lambdaGiven?: number[] | null;
  lambdas: number[]; mean: number[]; standardError: number[]; lambdaMin: number; lambda1se: number;
}
interface CvFixture { X: number[][]; foldid: number[]; cv: CvCase[]; versions: Record<string, string> }
const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as CvFixture;
const fixture = read("glmnet_paths.json");
const more = read("glmnet_cv.json");
const FAMILY: Record<CvCase["family"], FamilyName> = { gaussian: "gaussian", binomial: "bernoulli", poisson: "poisson", multinomial: "multinomial" };
const trainer = disposingTrainers({ tolerance: 1e-14 });

for (const [file, source, nLambda] of [["glmnet_paths.json", fixture, 40], ["glmnet_cv.json", more, 30]] as const) {
  describe(`crossValidate matches cv.glmnet ${source.versions.glmnet} with the same foldid (${file})`, () => {
    for (const c of source.cv) {
      it(c.name, async () => {
        const classes = c.family === "multinomial" ? 3 : 1;
        const t = await trainer({ family: FAMILY[c.family], ...(classes > 1 ? { classes } : {}) });
        const cv = t.crossValidate(source.X, c.y, {
          alpha: c.alpha, foldId: source.foldid, measure: c.measure,
          ...(c.lambdaGiven ? { lambdas: c.lambdaGiven } : { nLambda }),
          ...(c.weights ? { sampleWeight: c.weights } : {}),
        });
        expect(cv.measure).toBe(c.measure);
        expect(cv.lambdas.length).toBe(c.lambdas.length);
        c.lambdas.forEach((l, i) => expect(Math.abs(cv.lambdas[i] - l)).toBeLessThanOrEqual(1e-12 * l));
        c.mean.forEach((m, i) => expect(Math.abs(cv.mean[i] - m), `mean ${i}`).toBeLessThanOrEqual(1e-6 * Math.abs(m)));
        c.standardError.forEach((s, i) => expect(Math.abs(cv.standardError[i] - s), `se ${i}`).toBeLessThanOrEqual(1e-5 * Math.abs(s) + 1e-12));
        expect(cv.lambdaMin).toBe(cv.lambdas[c.lambdas.indexOf(c.lambdaMin)]);
        expect(cv.lambda1se).toBe(cv.lambdas[c.lambdas.indexOf(c.lambda1se)]);
        expect(cv.indexMin).toBe(c.lambdas.indexOf(c.lambdaMin));
        expect(cv.index1se).toBe(c.lambdas.indexOf(c.lambda1se));
        expect(Array.from(cv.foldId)).toEqual(source.foldid);
        // The refit at lambda1se is the full path's solution there, and the trainer's model now.
        cv.fit.coefficients.forEach((w, j) => expect(Math.abs(w - cv.path.coefficients[cv.index1se][j])).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(w))));
        expect(t.predict(source.X.slice(0, 3)).length).toBe(3 * classes);
      });
    }
  });
}

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

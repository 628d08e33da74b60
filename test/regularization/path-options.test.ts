// fitPath's options at their edges: each refusal names its option; the default sequence's length,
// ends and log spacing (glmnet: λ_max·ratio^(k/(nLambda−1)), ratio 1e-4 unless there are fewer rows
// than features, then 1e-2); given λ values fitted largest first,
// duplicates kept; one λ is λ_max alone.
import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";

const trainer = disposingTrainers({ tolerance: 1e-12 });
const tall = syntheticData("gaussian", 40, 3, 11);
const wide = syntheticData("gaussian", 6, 8, 12);

describe("fitPath options", () => {
  it("every refusal is an InvalidOptionError naming its option", async () => {
    const t = await trainer({});
    const cases: [Record<string, unknown>, string][] = [
      [{ alpha: 1.5 }, "alpha"], [{ alpha: Number.NaN }, "alpha"], [{ alpha: "1" }, "alpha"],
      [{ nLambda: 0 }, "nLambda"], [{ nLambda: 100_001 }, "nLambda"], [{ nLambda: 2.5 }, "nLambda"],
      [{ lambdaMinRatio: 0 }, "lambdaMinRatio"], [{ lambdaMinRatio: 1 }, "lambdaMinRatio"],
      [{ lambdas: 0.1 }, "lambdas"], [{ lambdas: [] }, "lambdas"], [{ lambdas: [0.1, Number.POSITIVE_INFINITY] }, "lambdas"], [{ lambdas: [0.1, "0.2"] }, "lambdas"],
      [{ lambdas: [0.1], nLambda: 5 }, "nLambda"], [{ lambdas: [0.1], lambdaMinRatio: 0.5 }, "lambdaMinRatio"],
      [{ lambda: 0.1 }, "lambda"],
    ];
    for (const [options, option] of cases) {
      const error = thrownBy(() => t.fitPath(tall.X, tall.y, options as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option, JSON.stringify(options)).toBe(option);
    }
    expect(thrownBy(() => t.fitPath(tall.X, tall.y, "alpha" as never))).toBeInstanceOf(InvalidOptionError);
  });

  it("the default sequence: nLambda values from λ_max, equally spaced in log λ down to λ_max·ratio", async () => {
    const t = await trainer({});
    const ratioOf = (lambdas: Float64Array) => lambdas[lambdas.length - 1] / lambdas[0];
    const five = t.fitPath(tall.X, tall.y, { nLambda: 5 }).lambdas;
    expect(five).toHaveLength(5);
    expect(ratioOf(five)).toBeCloseTo(1e-4, 15); // more rows than features
    for (let k = 1; k < 5; k++) expect(five[k] / five[k - 1]).toBeCloseTo(0.1, 12);
    expect(ratioOf(t.fitPath(wide.X, wide.y, { nLambda: 5 }).lambdas)).toBeCloseTo(1e-2, 14); // fewer
    // as many rows as features: 1e-4, as glmnet 4.1.6 (ifelse(nobs < nvars, 1e-2, 1e-4); checked in R on 6 × 6)
    const square = syntheticData("gaussian", 6, 6, 13);
    expect(ratioOf(t.fitPath(square.X, square.y, { nLambda: 5 }).lambdas)).toBeCloseTo(1e-4, 15);
    expect(ratioOf(t.fitPath(tall.X, tall.y, { nLambda: 5, lambdaMinRatio: 0.5 }).lambdas)).toBeCloseTo(0.5, 14);
    const one = t.fitPath(tall.X, tall.y, { nLambda: 1 });
    expect(Array.from(one.lambdas)).toEqual([five[0]]);
    expect(Array.from(one.coefficients[0])).toEqual([0, 0, 0]); // λ_max: every penalised coefficient is 0
    expect(t.fitPath(tall.X, tall.y, { nLambda: 8, alpha: 0.5 }).lambdas[0]).toBeCloseTo(2 * five[0], 12); // λ_max ∝ 1/α
  });

  it("given λ values are fitted largest first, each at its own λ, with no early end", async () => {
    const t = await trainer({});
    const given = t.fitPath(tall.X, tall.y, { lambdas: [0.01, 0.3, 0.05, 0.3] });
    expect(Array.from(given.lambdas)).toEqual([0.3, 0.3, 0.05, 0.01]);
    expect(Array.from(given.coefficients[0])).toEqual(Array.from(given.coefficients[1]));
    const alone = t.fitPath(tall.X, tall.y, { lambdas: [0.05] });
    alone.coefficients[0].forEach((w, j) => expect(w).toBeCloseTo(given.coefficients[2][j], 7)); // warm start or not, to the solver's tolerance
    expect(Array.from(t.fitPath(tall.X, tall.y, { lambdas: new Float64Array([0.2, 0.1]) }).lambdas)).toEqual([0.2, 0.1]);
  });
});

// The CLI at edges no other test reached (survivors of a Stryker run, test/MUTATION.md): the
// labels of a bernoulli target, the positive class in the report, a feature that is the target,
// an empty file to predict, and a summary the table cannot read. In-process (run()), so fast.
import { describe, expect, test } from "vitest";
import { ClassTarget } from "../../dist/cli/class-target.js";
import { readInference, type PrintableFit } from "../../dist/cli/format-fit.js";
import { runInProcess } from "../helpers/cli-in-process.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("cli-edges");
const csvFile = scratch.file;

const yesNo = "y,x\nyes,1\nno,2\nyes,3\nno,5\nyes,4\nno,1\n";

/** A bernoulli target read through ClassTarget, then numbered with or without --positive. */
function binary(labels: string[], positive?: string) {
  const target = new ClassTarget(false, "y", "data.csv");
  labels.forEach((label, i) => target.label(label, i, i + 2));
  return () => target.binary(positive);
}

describe("a bernoulli target's labels", () => {
  test("text labels without --positive: the message counts them (one, the two, three) and lists them sorted", () => {
    expect(binary(["yes", "yes"])).toThrow(/holds 1 label "yes", not 0\/1: name the positive class with --positive <label> \(for example --positive yes\)/);
    expect(binary(["no", "yes", "no"])).toThrow(/holds the two labels "no", "yes", not 0\/1: name the positive class with --positive <label> \(for example --positive yes\)/);
    expect(binary(["b", "c", "a"])).toThrow(/holds 3 labels "a", "b", "c", not 0\/1: --family bernoulli needs two \(then --positive <label>\); for more classes use --family multinomial/);
  });

  test("a label that needs quoting in the shell is suggested quoted", () => {
    expect(binary(["not sick", "it's sick"])).toThrow(/for example --positive 'not sick'\)/);
    expect(binary(["a", "it's"])).toThrow(/for example --positive 'it'\\''s'\)/);
  });

  test("numeric labels are used as written; --positive numbers the named label 1 and the other 0", () => {
    expect(Array.from(binary(["1", "0", "1"])().values)).toEqual([1, 0]); // one value per distinct label
    expect(binary(["0", "1"])().labels).toBeNull();
    const named = binary(["no", "yes"], "yes")();
    expect(Array.from(named.values)).toEqual([0, 1]);
    expect(named.labels).toEqual(["no", "yes"]);
    expect(binary(["yes"], "yes")().labels).toEqual(["", "yes"]);
    expect(binary(["a", "b", "c"], "a")).toThrow(/has 3 labels \("a", "b", "c"\); --family bernoulli needs two/);
    expect(binary(["a", "b"], "z")).toThrow(/--positive "z" is not a label of column "y" in data\.csv; its labels are "a", "b"/);
  });
});

describe("fit", () => {
  test("with --positive, the report names the positive class and the other", async () => {
    const { code, stdout } = await runInProcess(["fit", csvFile("yn.csv", yesNo), "-t", "y", "-f", "bernoulli", "--positive", "yes"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^positive class \(y = 1\): "yes"; y = 0: "no"$/m);
    const numeric = await runInProcess(["fit", csvFile("01.csv", yesNo.replace(/yes/g, "1").replace(/no/g, "0")), "-t", "y", "-f", "bernoulli"]);
    expect(numeric.code).toBe(0);
    expect(numeric.stdout).not.toMatch(/positive class/);
  });

  test("--features naming the target is refused, naming the column", async () => {
    const { code, stderr, stdout } = await runInProcess(["fit", csvFile("yn2.csv", yesNo), "-t", "y", "--features", "x,y", "-f", "bernoulli", "--positive", "yes"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/column "y" is the target; it cannot also be a feature/);
  });

  test("a multinomial target with more than 65,535 distinct labels is refused at the first label too many, by data row and line", async () => {
    const rows = Array.from({ length: 65_536 }, (_, i) => `c${i},${i % 7}`);
    const { code, stderr } = await runInProcess(["fit", csvFile("many.csv", `y,x\n${rows.join("\n")}\n`), "-t", "y", "-f", "multinomial"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/has more than 65535 distinct labels \(the next is "c65535" at data row 65536, line 65537\)/);
  });
});

describe("predict", () => {
  test("an empty file to predict is refused as empty, with nothing printed", async () => {
    const model = scratch.path("model.json");
    expect((await runInProcess(["fit", csvFile("yn3.csv", yesNo), "-t", "y", "-f", "bernoulli", "--positive", "yes", "--save", model])).code).toBe(0);
    const { code, stdout, stderr } = await runInProcess(["predict", model, csvFile("empty.csv", "")]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/empty\.csv is empty: expected a header row naming the columns, then data rows/);
  });
});

describe("the table's reading of a summary", () => {
  const fit = (summary: unknown) => ({ summary: () => summary }) as unknown as PrintableFit;
  const term = { term: "x", output: 0, estimate: 1.5, stdError: 0.5, statistic: 3, pValue: 0.003, ciLower: 0.5, ciUpper: 2.5 };

  test("a term without a string name or a numeric estimate means no inference at all", () => {
    expect(readInference(fit({ terms: [term] }))).not.toBeNull();
    expect(readInference(fit({ terms: [term, { ...term, term: 3 }] }))).toBeNull();
    expect(readInference(fit({ terms: [{ ...term, estimate: "1.5" }, term] }))).toBeNull();
    expect(readInference(fit({ terms: [term, null] }))).toBeNull();
    expect(readInference(fit({ terms: "x" }))).toBeNull();
    expect(readInference(fit(null))).toBeNull();
    expect(readInference({} as PrintableFit)).toBeNull();
  });

  test("the summary's intercept term is the table's (intercept); missing figures are left out", () => {
    const inference = readInference(fit({ terms: [{ term: "intercept", estimate: 2 }, term], statisticName: "t", level: 0.9 }))!;
    expect(inference.terms[0]).toMatchObject({ term: "(intercept)", classIndex: 0, estimate: 2, stdError: undefined, pValue: undefined });
    expect(inference.terms[1]).toMatchObject({ term: "x", estimate: 1.5, stdError: 0.5, ciUpper: 2.5 });
    expect(inference).toMatchObject({ statisticName: "t", level: 0.9 });
    expect(readInference(fit({ terms: [term] }))).toMatchObject({ statisticName: "z", level: 0.95 });
  });
});

"""Exact separation test (a linear program) for the problems of scripts/separation-stress.js.

Reads a JSON list of problems {family, classes, n, d, X (row-major), y, fitIntercept} from argv[1]
and writes to argv[2], per problem, whether a finite maximum-likelihood estimate fails to exist
(no penalty; positive weights do not change it), for X as given (float64) and for X rounded to
float32 (what dtype "float32" fits):
  bernoulli:   separated iff some d ≠ 0 has zᵢ·x̃ᵢ·d ≥ 0 for all i (z = ±1);
  multinomial: iff some D (class 0 fixed at 0) has x̃ᵢ·(D_yᵢ − D_c) ≥ 0 for all i and c,
               not all 0 (a class absent from y is separated too);
  poisson:     iff some d has x̃ᵢ·d ≤ 0 where yᵢ = 0 and = 0 where yᵢ > 0, not all 0;
x̃ = [1, x] with an intercept, x without. Each is max Σ (the constrained forms) over the box
[−1, 1] (Konis 2007, DPhil thesis, Oxford; the poisson form after Haberman 1974), built by
lp_value of test/fixtures/scipy_separation_lp.py, imported from there. Columns are first scaled by their largest |x| (and centred
with an intercept), a change of variables that keeps the verdict and keeps HiGHS well scaled.
The optimum is reported too: > 1e-6 separated, < 1e-9 not, between "unsure" (none so far).
Run: /usr/bin/python3 scripts/separation-lp.py in.json out.json (numpy 1.24.2, scipy 1.10.1 HiGHS).
"""
import json
import os
import sys
import numpy as np
import scipy

# The LP builder is the fixture script's (one source for both label sets); importing it runs no
# fixture generation, and no __pycache__ is left in test/fixtures.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures"))
from scipy_separation_lp import lp_value  # noqa: E402

SEPARATED = 1e-6
OVERLAPPING = 1e-9


def design(X, intercept):
    X = X.astype(float)
    if intercept:
        X = X - X.mean(axis=0)
    scale = np.abs(X).max(axis=0)
    X = X / np.where(scale > 0, scale, 1)
    return np.hstack([np.ones((len(X), 1)), X]) if intercept else X


def verdict(value):
    return "separated" if value > SEPARATED else "overlapping" if value < OVERLAPPING else "unsure"


def main():
    problems = json.load(open(sys.argv[1]))
    out = []
    for prob in problems:
        X = np.array(prob["X"], dtype=float).reshape(prob["n"], prob["d"])
        y = np.array(prob["y"], dtype=int)
        K = prob.get("classes") or 2
        entry = {"id": prob["id"]}
        for dtype, Xd in (("float64", X), ("float32", X.astype(np.float32).astype(float))):
            value = lp_value(prob["family"], K, design(Xd, prob["fitIntercept"]), y)
            entry[dtype] = {"lp": value, "verdict": verdict(value)}
        out.append(entry)
    json.dump({"tool": "scipy.optimize.linprog (HiGHS)", "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
               "labels": out}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()

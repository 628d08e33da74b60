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
[−1, 1] (Konis 2007, DPhil thesis, Oxford; the poisson form after Haberman 1974), as in
test/fixtures/scipy_separation_lp.py. Columns are first scaled by their largest |x| (and centred
with an intercept), a change of variables that keeps the verdict and keeps HiGHS well scaled.
The optimum is reported too: > 1e-6 separated, < 1e-9 not, between "unsure" (none so far).
Run: /usr/bin/python3 scripts/separation-lp.py in.json out.json (numpy 1.24.2, scipy 1.10.1 HiGHS).
"""
import json
import sys
import numpy as np
import scipy
from scipy.optimize import linprog

SEPARATED = 1e-6
OVERLAPPING = 1e-9


def lp_max(c, A_ub=None, A_eq=None, bounds=None):
    res = linprog(-c, A_ub=A_ub, b_ub=None if A_ub is None else np.zeros(len(A_ub)),
                  A_eq=A_eq, b_eq=None if A_eq is None else np.zeros(len(A_eq)), bounds=bounds, method="highs")
    assert res.status == 0, res.message
    return -res.fun


def design(X, intercept):
    X = X.astype(float)
    if intercept:
        X = X - X.mean(axis=0)
    scale = np.abs(X).max(axis=0)
    X = X / np.where(scale > 0, scale, 1)
    return np.hstack([np.ones((len(X), 1)), X]) if intercept else X


def lp_value(family, K, Xt, y):
    n, p = Xt.shape
    if family == "bernoulli":
        A = np.where(y == 1, 1.0, -1.0)[:, None] * Xt
        return lp_max(A.sum(0), A_ub=-A, bounds=[(-1, 1)] * p)
    if family == "poisson":
        zero = y == 0
        if not zero.any():
            return 0.0
        return lp_max(-Xt[zero].sum(0), A_ub=Xt[zero], A_eq=Xt[~zero] if (~zero).any() else None, bounds=[(-1, 1)] * p)
    rows = []
    for i in range(n):
        for c in range(K):
            if c != y[i]:
                v = np.zeros(K * p)
                v[y[i] * p:(y[i] + 1) * p] += Xt[i]
                v[c * p:(c + 1) * p] -= Xt[i]
                rows.append(v)
    A = np.array(rows)
    return lp_max(A.sum(0), A_ub=-A, bounds=[(0, 0)] * p + [(-1, 1)] * ((K - 1) * p))


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

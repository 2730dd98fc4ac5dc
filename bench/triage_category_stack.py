#!/usr/bin/env python3
"""Fits a category stack for the triage on a `crowdsafe-triage-train --leave-one-author-out
--dump FILE` file and gives its NESTED estimate. Tried in the eleventh session; NOT in the
service: nested over eight authors it gained nothing (docs/benchmarks.md, "Eleventh session").

The stack chooses the category other than life safety when no rule is sure of one: the class c
of highest  a * log(max(p[c], 1e-6)) + g * (the rules' score of c) + bias[c]  (a conditional
logit; p: the blended posterior the dump's "p" carries, which came from models that had not seen
the message's author). It is fitted by Newton's method with an L2 penalty (on a, g and the
biases) on the messages not labelled life safety; life safety is decided before it (the
shipped CombineWithModel as the replay has it), so life-safety recall and precision do not move.

Nested: for each fold, the stack is fitted on the other folds' rows and tested on the fold (the
fold's own posteriors came from models that had not seen it; the other folds' posteriors came
from models that had, a small leak the thresholds' nested choice shares). Then it is fitted on
every row: the values to ship.

  python3 bench/triage_category_stack.py dump.jsonl [--l2 1.0]
"""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import triage_combination_replay as replay  # noqa: E402

CATS = replay.CATS
OTHER = [0, 1, 2, 3, 4]  # consultation, help_request, complaint, tip, report (CATS order)
FLOOR = 1e-6  # as replay.stacked


def features(r, c):
    return [math.log(max(FLOOR, r["p"][c])), r["scores"][c]]


def design(r, k):
    """Features of class OTHER[k], then a one-hot bias (consultation's fixed at 0)."""
    x = features(r, OTHER[k]) + [0.0] * 4
    if k >= 1:
        x[1 + k] = 1.0
    return x


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                for c in range(i, n + 1):
                    m[r][c] -= f * m[i][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(rows, l2):
    data = [([design(r, k) for k in range(5)], OTHER.index(CATS.index(r["label"])))
            for r in rows if r["label"] != "life_safety"]
    d = 6
    theta = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    for _ in range(30):
        grad = [l2 * t for t in theta]
        hess = [[l2 * (i == j) for j in range(d)] for i in range(d)]
        for xs, y in data:
            s = [sum(t * v for t, v in zip(theta, x)) for x in xs]
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            q = [v / z for v in e]
            mean = [sum(q[k] * xs[k][j] for k in range(5)) for j in range(d)]
            for j in range(d):
                grad[j] += mean[j] - xs[y][j]
            for k in range(5):
                for i in range(d):
                    if xs[k][i]:
                        for j in range(d):
                            hess[i][j] += q[k] * xs[k][i] * xs[k][j]
            for i in range(d):
                for j in range(d):
                    hess[i][j] -= mean[i] * mean[j]
        step = solve(hess, grad)
        theta = [t - s for t, s in zip(theta, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return theta


def as_stack(theta):
    """theta as the replay's (and model.yaml's) stack: (a, g, bias by category)."""
    return (theta[0], theta[1], {CATS[OTHER[k]]: theta[1 + k] for k in range(1, 5)})


def choose(r, theta):
    return replay.stacked(r, as_stack(theta))


def counts(rows, theta):
    tp = fp = fn = right = 0
    for r in rows:
        got = replay.combine(r, **replay.SHIPPED)
        if got != "life_safety" and theta is not None:
            got = choose(r, theta)
        label = r["label"]
        right += got == label
        if got == "life_safety":
            tp += label == "life_safety"
            fp += label != "life_safety"
        elif label == "life_safety":
            fn += 1
    return tp, fp, fn, right, len(rows)


def per_category(rows, theta):
    out = []
    for cat in CATS:
        tp = sum(1 for r in rows if r["label"] == cat and r["_got"] == cat)
        lab = sum(1 for r in rows if r["label"] == cat)
        got = sum(1 for r in rows if r["_got"] == cat)
        out.append("%s %.1f / %.1f" % (cat, 100 * tp / max(1, lab), 100 * tp / max(1, got)))
    return ", ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.dump)]
    folds = sorted(set(r["set"] for r in rows))
    by_fold = {f: [r for r in rows if r["set"] == f] for f in folds}
    total_before, total_after = [0] * 5, [0] * 5
    for t in folds:
        theta = fit([r for r in rows if r["set"] != t], args.l2)
        before, after = counts(by_fold[t], None), counts(by_fold[t], theta)
        total_before = [a + b for a, b in zip(total_before, before)]
        total_after = [a + b for a, b in zip(total_after, after)]
        for r in by_fold[t]:
            got = replay.combine(r, **replay.SHIPPED)
            r["_before"] = got
            r["_got"] = got if got == "life_safety" else choose(r, theta)
        print("fold %d: without the stack %s, stacked (fitted on the others) %s; a %.3f g %.3f"
              % (t, replay.cells(before), replay.cells(after), theta[0], theta[1]))
    print("pooled without the stack: %s" % replay.cells(total_before))
    print("pooled, nested stack:     %s" % replay.cells(total_after))
    print("per category, nested stack (recall / precision): %s" % per_category(rows, None))
    for r in rows:
        r["_got"] = r["_before"]
    print("per category, without (recall / precision):     %s" % per_category(rows, None))
    theta = fit(rows, args.l2)
    print("fitted on every fold (ship): log_posterior_weight %.4f, rule_score_weight %.4f, bias "
          "help_request %.4f, complaint %.4f, tip %.4f, report %.4f (consultation 0); in-sample %s"
          % (theta[0], theta[1], theta[2], theta[3], theta[4], theta[5],
             replay.cells(counts(rows, theta))))


if __name__ == "__main__":
    main()

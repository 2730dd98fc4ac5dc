#!/usr/bin/env python3
"""Replays the triage's combination of rules and model (CombineWithModel,
services/appeals/desk/inbox_triage.cc) over a `crowdsafe-triage-train --leave-one-author-out
--dump FILE` file, to explore settings without rebuilding, and gives the NESTED estimate of
choosing a setting by leaving one author out: for each fold, the setting is chosen on the other
folds only (highest life-safety recall with pooled precision >= 80 %, then most right) and
tested on the fold. Keep the replay in step with CombineWithModel; the trainer's own grid is the
figure of record, this script checks it and the selection.

  python3 bench/triage_combination_replay.py dump.jsonl            # shipped setting + nested
"""
import itertools
import json
import math
import sys

CATS = ["consultation", "help_request", "complaint", "tip", "report", "life_safety"]
URGENCY = ["help_request", "report", "tip", "complaint", "consultation"]
# config/triage/model.yaml. The dump's "p" is the posterior the combination reads (the average
# of "p_nb" and "p_lr" at linear_model_weight when the trainer ran with --linear).
SHIPPED = dict(thr=0.5, veto=1.0, sure=99, abstain=0.5, dis_below=1e-2, dis_up=2.0, ov_by=99,
               ov_below=0.3, partial=(0.6, 0.3), latin=(0.5, 0.5), veto_holds_below=0.8)


def best_other(scores, threshold=0.3):
    best, best_score, found = "consultation", threshold, False
    for c in URGENCY:
        s = scores[CATS.index(c)]
        if s > best_score or (not found and s >= best_score):
            best, best_score, found = c, s, True
    return best


def stacked(r, stack):
    """A category stack, tried in the eleventh session and NOT in the service (CombineWithModel
    has no such step; docs/benchmarks.md, "Eleventh session"): the category other than life
    safety of highest a * log(max(p, 1e-6)) + g * rule score + bias. stack = (a, g, bias by
    category name). bench/triage_category_stack.py fits it."""
    a, g, bias = stack
    best, best_score = None, None
    for name in URGENCY:  # strict '>' keeps the more urgent on ties
        c = CATS.index(name)
        score = a * math.log(max(1e-6, r["p"][c])) + g * r["scores"][c] + bias.get(name, 0.0)
        if best is None or score > best_score:
            best, best_score = name, score
    return best


def combine(r, thr, veto, sure, abstain, dis_below, dis_up, ov_by, ov_below, partial, latin,
            veto_holds_below=2.0, stack=None):
    scores, p = r["scores"], r["p"]
    life, p_life = scores[5], p[5]
    by_rules = r["rules"]
    if by_rules == "life_safety":
        if life >= dis_up or p_life >= dis_below:
            return "life_safety"
        by_rules = best_other(scores)
    best_rule = max(scores[CATS.index(c)] for c in URGENCY)
    sure_of_another = best_rule >= ov_by and life < ov_below
    model_alarm = p_life >= thr and not sure_of_another
    # latin: (latin_script_share, model_partial_posterior_latin), or None
    half_posterior = partial[1] if partial is not None else 1
    if partial is not None and latin is not None and r.get("latin", 0) >= latin[0]:
        half_posterior = latin[1]
    both_half = partial is not None and life >= partial[0] and p_life >= half_posterior
    vetoed = r["veto"] >= veto and p_life < veto_holds_below
    if (model_alarm or both_half) and not vetoed:
        return "life_safety"
    if best_rule >= sure:
        return by_rules
    if stack is not None:
        return stacked(r, stack)
    best = max(range(5), key=lambda i: p[i])
    return by_rules if p[best] < abstain else CATS[best]


def counts(rows, setting):
    tp = fp = fn = right = 0
    for r in rows:
        got, label = combine(r, **setting), r["label"]
        right += got == label
        if got == "life_safety":
            tp += label == "life_safety"
            fp += label != "life_safety"
        elif label == "life_safety":
            fn += 1
    return tp, fp, fn, right, len(rows)


def cells(c):
    tp, fp, fn, right, n = c
    return "%.1f / %.1f / %.1f %%" % (100 * tp / max(1, tp + fn), 100 * tp / max(1, tp + fp),
                                      100 * right / n)


def grid():
    for thr, (dis_up, dis_below), ov_by, partial, abstain in itertools.product(
            [0.5, 0.6, 0.7, 0.8, 0.9], itertools.product([1.3, 2.0, 99], [1e-4, 1e-3, 1e-2]),
            [99, 0.8], [None, (0.6, 0.1), (0.6, 0.3), (0.3, 0.2), (0.3, 0.1), (0.9, 0.05)],
            [0.5, 0.9]):
        yield dict(SHIPPED, thr=thr, dis_up=dis_up, dis_below=dis_below, ov_by=ov_by,
                   partial=partial, abstain=abstain)


def main():
    rows = [json.loads(line) for line in open(sys.argv[1])]
    folds = sorted(set(r["set"] for r in rows))
    by_fold = {f: [r for r in rows if r["set"] == f] for f in folds}
    print("shipped: pooled %s;" % cells(counts(rows, SHIPPED)),
          "; ".join("fold %d %s" % (f, cells(counts(by_fold[f], SHIPPED))) for f in folds))
    settings = list(grid())
    table = {(i, f): counts(by_fold[f], s) for i, s in enumerate(settings) for f in folds}
    total = [0] * 5
    for test in folds:
        best = None
        for i in range(len(settings)):
            c = [sum(table[i, f][k] for f in folds if f != test) for k in range(5)]
            if c[0] / max(1, c[0] + c[1]) < 0.80:
                continue
            key = (c[0] / max(1, c[0] + c[2]), c[3] / c[4])
            if best is None or key > best[0]:
                best = (key, i)
        c = table[best[1], test]
        total = [a + b for a, b in zip(total, c)]
        print("fold %d: chosen on the others %s -> %s" % (test, settings[best[1]], cells(c)))
    print("nested, pooled: %s (life-safety recall / precision / all right)" % cells(total))


if __name__ == "__main__":
    main()

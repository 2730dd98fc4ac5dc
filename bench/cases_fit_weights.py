#!/usr/bin/env python3
"""Fits the matcher's per-feature weights to development sets, leaving one author out.

Input: files written by `cases_set_match_bench --indexed --dump FILE` (each query's first 32
candidates with every recorded feature's signed evidence and the weight that applied). A
feature's evidence divided by its default weight is its strength (colour rarity and a second
colour included); a candidate's score under new weights W is Σ strength × W(feature, direction).
The weights are fitted as a conditional logit (the true child against the near distractors of
its own query), with an L2 pull towards the defaults so a feature a fold says little about keeps
its weight. For each set, the weights fitted on the other sets are read on it: a weight counts
only if it helps the sets that did not choose it. Development sets only; never a held-out set.

Usage: python3 bench/cases_fit_weights.py NAME=DUMP [NAME=DUMP ...] [--lambda 2] [--top 16]
"""
import argparse
import math
import sys

# MatchWeights' defaults (services/cases/core/matcher.h): (for, against).
DEFAULTS = {
    "sex": (0.4, 0.7), "sex_toddler": (0.15, 0.1), "age": (1.0, 1.5), "height": (0.1, 0.8),
    "top": (1.2, 0.4), "bottom": (1.2, 1.0), "hat": (0.5, 0.2), "shoes": (1.5, 1.5),
    "features": (4.0, 1.5), "details": (2.5, 1.0), "language": (1.2, 1.5), "time": (3.0, 3.0),
    "place": (1.5, 1.0),
}
PARAMS = [(f, d) for f in DEFAULTS for d in (0, 1)]
INDEX = {p: i for i, p in enumerate(PARAMS)}


def read_dump(path, top):
    """[(truth index or -1, [sparse {param: strength}])] per query."""
    queries = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("Q "):
            queries.append([-1, []])
            continue
        parts = line.split()
        if not parts or parts[0] != "C" or len(queries[-1][1]) >= top:
            continue
        vec = {}
        for item in parts[2:]:
            if item.startswith("@"):  # the candidate's case id
                continue
            name, vals = item.split("=")
            ev, w = (float(v) for v in vals.split(","))
            if name == "sex" and min(abs(w - x) for x in DEFAULTS["sex_toddler"]) < 1e-3:
                name = "sex_toddler"
            d = 0 if ev >= 0 else 1
            base = DEFAULTS[name][d]
            if ev != 0:
                vec[INDEX[(name, d)]] = vec.get(INDEX[(name, d)], 0) + ev / base
        if parts[1] == "1":
            queries[-1][0] = len(queries[-1][1])
        queries[-1][1].append(vec)
    return queries


# The weights fitting starts from and is pulled towards (the defaults, or --base).
DEFAULTS_NOW = dict(DEFAULTS)


def default_weights():
    return [DEFAULTS_NOW[f][d] for f, d in PARAMS]


def score(vec, w):
    return sum(x * w[i] for i, x in vec.items())


def top1(queries, w, eps=1e-4):
    hit = 0
    for t, cands in queries:
        if t < 0:
            continue
        s = [score(v, w) for v in cands]
        hit += all(s[t] - x >= eps for j, x in enumerate(s) if j != t)
    return hit, len(queries)


def fit(queries, lam, iters=250, lr=0.05, free=None):
    w0 = default_weights()
    w = list(w0)
    m = [0.0] * len(w)
    v = [0.0] * len(w)
    usable = [(t, c) for t, c in queries if t >= 0]
    for step in range(1, iters + 1):
        g = [0.0] * len(w)
        for t, cands in usable:
            s = [score(x, w) for x in cands]
            top = max(s)
            e = [math.exp(x - top) for x in s]
            z = sum(e)
            for j, x in enumerate(cands):
                p = e[j] / z - (1.0 if j == t else 0.0)
                if p == 0:
                    continue
                for i, val in x.items():
                    g[i] += p * val
        n = len(usable)
        for i in range(len(w)):
            if free is not None and PARAMS[i][0] not in free:
                continue
            g[i] = g[i] / n + lam * (w[i] - w0[i]) / (w0[i] ** 2) / n
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
            mh = m[i] / (1 - 0.9 ** step)
            vh = v[i] / (1 - 0.999 ** step)
            w[i] = max(0.0, w[i] - lr * mh / (math.sqrt(vh) + 1e-8))
    return w


def rescaled(w):
    """w scaled so its for-weights sum as the defaults' do (the label's margin keeps its unit)."""
    w_def = default_weights()
    k = sum(w_def[i] for i, (_, d) in enumerate(PARAMS) if d == 0) / max(
        1e-9, sum(w[i] for i, (_, d) in enumerate(PARAMS) if d == 0))
    return [x * k for x in w]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", nargs="+",
                    help="AUTHOR:LABEL=DUMP; dumps whose LABEL starts with 'fit' (or all, with "
                         "--fit-all) are fitted on, every one is read")
    ap.add_argument("--lambda", dest="lam", type=float, default=2.0)
    ap.add_argument("--top", type=int, default=16)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--fit", default="all,10k", help="labels fitted on")
    ap.add_argument("--only", default="", help="fit only these features (comma list)")
    ap.add_argument("--base", default="",
                    help="start from these weights instead of the defaults: 'sex=0.4,0.7;...'")
    args = ap.parse_args()
    for item in filter(None, args.base.split(";")):
        name, vals = item.split("=")
        DEFAULTS_NOW[name] = tuple(float(v) for v in vals.split(","))
    data = {}
    for item in args.dumps:
        key, path = item.split("=", 1)
        author, label = key.split(":")
        data[(author, label)] = read_dump(path, args.top)
    fit_labels = set(args.fit.split(","))
    authors = sorted({a for a, _ in data})
    w_def = default_weights()
    only = set(args.only.split(",")) if args.only else None

    def fit_on(keys):
        return fit([q for k in keys for q in data[k]], args.lam, args.iters, free=only)

    print("leave one author out: top-1 on the author left out, defaults -> fitted on the others")
    fitted = {}
    gain = 0
    for out in authors:
        w = fit_on([k for k in data if k[0] != out and k[1] in fit_labels])
        fitted[out] = w
        for k in sorted(k for k in data if k[0] == out):
            h0, n = top1(data[k], w_def)
            h1, _ = top1(data[k], w)
            gain += h1 - h0
            print(f"  {out:6s} {k[1]:5s} {100 * h0 / n:5.1f} -> {100 * h1 / n:5.1f} %  "
                  f"({h0} -> {h1} of {n})")
    print(f"  net pairs gained on the authors left out: {gain:+d}")
    w_all = fit_on([k for k in data if k[1] in fit_labels])
    print("weights (default; fitted on all, rescaled to the defaults' sum of for-weights; "
          "min..max over the folds, rescaled):")
    # A subset fitted with the rest fixed keeps the defaults' unit: no rescaling then.
    scale = rescaled if only is None else (lambda w: w)
    ws = scale(w_all)
    folds = [scale(fw) for fw in fitted.values()]
    for i, (f, d) in enumerate(PARAMS):
        lo = min(fw[i] for fw in folds)
        hi = max(fw[i] for fw in folds)
        print(f"  {f:12s} {'for' if d == 0 else 'against':8s} {w_def[i]:5.2f}  {ws[i]:5.2f}  "
              f"{lo:5.2f}..{hi:5.2f}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Join the hand-written chunks src3/*.txt into ../heldout3_pairs.json and src3/tags.json.

  python3 tests/testdata/descriptions/src3/join.py           # write both files
  python3 tests/testdata/descriptions/src3/join.py --check   # exit 1 if either is stale

The script only parses. Every word, colour, height, age, zone and minute in the output was
typed in the .txt chunks; nothing here picks, varies or samples content. Its single
non-textual step numbers the distractors z001... in a fixed shuffled order (SEED), so that a
distractor typed right under the child it imitates does not get an id next to that child.

One report per line, ten fields split by "|":

  KEY | SEX AGE HEIGHT | TOP | BOTTOM | HAT | SHOES | FEATURES | LANGUAGE | ZONE MIN [LAST] | TAGS

  KEY      c007m: child c007 as the guardian reported it (the missing report)
           c007f: the same child as the patrol officer wrote it up (the found report)
           z:     another open missing report (a distractor); its id is given by the shuffle
  SEX      M, F or U (the writer did not say)
  AGE      7 (one age: age_min = age_max) or 6-8 (a range)
  HEIGHT   centimetres, or ? when the writer gave none (null)
  garment  free text, then the colour words of the report in braces: 藏青拉链卫衣 {藏青}.
           Without braces the colour list is empty. A lone - is no garment (hat, shoes: null).
           A lone ~ is an empty garment (the bottom under a dress or a one-piece).
  FEATURES free text; - when nothing was written
  LANGUAGE as written; - when the field was left empty
  ZONE MIN ocean zone id and the minute (after the 10:00 opening) the report was filed;
           missing reports add LAST, the guardian's estimate of when the child was last seen
  TAGS     optional, comma-separated author notes for PROVENANCE3.md: jacket (an outer layer
           came off between the two reports), typo, near=c007 (a distractor written close to
           c007). Tags go to src3/tags.json, never into the pairs file.
Blank lines and lines starting with # are skipped. Python 3 standard library only.
"""
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = os.path.normpath(os.path.join(HERE, "..", "heldout3_pairs.json"))
TAGS = os.path.join(HERE, "tags.json")
SEED = 3202612
ABOUT = ("crowdsafe third held-out set of lost-child description pairs for the ocean park "
         "(Hengqin): guardians' missing reports, patrol officers' found reports, and other open "
         "cases. Hand-written by a helper that read neither the matcher nor the other sets; see "
         "PROVENANCE3.md. HELD-OUT: do not tune on it; measured by the coordinator after merging.")
SEXES = {"M": "male", "F": "female", "U": "unknown"}


class NotationError(Exception):
    pass


def garment(text, may_be_null):
    text = text.strip()
    if text == "-":
        if not may_be_null:
            raise NotationError("top/bottom cannot be -")
        return None
    if text == "~":
        return {"description": "", "colours": []}
    colours = []
    if text.endswith("}") and "{" in text:
        text, inside = text[:-1].rsplit("{", 1)
        colours = [c.strip() for c in inside.split(",") if c.strip()]
    return {"description": text.strip(), "colours": colours}


def report(f, missing):
    sex, age, height = f[1].split()
    lo, _, hi = age.partition("-")
    where = f[8].split()
    if len(where) != (3 if missing else 2):
        raise NotationError("zone/minutes field")
    r = {
        "sex": SEXES[sex],
        "age_min": int(lo),
        "age_max": int(hi or lo),
        "height_cm": None if height == "?" else int(height),
        "top": garment(f[2], False),
        "bottom": garment(f[3], False),
        "hat": garment(f[4], True),
        "shoes": garment(f[5], True),
        "features": "" if f[6].strip() == "-" else f[6].strip(),
        "language": "" if f[7].strip() == "-" else f[7].strip(),
        "zone_id": where[0],
        "minutes_after_open": int(where[1]),
    }
    if missing:
        r["last_seen_minutes"] = int(where[2])
    return r


def parse():
    children, distractors, tags = {}, [], {}
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                f = [x.strip() for x in line.split("|")]
                if len(f) == 9:
                    f.append("")
                try:
                    if len(f) != 10:
                        raise NotationError(f"{len(f)} fields")
                    key = f[0]
                    t = [x.strip() for x in f[9].split(",") if x.strip()]
                    if key == "z":
                        distractors.append((report(f, True), t))
                    elif key[0] == "c" and key[-1] in "mf":
                        cid, side = key[:-1], key[-1]
                        entry = children.setdefault(cid, {"id": cid})
                        if side in entry.get("_sides", ""):
                            raise NotationError("side written twice")
                        entry["_sides"] = entry.get("_sides", "") + side
                        entry["missing" if side == "m" else "found"] = report(f, side == "m")
                        if t:
                            tags.setdefault(cid, []).extend(t)
                    else:
                        raise NotationError("key")
                except (NotationError, ValueError, KeyError) as e:
                    raise SystemExit(f"{os.path.basename(path)}:{n}: {e}")
    out_children = []
    for cid in sorted(children):
        c = children[cid]
        if sorted(c.pop("_sides")) != ["f", "m"]:
            raise SystemExit(f"{cid}: needs one m and one f line")
        out_children.append({"id": cid, "missing": c["missing"], "found": c["found"]})
    order = list(range(len(distractors)))
    random.Random(SEED).shuffle(order)
    out_distractors = [None] * len(distractors)
    for new, old in enumerate(order):
        rep, t = distractors[old]
        zid = f"z{new + 1:03d}"
        out_distractors[new] = dict({"id": zid}, **rep)
        if t:
            tags[zid] = t
    data = {"about": ABOUT, "children": out_children, "distractors": out_distractors}
    return data, dict(sorted(tags.items()))


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    data, tags = parse()
    want = {PAIRS: dump(data), TAGS: dump(tags)}
    if "--check" in argv:
        stale = []
        for path, text in want.items():
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        for p in stale:
            print(f"stale: {os.path.relpath(p)} (run src3/join.py)")
        return 1 if stale else 0
    for path, text in want.items():
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"{len(data['children'])} children, {len(data['distractors'])} distractors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

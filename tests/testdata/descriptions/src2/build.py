#!/usr/bin/env python3
"""Convert the hand-written notation in src2/*.txt to ../heldout2_pairs.json (and src2/tags.json).

  python3 tests/testdata/descriptions/src2/build.py           # writes the two files
  python3 tests/testdata/descriptions/src2/build.py --check   # exit 1 if they are stale

This script only converts. Every word, colour, height, zone and minute in the output was typed
by hand in the .txt files; nothing here invents, varies or samples wording. The one
non-textual step is a fixed shuffle (seed below) that gives the distractors their y-ids, so a
distractor written next to the child it imitates does not get a neighbouring id.

Notation: one report a line, fields split by " | ":

  ID | SEX AGE HEIGHT | TOP | BOTTOM | HAT | SHOES | FEATURES | LANGUAGE | ZONE MIN [LAST] | TAGS

  ID        k001m (child k001, the guardian's missing report), k001f (the officer's found
            report), or y (a distractor missing report; its id is given here)
  SEX       m, f or u (unknown)
  AGE       5 (an exact age) or 4-6 (a range)
  HEIGHT    cm, or - when not given
  garment   "description ; colour/colour" ; a lone - is no garment (hat, shoes: null; bottom:
            an empty description, as under a dress); without ";" the colours list is empty
  FEATURES  free text, - for none
  LANGUAGE  as written, - for none
  ZONE MIN  ocean zone id and minutes after opening (10:00) when the report was made; missing
            reports add LAST, the guardian's last-seen estimate in the same minutes
  TAGS      optional, comma-separated, for the noise table: jacket, typo, near=k012 (a
            distractor written close to that child), ...
Lines starting with # and blank lines are ignored.
"""
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout2_pairs.json")
TAGS_OUT = os.path.join(HERE, "tags.json")
SHUFFLE_SEED = 20261201
ABOUT = ("crowdsafe second held-out lost-child description pairs for the ocean park (Hengqin). "
         "Hand-written by a second author; see PROVENANCE2.md. HELD-OUT: do not tune on it.")


def garment(text, nullable):
    text = text.strip()
    if text == "-":
        return None if nullable else {"description": "", "colours": []}
    if ";" in text:
        desc, cols = text.rsplit(";", 1)
        colours = [c.strip() for c in cols.split("/") if c.strip()]
    else:
        desc, colours = text, []
    return {"description": desc.strip(), "colours": colours}


def report(fields, where, missing):
    sex, age, height = fields[1].split()
    zone_min = fields[8].split()
    if sex not in ("m", "f", "u"):
        raise ValueError(f"{where}: sex {sex}")
    lo, _, hi = age.partition("-")
    r = {
        "sex": {"m": "male", "f": "female", "u": "unknown"}[sex],
        "age_min": int(lo),
        "age_max": int(hi or lo),
        "height_cm": None if height == "-" else int(height),
        "top": garment(fields[2], False),
        "bottom": garment(fields[3], False),
        "hat": garment(fields[4], True),
        "shoes": garment(fields[5], True),
        "features": "" if fields[6].strip() == "-" else fields[6].strip(),
        "language": "" if fields[7].strip() == "-" else fields[7].strip(),
        "zone_id": zone_min[0],
        "minutes_after_open": int(zone_min[1]),
    }
    if missing:
        if len(zone_min) != 3:
            raise ValueError(f"{where}: a missing report needs ZONE MIN LAST")
        r["last_seen_minutes"] = int(zone_min[2])
    elif len(zone_min) != 2:
        raise ValueError(f"{where}: a found report has ZONE MIN only")
    return r


def main(check):
    children, distractors = {}, []
    tags = {}
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{n}"
                fields = [f.strip() for f in line.split(" | ")]
                if len(fields) not in (9, 10):
                    raise ValueError(f"{where}: {len(fields)} fields")
                tag = [t for t in (fields[9].split(",") if len(fields) == 10 else []) if t]
                key = fields[0]
                if key == "y":
                    distractors.append((report(fields, where, True), tag, where))
                elif key[0] == "k" and key[-1] in "mf":
                    cid, side = key[:-1], key[-1]
                    c = children.setdefault(cid, {"id": cid})
                    name = "missing" if side == "m" else "found"
                    if name in c:
                        raise ValueError(f"{where}: {key} twice")
                    c[name] = report(fields, where, side == "m")
                    if tag:
                        tags.setdefault(cid, []).extend(tag)
                else:
                    raise ValueError(f"{where}: id {key}")
    for cid, c in children.items():
        if "missing" not in c or "found" not in c:
            raise ValueError(f"{cid}: needs a missing and a found line")
    order = list(range(len(distractors)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    out_d = []
    for i, k in enumerate(order):
        r, tag, _ = distractors[k]
        did = f"y{i + 1:03d}"
        out_d.append({"id": did, **r})
        if tag:
            tags[did] = tag
    data = {"about": ABOUT,
            "children": [children[k] for k in sorted(children)],
            "distractors": out_d}
    outputs = {OUT: data, TAGS_OUT: dict(sorted(tags.items()))}
    texts = {path: json.dumps(v, ensure_ascii=False, indent=1) + "\n" for path, v in outputs.items()}
    if check:
        stale = []
        for path, text in texts.items():
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() == text:
                        continue
            except FileNotFoundError:
                pass
            stale.append(os.path.normpath(path))
        if stale:
            print("stale (rerun src2/build.py): " + ", ".join(stale))
            return 1
        print(f"{len(children)} children, {len(out_d)} distractors: up to date")
        return 0
    for path, text in texts.items():
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"{len(children)} children, {len(out_d)} distractors -> {os.path.normpath(OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))

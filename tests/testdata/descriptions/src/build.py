#!/usr/bin/env python3
"""Convert the hand-written line notation in src/*.txt to heldout_pairs.json.

This script only converts. It does not produce, vary or sample any wording: every word in the
output was typed by hand into the .txt files.

One report per line, fields separated by '|':
  id|kind|sex|age|height|top|bottom|hat|shoes|features|language|zone|minutes|last_seen|tags
    kind      M (guardian's missing report of a child), F (officer's found report of the same
              child; the line right after its M line), D (distractor: a missing report of a
              child who is never found in this set)
    sex       m | f | u
    age       "5" (guardian: an exact age) or "4-6" (officer: an apparent range)
    height    cm, or "-" when not given
    garment   "description;colour,colour" ; "-" for hat/shoes means none noted (null)
    minutes   minutes after the park opened (10:00) when the report was written
    last_seen M/D lines only: the guardian's estimate of when the child was last seen
    tags      optional, for validate.py only (never copied to the JSON): typo, jacket
Lines starting with '#' and blank lines are ignored.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ABOUT = ("crowdsafe held-out lost-child description pairs for the ocean park (Hengqin). "
         "Hand-written; see PROVENANCE.md. Do not tune the matcher on this set.")


def garment(text, nullable):
    text = text.strip()
    if text in ("", "-"):
        return None if nullable else {"description": "", "colours": []}
    desc, _, cols = text.partition(";")
    colours = [c.strip() for c in cols.split(",") if c.strip() and c.strip() != "-"]
    return {"description": desc.strip(), "colours": colours}


def parse(line, where):
    f = line.split("|")
    if len(f) < 13:
        raise SystemExit(f"{where}: expected at least 13 fields, got {len(f)}: {line}")
    while len(f) < 15:
        f.append("")
    rid, kind, sex, age, height, top, bottom, hat, shoes, feat, lang, zone, minutes, last, tags = \
        [x.strip() for x in f[:15]]
    if "-" in age:
        lo, hi = age.split("-")
    else:
        lo = hi = age
    rep = {
        "sex": {"m": "male", "f": "female", "u": "unknown"}[sex],
        "age_min": int(lo), "age_max": int(hi),
        "height_cm": None if height in ("", "-") else int(height),
        "top": garment(top, False), "bottom": garment(bottom, False),
        "hat": garment(hat, True), "shoes": garment(shoes, True),
        "features": "" if feat == "-" else feat,
        "language": "" if lang == "-" else lang,
        "zone_id": zone,
        "minutes_after_open": int(minutes),
    }
    if kind in ("M", "D"):
        rep["last_seen_minutes"] = int(last)
    return rid, kind, rep, [t for t in tags.split(",") if t]


def load():
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                rows.append(parse(line, f"{os.path.basename(path)}:{n}"))
    return rows


def build():
    children, distractors, pending = [], [], None
    for rid, kind, rep, _ in load():
        if kind == "M":
            pending = (rid, rep)
        elif kind == "F":
            if not pending or pending[0] != rid:
                raise SystemExit(f"found report {rid} without its missing report")
            children.append({"id": rid, "missing": pending[1], "found": rep})
            pending = None
        elif kind == "D":
            distractors.append(dict(id=rid, **rep))
        else:
            raise SystemExit(f"bad kind {kind} in {rid}")
    return {"about": ABOUT, "children": children, "distractors": distractors}


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "heldout_pairs.json")
    data = build()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"{out}: {len(data['children'])} children, {len(data['distractors'])} distractors")

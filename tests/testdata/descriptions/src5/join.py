#!/usr/bin/env python3
"""Turn the hand-typed src5/ notes into heldout5_pairs.json and src5/tags.json.

  python3 tests/testdata/descriptions/src5/join.py           # write both files
  python3 tests/testdata/descriptions/src5/join.py --check   # exit 1 when a file is stale
  python3 tests/testdata/descriptions/src5/join.py --rates   # print tag counts and rates

The script parses the author's notation and nothing more: every word, colour, age, height, zone
and time in the output was typed on a line of a src5/*.txt file. Besides parsing it does two
things that write no description text: a fixed shuffle (seed 5202612) gives the distractors
their ids y001..yNNN, so a distractor typed under its child is not next to it in id order; and
the tags that follow from the values (far, sexmiss, noshoes, nofeatures, late, toddler) are
worked out here and added to the typed ones (jacket, crosslang, typo, tradzh, english, mixed).

Notation (src5/*.txt): '#' lines and blank lines are notes. One report per line, 10 fields
separated by '|':

  who | sex age height | top | bottom | hat | shoes | features | language | where | tags

  who      k001m  the guardian's missing report of child k001
           k001f  the patrol officer's found report of k001 (right after k001m)
           n      a distractor typed close to the child above (tag near=<child>)
           o      an ordinary open report of the day
  sex age height   e.g. "f 5 110", "u 2-4 -": sex m/f/u, age N or N-M, height in cm or '-'
  garment  "description=colour+colour"; "description=" has no colours; "-" not noted (null,
           hat and shoes only); "." an empty description and no colours (bottom of a dress)
  features / language   free text, may be empty
  where    "zone HH:MM" for a found report, "zone HH:MM HH:MM" (report time, last seen) for a
           missing one; the park opens at 10:00
  tags     comma-separated judgement tags of the pair, on the m line

Python 3 standard library only.
"""
import collections
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DESC = os.path.dirname(HERE)
OUT = os.path.join(DESC, "heldout5_pairs.json")
TAGS = os.path.join(HERE, "tags.json")
VENUE = os.path.join(DESC, "..", "..", "..", "config", "venues", "ocean.yaml")
SEED = 5202612
TYPED_TAGS = {"jacket", "crosslang", "typo", "tradzh", "english", "mixed", "linked"}
ABOUT = ("heldout5_pairs.json: a fifth hand-written held-out set for lost-child matching "
         "(a National Day holiday at the ocean park). 160 children, each described by the "
         "guardian at the desk and by the patrol officer who found the child, and other open "
         "missing reports of the day. Synthetic: no real people. See PROVENANCE5.md. "
         "HELD-OUT: measured once by the coordinator after merging.")


class NoteError(Exception):
    pass


def gate_edges():
    edges = collections.defaultdict(set)
    with open(VENUE, encoding="utf-8") as fh:
        for line in fh:
            m = re.search(r"from:\s*([\w-]+),\s*to:\s*([\w-]+)", line)
            if m and m.group(1) != "outside":
                edges[m.group(1)].add(m.group(2))
                edges[m.group(2)].add(m.group(1))
    return edges


def gates_apart(edges, a, b):
    seen, frontier, d = {a}, {a}, 0
    while frontier and b not in frontier:
        frontier = {n for z in frontier for n in edges[z]} - seen
        seen |= frontier
        d += 1
    return d if b in frontier else None


def minutes(hhmm, where):
    m = re.fullmatch(r"(\d{1,2}):(\d\d)", hhmm)
    if not m:
        raise NoteError(f"{where}: time {hhmm!r}")
    return (int(m.group(1)) - 10) * 60 + int(m.group(2))


def garment(text, where):
    text = text.strip()
    if text == "-":
        return None
    if text == ".":
        return {"description": "", "colours": []}
    if "=" not in text:
        raise NoteError(f"{where}: garment {text!r} has no '='")
    desc, cols = text.split("=", 1)
    return {"description": desc.strip(),
            "colours": [c.strip() for c in cols.split("+") if c.strip()]}


def report(fields, where, missing):
    sah = fields[1].split()
    if len(sah) != 3 or sah[0] not in ("m", "f", "u"):
        raise NoteError(f"{where}: sex/age/height {fields[1]!r}")
    ages = sah[1].split("-")
    place = fields[8].split()
    if len(place) != (3 if missing else 2):
        raise NoteError(f"{where}: where {fields[8]!r}")
    r = {"sex": {"m": "male", "f": "female", "u": "unknown"}[sah[0]],
         "age_min": int(ages[0]), "age_max": int(ages[-1]),
         "height_cm": None if sah[2] == "-" else int(sah[2]),
         "top": garment(fields[2], where), "bottom": garment(fields[3], where),
         "hat": garment(fields[4], where), "shoes": garment(fields[5], where),
         "features": fields[6].strip(), "language": fields[7].strip(),
         "zone_id": place[0], "minutes_after_open": minutes(place[1], where)}
    if missing:
        r["last_seen_minutes"] = minutes(place[2], where)
    return r


def computed_tags(child, edges):
    m, f = child["missing"], child["found"]
    tags = set()
    d = gates_apart(edges, m["zone_id"], f["zone_id"])
    if d is None or d >= 2:
        tags.add("far")
    if f["sex"] != m["sex"]:
        tags.add("sexmiss")
    if f["shoes"] is None:
        tags.add("noshoes")
    if not m["features"] and not f["features"]:
        tags.add("nofeatures")
    if m["last_seen_minutes"] > f["minutes_after_open"]:
        tags.add("late")
    if m["age_max"] <= 3:
        tags.add("toddler")
    return tags


def parse():
    edges = gate_edges()
    children, distractors, tags = [], [], {}
    last_child, pending = None, None
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{no}"
                fields = line.split("|")
                if len(fields) != 10:
                    raise NoteError(f"{where}: {len(fields)} fields, want 10")
                who = fields[0].strip()
                typed = {t.strip() for t in fields[9].split(",") if t.strip()}
                if typed - TYPED_TAGS:
                    raise NoteError(f"{where}: tags {sorted(typed - TYPED_TAGS)}")
                if re.fullmatch(r"k\d{3}m", who):
                    pending = (who[:-1], report(fields, where, True), typed)
                elif re.fullmatch(r"k\d{3}f", who):
                    if not pending or pending[0] != who[:-1]:
                        raise NoteError(f"{where}: {who} without its missing line")
                    if typed:
                        raise NoteError(f"{where}: a pair's tags go on its m line")
                    cid, miss, ctags = pending
                    child = {"id": cid, "missing": miss, "found": report(fields, where, False)}
                    children.append(child)
                    tags[cid] = sorted(ctags | computed_tags(child, edges))
                    last_child, pending = cid, None
                elif who in ("n", "o"):
                    if typed:
                        raise NoteError(f"{where}: tags only on a child's m line")
                    if who == "n" and not last_child:
                        raise NoteError(f"{where}: 'n' before any child")
                    d = report(fields, where, True)
                    distractors.append((d, [f"near={last_child}"] if who == "n" else []))
                else:
                    raise NoteError(f"{where}: who {who!r}")
    ids = [c["id"] for c in children]
    if len(set(ids)) != len(ids):
        raise NoteError("a child id is typed twice")
    random.Random(SEED).shuffle(distractors)
    out_d = []
    for i, (d, t) in enumerate(distractors, 1):
        did = f"y{i:03d}"
        out_d.append({"id": did, **d})
        if t:
            tags[did] = t
    data = {"about": ABOUT, "children": children, "distractors": out_d}
    return data, dict(sorted(tags.items()))


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def rates(data, tags):
    n = len(data["children"])
    c = collections.Counter(t for cid, ts in tags.items() if cid.startswith("k") for t in ts)
    near = sum(1 for k, ts in tags.items() if k.startswith("y") and ts)
    print(f"children {n}, distractors {len(data['distractors'])}, written near {near}")
    for t in sorted(c):
        print(f"{t:12s} {c[t]:4d} {c[t] / n:6.1%}")


def main(argv):
    try:
        data, tags = parse()
    except NoteError as e:
        print(e, file=sys.stderr)
        return 1
    if "--check" in argv:
        stale = []
        for path, obj in ((OUT, data), (TAGS, tags)):
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != dump(obj):
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        for p in stale:
            print(f"stale: {os.path.relpath(p, DESC)} (run src5/join.py)", file=sys.stderr)
        return 1 if stale else 0
    if "--rates" in argv:
        rates(data, tags)
        return 0
    for path, obj in ((OUT, data), (TAGS, tags)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(dump(obj))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Join the hand-written chunks of src4/ into heldout4_pairs.json and src4/tags.json.

  python3 tests/testdata/descriptions/src4/join.py           # write both files
  python3 tests/testdata/descriptions/src4/join.py --check   # exit 1 when either is stale
  python3 tests/testdata/descriptions/src4/join.py --rates   # print the tag counts and rates

This script only parses the author's notation. It writes no words, colours, ages, heights, zones
or times of its own: every value comes from a line typed by hand. Its one non-textual step is a
fixed shuffle (seed 4202612) that numbers the distractors q001..q350, so that a distractor written
under a child does not sit next to it in id order. Python 3 standard library only.

Notation: one report per line, 14 fields separated by '|'; lines starting with '#' and blank
lines are comments.

  id | sex | age | height | top | bottom | hat | shoes | features | language | zone | time |
  last_seen | tags

  id         h001m  the guardian's missing report of child h001
             h001f  the officer's found report of the same child (comes right after h001m)
             +      a distractor written close to the child above (tag near=<that child>)
             o      an ordinary open report of the day
  sex        m / f / u (unknown)
  age        "6" or "5-7"
  height     centimetres, or "-" when not given
  garments   "description{colour,colour}"; "{}" alone is an empty description and no colours
             (a dress leaves the bottom like that); "-" is not noted (null; not for top/bottom)
  features   free text ("" when none); language free text ("" when the officer left it empty)
  zone       a zone id of config/venues/ocean.yaml
  time       clock time HH:MM of the report (the park opens 10:00: minutes_after_open)
  last_seen  the guardian's estimate HH:MM (empty on found lines)
  tags       comma-separated author tags, on the m line for the pair:
             jacket      an outer layer came off; the officer describes the inner one
             sexmiss     the officer recorded another sex (or unknown)
             far         found two or more gates from the last-seen zone
             noshoes     the officer noted no shoes
             nofeatures  neither side noted any feature
             crosslang   features in English on one side and Chinese on the other
             late        the guardian's last-seen estimate is after the found time
             typo        a typo or homophone in one of the texts
             toddler     the guardian's age is 3 or less
             tradzh      the guardian wrote Traditional Chinese / Cantonese
             english     the guardian wrote English
             mixed       the guardian mixed English words into Chinese

The tags that can be computed from the values (far, sexmiss, noshoes, nofeatures, crosslang,
late, toddler) are checked against them, so a wrong tag fails the build of the set.
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
ROOT = os.path.normpath(os.path.join(DESC, "..", "..", ".."))
OUT = os.path.join(DESC, "heldout4_pairs.json")
TAGS_OUT = os.path.join(HERE, "tags.json")
VENUE = os.path.join(ROOT, "config", "venues", "ocean.yaml")
SEED = 4202612
ABOUT = ("heldout4_pairs.json: a fourth hand-written held-out set for lost-child matching "
         "(Spring Festival day at the ocean park). 160 children, each described by the guardian "
         "at the desk and by the patrol officer who found the child, and 350 other open missing "
         "reports of the day. Synthetic: no real people. See PROVENANCE4.md. HELD-OUT: measured "
         "once by the coordinator after merging.")
KNOWN_TAGS = {"jacket", "sexmiss", "far", "noshoes", "nofeatures", "crosslang", "late", "typo",
              "toddler", "tradzh", "english", "mixed"}
COMPUTED = ("far", "sexmiss", "noshoes", "nofeatures", "crosslang", "late", "toddler")
SEX = {"m": "male", "f": "female", "u": "unknown"}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


class NotationError(Exception):
    pass


def zone_graph():
    zones, edges = [], collections.defaultdict(set)
    with open(VENUE, encoding="utf-8") as fh:
        for line in fh:
            m = re.search(r"\{id:\s*([\w-]+),\s*name_zh", line)
            if m:
                zones.append(m.group(1))
            m = re.search(r"from:\s*([\w-]+),\s*to:\s*([\w-]+)", line)
            if m and m.group(1) != "outside":
                edges[m.group(1)].add(m.group(2))
                edges[m.group(2)].add(m.group(1))
    return zones, edges


def gates_between(edges, a, b):
    seen, frontier, d = {a}, [a], 0
    while frontier:
        if b in frontier:
            return d
        d += 1
        frontier = [n for z in frontier for n in edges[z] if n not in seen and not seen.add(n)]
    return None


def minutes(clock, where):
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", clock.strip())
    if not m:
        raise NotationError(f"{where}: time '{clock}' is not HH:MM")
    return (int(m.group(1)) - 10) * 60 + int(m.group(2))


def garment(text, where, nullable):
    text = text.strip()
    if text == "-":
        if not nullable:
            raise NotationError(f"{where}: top and bottom cannot be '-'")
        return None
    m = re.fullmatch(r"(.*)\{([^{}]*)\}", text, re.S)
    if not m:
        raise NotationError(f"{where}: garment '{text}' has no {{colours}}")
    cols = [c.strip() for c in re.split(r"[,、]", m.group(2)) if c.strip()]
    return {"description": m.group(1).strip(), "colours": cols}


def age(text, where):
    m = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", text.strip())
    if not m:
        raise NotationError(f"{where}: age '{text}'")
    lo = int(m.group(1))
    return lo, int(m.group(2) or lo)


def parse_line(line, where, zones):
    f = [x.strip() for x in line.split("|")]
    if len(f) != 14:
        raise NotationError(f"{where}: {len(f)} fields, want 14")
    rid, sex, ag, h, top, bottom, hat, shoes, feat, lang, zone, t, ls, tags = f
    if sex not in SEX:
        raise NotationError(f"{where}: sex '{sex}'")
    if zone not in zones:
        raise NotationError(f"{where}: zone '{zone}'")
    lo, hi = age(ag, where)
    rep = {
        "sex": SEX[sex], "age_min": lo, "age_max": hi,
        "height_cm": None if h == "-" else int(h),
        "top": garment(top, where, False), "bottom": garment(bottom, where, False),
        "hat": garment(hat, where, True), "shoes": garment(shoes, where, True),
        "features": feat, "language": lang, "zone_id": zone,
        "minutes_after_open": minutes(t, where),
    }
    if ls:
        rep["last_seen_minutes"] = minutes(ls, where)
    tagset = [x.strip() for x in tags.split(",") if x.strip()]
    return rid, rep, tagset


def only_english(text):
    return bool(LATIN.search(text)) and not CJK.search(text)


def computed_tags(m, fd, edges):
    out = set()
    if gates_between(edges, m["zone_id"], fd["zone_id"]) >= 2:
        out.add("far")
    if fd["sex"] != m["sex"]:
        out.add("sexmiss")
    if fd["shoes"] is None:
        out.add("noshoes")
    if not m["features"] and not fd["features"]:
        out.add("nofeatures")
    if m["features"] and fd["features"] and (
            (only_english(m["features"]) and CJK.search(fd["features"])) or
            (only_english(fd["features"]) and CJK.search(m["features"]))):
        out.add("crosslang")
    if m["last_seen_minutes"] > fd["minutes_after_open"]:
        out.add("late")
    if m["age_max"] <= 3:
        out.add("toddler")
    return out


def build():
    zones, edges = zone_graph()
    children, near, ordinary, tags, errors = [], [], [], {}, []
    pending = None  # (child id, missing report, tags) waiting for its found line
    last_child = None
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for no, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                where = f"{name}:{no}"
                try:
                    rid, rep, tg = parse_line(line, where, zones)
                except (NotationError, ValueError) as e:
                    errors.append(str(e))
                    continue
                unknown = [t for t in tg if t not in KNOWN_TAGS and not t.startswith("near=")]
                if unknown:
                    errors.append(f"{where}: unknown tags {unknown}")
                if re.fullmatch(r"h\d{3}m", rid):
                    if pending:
                        errors.append(f"{where}: {pending[0]} has no found line")
                    if "last_seen_minutes" not in rep:
                        errors.append(f"{where}: a missing report needs last_seen")
                    pending = (rid[:-1], rep, tg)
                elif re.fullmatch(r"h\d{3}f", rid):
                    if not pending or pending[0] != rid[:-1]:
                        errors.append(f"{where}: {rid} does not follow its m line")
                        continue
                    if "last_seen_minutes" in rep:
                        errors.append(f"{where}: a found report has no last_seen")
                    if tg:
                        errors.append(f"{where}: tags go on the m line")
                    cid, m, mt = pending
                    children.append({"id": cid, "missing": m, "found": rep})
                    tags[cid] = sorted(set(mt))
                    want = computed_tags(m, rep, edges)
                    for t in COMPUTED:
                        if (t in want) != (t in mt):
                            errors.append(f"{where}: {cid} tag {t} is "
                                          f"{'missing' if t in want else 'wrong'}")
                    pending, last_child = None, cid
                elif rid in ("+", "o"):
                    if "last_seen_minutes" not in rep:
                        errors.append(f"{where}: a missing report needs last_seen")
                    if rid == "+":
                        if not last_child:
                            errors.append(f"{where}: '+' before any child")
                            continue
                        tg = tg + [f"near={last_child}"]
                        near.append((rep, tg))
                    else:
                        ordinary.append((rep, tg))
                else:
                    errors.append(f"{where}: id '{rid}'")
    if pending:
        errors.append(f"{pending[0]} has no found line")
    ids = [c["id"] for c in children]
    if len(set(ids)) != len(ids):
        errors.append("duplicate child ids")
    others = near + ordinary
    order = list(range(len(others)))
    random.Random(SEED).shuffle(order)
    distractors = []
    for k, i in enumerate(order, 1):
        rep, tg = others[i]
        did = f"q{k:03d}"
        distractors.append(dict({"id": did}, **rep))
        if tg:
            tags[did] = sorted(set(tg))
    data = {"about": ABOUT, "children": children, "distractors": distractors}
    return data, dict(sorted(tags.items())), errors, edges


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def rates(data, tags, edges):
    ch, ds = data["children"], data["distractors"]
    n = max(1, len(ch))
    count = collections.Counter(t for c in ch for t in tags.get(c["id"], []))
    lines = [f"children {len(ch)}, distractors {len(ds)}, written near a child "
             f"{sum(any(t.startswith('near=') for t in tags.get(d['id'], [])) for d in ds)}"]
    for t in sorted(KNOWN_TAGS):
        lines.append(f"{t:12s} {count[t]:4d} / {len(ch)} = {100 * count[t] / n:5.1f}%")
    dist = collections.Counter(gates_between(edges, c["missing"]["zone_id"], c["found"]["zone_id"])
                               for c in ch)
    lines.append("gates between last-seen and found zone: " +
                 ", ".join(f"{k}: {dist[k]}" for k in sorted(dist)))
    tod = [c for c in ch if "toddler" in tags.get(c["id"], [])]
    lines.append(f"toddlers with sexmiss {sum('sexmiss' in tags[c['id']] for c in tod)} / {len(tod)}")
    both = [abs(c["missing"]["height_cm"] - c["found"]["height_cm"]) for c in ch
            if c["missing"]["height_cm"] and c["found"]["height_cm"]]
    lines.append(f"heights both given {len(both)}; 5-10 cm apart {sum(5 <= d <= 10 for d in both)}; "
                 f">= 7 cm {sum(d >= 7 for d in both)}; max {max(both, default=0)}")
    return "\n".join(lines)


def main(argv):
    data, tags, errors, edges = build()
    if errors:
        print("\n".join(errors[:60]), file=sys.stderr)
        print(f"{len(errors)} notation errors", file=sys.stderr)
        return 1
    if "--check" in argv:
        stale = []
        for path, text in ((OUT, dumps(data)), (TAGS_OUT, dumps(tags))):
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        if stale:
            print("stale (run join.py): " + ", ".join(os.path.relpath(p, ROOT) for p in stale),
                  file=sys.stderr)
            return 1
        print(f"join.py --check: {len(data['children'])} children, "
              f"{len(data['distractors'])} distractors, up to date")
        return 0
    if "--rates" in argv:
        print(rates(data, tags, edges))
        return 0
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(dumps(data))
    with open(TAGS_OUT, "w", encoding="utf-8") as fh:
        fh.write(dumps(tags))
    print(f"wrote {len(data['children'])} children, {len(data['distractors'])} distractors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Join the hand-typed notes of the eighth held-out description set into JSON.

  python3 src8/join.py           # writes ../heldout8_pairs.json and src8/tags.json
  python3 src8/join.py --check   # exit 1 unless both files are what the notes make

This script only converts notation. It produces, varies or samples no wording, colour, time,
height or zone: every value comes from a line typed by hand in src8/notes_*.txt.

NOTATION (one report per line, fourteen fields split by '|'; '#' starts a comment line,
blank lines are skipped):

  id|sex|age|height|top|bottom|hat|shoes|features|language|zone|time|last_seen|tags

  id         a001m  the guardian's MISSING report of child a001
             a001f  the officer's or staff member's FOUND report of the same child
             b001   a distractor: another guardian's MISSING report that day
  sex        m | f | u  (male, female, unknown)
  age        "5" (one age: the guardian's) or "4-6" (a range; officers always guess a range)
  height     centimetres, or empty when not given
  top, bottom, hat, shoes
             "description;colour,colour" -- the text after the LAST ';' is the list of colour
             words exactly as the person said them (may be empty); an empty field means not
             mentioned (hat and shoes only; it becomes null)
  features   free text, may be empty
  language   free text as the person wrote it, may be empty
  zone       PL plaza, PA parade, PE penguin, WS whaleshark, PB polarbear, TH theatre, GA gardens
  time       park clock HH:MM when the report was written (the park opens at 10:00)
  last_seen  missing reports only: the guardian's estimate, either a park clock HH:MM or "-N",
             N minutes before this report's own time (both typed by hand)
  tags       the author's notes on the noise, comma-separated; the tags of a001m and a001f are
             joined under a001 in tags.json; a distractor written close to a child carries
             near=<child id> and at least one diff=<what the found report shows differently>
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout8_pairs.json")
TAGS = os.path.join(HERE, "tags.json")
ZONES = {"PL": "plaza", "PA": "parade", "PE": "penguin", "WS": "whaleshark",
         "PB": "polarbear", "TH": "theatre", "GA": "gardens"}
SEX = {"m": "male", "f": "female", "u": "unknown"}
ABOUT = ("Eighth hand-written held-out description set for the lost-child matcher: "
         "Spring Festival at the ocean park, Hengqin. HELD OUT: scored once by the coordinator; "
         "see PROVENANCE8.md.")


def clock(s, where):
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", s.strip())
    if not m:
        raise ValueError(f"{where}: bad time {s!r}")
    return (int(m.group(1)) - 10) * 60 + int(m.group(2))


def garment(s, where):
    s = s.strip()
    if not s:
        return None
    if ";" not in s:
        raise ValueError(f"{where}: garment without ';': {s!r}")
    desc, cols = s.rsplit(";", 1)
    return {"description": desc.strip(),
            "colours": [c.strip() for c in cols.split(",") if c.strip()]}


def report(f, where, missing):
    sex, age, height, top, bottom, hat, shoes, feat, lang, zone, time, seen = f[1:13]
    if sex not in SEX:
        raise ValueError(f"{where}: sex {sex!r}")
    a = age.split("-")
    if len(a) not in (1, 2) or not all(x.strip().isdigit() for x in a):
        raise ValueError(f"{where}: age {age!r}")
    if zone.strip() not in ZONES:
        raise ValueError(f"{where}: zone {zone!r}")
    r = {"sex": SEX[sex],
         "age_min": int(a[0]), "age_max": int(a[-1]),
         "height_cm": int(height) if height.strip() else None,
         "top": garment(top, where), "bottom": garment(bottom, where),
         "hat": garment(hat, where), "shoes": garment(shoes, where),
         "features": feat.strip(), "language": lang.strip(),
         "zone_id": ZONES[zone.strip()], "minutes_after_open": clock(time, where)}
    if r["top"] is None or r["bottom"] is None:
        raise ValueError(f"{where}: top and bottom must be given")
    if missing:
        seen = seen.strip()
        if seen.startswith("-") and seen[1:].isdigit():
            r["last_seen_minutes"] = r["minutes_after_open"] - int(seen[1:])
        else:
            r["last_seen_minutes"] = clock(seen, where)
        if r["last_seen_minutes"] > r["minutes_after_open"]:
            raise ValueError(f"{where}: last seen after the report")
    elif seen.strip():
        raise ValueError(f"{where}: a found report has a last-seen time")
    return r


def build():
    names = sorted(n for n in os.listdir(HERE) if re.fullmatch(r"notes_\d+\.txt", n))
    miss, found, dis, tags, order = {}, {}, [], {}, []
    for name in names:
        with open(os.path.join(HERE, name), encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{name}:{no}"
                f = line.split("|")
                if len(f) != 14:
                    raise ValueError(f"{where}: {len(f)} fields, not 14")
                rid = f[0].strip()
                t = [x.strip() for x in f[13].split(",") if x.strip()]
                m = re.fullmatch(r"(a\d{3})([mf])", rid)
                if m:
                    cid = m.group(1)
                    target = miss if m.group(2) == "m" else found
                    if cid in target:
                        raise ValueError(f"{where}: duplicate {rid}")
                    target[cid] = report(f, where, m.group(2) == "m")
                    if cid not in order:
                        order.append(cid)
                    tags.setdefault(cid, [])
                    tags[cid] += [x for x in t if x not in tags[cid]]
                elif re.fullmatch(r"b\d{3}", rid):
                    if rid in tags:
                        raise ValueError(f"{where}: duplicate {rid}")
                    dis.append(dict(id=rid, **report(f, where, True)))
                    tags[rid] = t
                else:
                    raise ValueError(f"{where}: bad id {rid!r}")
    for cid in order:
        if cid not in miss or cid not in found:
            raise ValueError(f"{cid}: needs both a missing and a found report")
    for d in dis:
        near = [x for x in tags[d["id"]] if x.startswith("near=")]
        for x in near:
            if x[5:] not in miss:
                raise ValueError(f"{d['id']}: {x} names no child")
        if near and not any(x.startswith("diff=") for x in tags[d["id"]]):
            raise ValueError(f"{d['id']}: near a child but no diff= tag")
    data = {"about": ABOUT,
            "children": [{"id": c, "missing": miss[c], "found": found[c]} for c in order],
            "distractors": dis}
    tag_out = {k: tags[k] for k in sorted(tags) if tags[k]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n",
            json.dumps(tag_out, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def main(argv):
    try:
        data, tags = build()
    except ValueError as e:
        print(e, file=sys.stderr)
        return 1
    if "--check" in argv:
        ok = True
        for path, want in ((OUT, data), (TAGS, tags)):
            try:
                with open(path, encoding="utf-8") as fh:
                    have = fh.read()
            except OSError:
                have = None
            if have != want:
                print(f"{os.path.relpath(path)} is not what the notes make", file=sys.stderr)
                ok = False
        return 0 if ok else 1
    for path, text in ((OUT, data), (TAGS, tags)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

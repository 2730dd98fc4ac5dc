#!/usr/bin/env python3
"""Join the hand-typed notes of the ninth held-out description set into JSON.

  python3 src9/join.py           # writes ../heldout9_pairs.json and src9/tags.json
  python3 src9/join.py --check   # exit 1 unless both files are what the notes make

This script only converts notation. It produces, varies or samples no wording, colour, time,
height or zone: every value comes from a line typed by hand in src9/notes_*.txt.

NOTATION (one report per line, fourteen fields split by '|'; '#' starts a comment line,
blank lines are skipped):

  id|sex|age|height|top|bottom|hat|shoes|features|language|zone|time|last_seen|tags

  id         d001m  the guardian's MISSING report of child d001
             d001f  the officer's or staff member's FOUND report of the same child
             g001   a distractor: another guardian's MISSING report that day
  sex        m | f | u  (male, female, unknown)
  age        "5" (one age) or "4-6" (a range)
  height     centimetres, or empty when not given (a guardian's "到我腰" or "三尺" is
             converted to centimetres by the author by hand, and the words stay in features)
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
  tags       the author's notes on the noise, comma-separated; the tags of d001m and d001f are
             joined under d001 in tags.json; a distractor written close to a child carries
             near=<child id> and at least one diff=<what the found report shows differently>

Refused: a line without fourteen fields, an unknown zone or sex, a time outside 10:00-22:00, a
missing report whose last-seen time is after the report or before opening, a found report with
a last-seen time, a child without both reports, a duplicate id, and a near= tag that names no
child or comes without a diff= tag.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout9_pairs.json")
TAGS = os.path.join(HERE, "tags.json")
ZONES = {"PL": "plaza", "PA": "parade", "PE": "penguin", "WS": "whaleshark",
         "PB": "polarbear", "TH": "theatre", "GA": "gardens"}
SEX = {"m": "male", "f": "female", "u": "unknown"}
ABOUT = ("Ninth hand-written held-out description set for the lost-child matcher: "
         "Spring Festival at the ocean park, Hengqin. HELD OUT: scored once by the coordinator; "
         "see PROVENANCE9.md.")


class NoteError(ValueError):
    pass


def clock(s, where):
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", s.strip())
    if not m or int(m.group(2)) > 59:
        raise NoteError(f"{where}: bad time {s!r}")
    t = (int(m.group(1)) - 10) * 60 + int(m.group(2))
    if not 0 <= t <= 720:
        raise NoteError(f"{where}: time {s!r} outside park hours")
    return t


def garment(s, where, required):
    s = s.strip()
    if not s:
        if required:
            raise NoteError(f"{where}: top and bottom must be given")
        return None
    if ";" not in s:
        raise NoteError(f"{where}: garment {s!r} has no ';colours' part")
    desc, cols = s.rsplit(";", 1)
    return {"description": desc.strip(),
            "colours": [c.strip() for c in cols.split(",") if c.strip()]}


def age(s, where):
    m = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", s.strip())
    if not m:
        raise NoteError(f"{where}: bad age {s!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if not 0 <= lo <= hi <= 17:
        raise NoteError(f"{where}: age {s!r} out of range")
    return lo, hi


def report(f, where, missing):
    _, sex, ag, height, top, bottom, hat, shoes, features, lang, zone, time, ls, _ = f
    if sex.strip() not in SEX:
        raise NoteError(f"{where}: sex {sex!r}")
    if zone.strip() not in ZONES:
        raise NoteError(f"{where}: zone {zone!r}")
    lo, hi = age(ag, where)
    h = height.strip()
    if h and not re.fullmatch(r"\d{2,3}", h):
        raise NoteError(f"{where}: height {h!r}")
    r = {"sex": SEX[sex.strip()], "age_min": lo, "age_max": hi,
         "height_cm": int(h) if h else None,
         "top": garment(top, where, True), "bottom": garment(bottom, where, True),
         "hat": garment(hat, where, False), "shoes": garment(shoes, where, False),
         "features": features.strip(), "language": lang.strip(),
         "zone_id": ZONES[zone.strip()], "minutes_after_open": clock(time, where)}
    ls = ls.strip()
    if missing:
        if not ls:
            raise NoteError(f"{where}: a missing report needs a last-seen time")
        if ls.startswith("-"):
            if not ls[1:].isdigit():
                raise NoteError(f"{where}: bad last-seen {ls!r}")
            seen = r["minutes_after_open"] - int(ls[1:])
        else:
            seen = clock(ls, where)
        if not 0 <= seen <= r["minutes_after_open"]:
            raise NoteError(f"{where}: last seen {ls!r} is after the report or before opening")
        r["last_seen_minutes"] = seen
    elif ls:
        raise NoteError(f"{where}: a found report has a last-seen time")
    return r


def read_notes():
    children, order, distractors, tags, seen = {}, [], [], {}, set()
    for path in sorted(glob.glob(os.path.join(HERE, "notes_*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{no}"
                f = line.split("|")
                if len(f) != 14:
                    raise NoteError(f"{where}: {len(f)} fields, not 14")
                rid = f[0].strip()
                if rid in seen:
                    raise NoteError(f"{where}: duplicate id {rid}")
                seen.add(rid)
                t = [x.strip() for x in f[13].split(",") if x.strip()]
                m = re.fullmatch(r"(d\d{3})([mf])", rid)
                if m:
                    cid, side = m.groups()
                    if cid not in children:
                        children[cid] = {}
                        order.append(cid)
                    children[cid][side] = report(f, where, side == "m")
                    tags.setdefault(cid, [])
                    tags[cid].extend(x for x in t if x not in tags[cid])
                elif re.fullmatch(r"g\d{3}", rid):
                    d = {"id": rid}
                    d.update(report(f, where, True))
                    distractors.append(d)
                    if t:
                        tags[rid] = t
                    if any(x.startswith("near=") for x in t) and \
                            not any(x.startswith("diff=") for x in t):
                        raise NoteError(f"{where}: near= without diff=")
                else:
                    raise NoteError(f"{where}: bad id {rid!r}")
    for cid in order:
        if set(children[cid]) != {"m", "f"}:
            raise NoteError(f"{cid}: needs both a missing and a found report")
    for d in distractors:
        for x in tags.get(d["id"], ()):
            if x.startswith("near=") and x[5:] not in children:
                raise NoteError(f"{d['id']}: {x} names no child")
    data = {"about": ABOUT,
            "children": [{"id": c, "missing": children[c]["m"], "found": children[c]["f"]}
                         for c in order],
            "distractors": distractors}
    tags = {k: tags[k] for k in sorted(tags) if tags[k]}
    return data, tags


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    try:
        data, tags = read_notes()
    except NoteError as e:
        print(e, file=sys.stderr)
        return 1
    want = {OUT: dump(data), TAGS: dump(tags)}
    if "--check" in argv:
        bad = []
        for path, text in want.items():
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != text:
                        bad.append(path)
            except OSError:
                bad.append(path)
        for path in bad:
            print(f"{os.path.relpath(path, HERE)} is not what the notes make; "
                  f"run src9/join.py", file=sys.stderr)
        return 1 if bad else 0
    for path, text in want.items():
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"{len(data['children'])} children, {len(data['distractors'])} distractors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

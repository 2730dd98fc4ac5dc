#!/usr/bin/env python3
"""Join the hand-typed notes of the sixth held-out set into ../heldout6_pairs.json and tags.json.

  python3 join.py           write heldout6_pairs.json and src6/tags.json
  python3 join.py --check   write nothing; exit 1 unless both committed files are exactly what
                            the notes make

The notes are src6/notes_*.txt, one report per line, fourteen fields split by '|':

  id|sex|age|height|top|bottom|hat|shoes|features|language|zone|time|last_seen|tags

  id         m001> the guardian's missing report of child m001, m001< the officer's found
             report of the same child; n a distractor (another child's missing report),
             numbered n001, n002, ... in the order the notes are read (files by name, then lines)
  sex        m, f or u (unknown)
  age        5 or 4-6 (years)
  height     centimetres, or empty or '?' when not given
  garment    description;colour,colour   (colours as the writer said them, none is fine)
             '-' for no hat / shoes noted; top and bottom are never '-'
  features   free text; '-' alone means nothing noted (an empty string)
  time       HH:MM on the park clock (opens 10:00): when the report was made
  last_seen  HH:MM, the guardian's estimate; missing reports only
  tags       the author's notes on the noise, comma separated: jacket (a layer came off before
             the officer saw the child), typo, carried (moved far by the parade or the crowd),
             near=<child id> (a distractor written close to that child)

Lines that are empty or start with '#' are the author's comments. This script only converts; it
never adds, varies or picks any wording. Standard library only.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout6_pairs.json")
TAGS = os.path.join(HERE, "tags.json")
SEX = {"m": "male", "f": "female", "u": "unknown"}
ZONES = {"plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"}
ABOUT = ("Sixth hand-written HELD-OUT lost-child description set (ocean park, Hengqin, Spring "
         "Festival). Made by src6/join.py from the hand-typed src6/notes_*.txt; see PROVENANCE6.md. "
         "Scored once by the coordinator; do not tune on it.")


class NoteError(Exception):
    pass


def minutes(clock, where):
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", clock)
    if not m:
        raise NoteError(f"{where}: time '{clock}' is not HH:MM")
    t = (int(m.group(1)) - 10) * 60 + int(m.group(2))
    if not 0 <= t <= 720 or int(m.group(2)) > 59:
        raise NoteError(f"{where}: time {clock} is outside 10:00-22:00")
    return t


def garment(text, where, nullable):
    if text == "-":
        if not nullable:
            raise NoteError(f"{where}: top and bottom cannot be '-'")
        return None
    desc, _, cols = text.rpartition(";") if ";" in text else (text, "", "")
    return {"description": desc.strip(),
            "colours": [c.strip() for c in cols.split(",") if c.strip()]}


def report(f, where, missing):
    if f[1] not in SEX:
        raise NoteError(f"{where}: sex '{f[1]}'")
    a = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", f[2])
    if not a:
        raise NoteError(f"{where}: age '{f[2]}'")
    height = "" if f[3] == "?" else f[3]
    if height and not height.isdigit():
        raise NoteError(f"{where}: height '{f[3]}'")
    if f[10] not in ZONES:
        raise NoteError(f"{where}: zone '{f[10]}'")
    r = {"sex": SEX[f[1]], "age_min": int(a.group(1)),
         "age_max": int(a.group(2) or a.group(1)),
         "height_cm": int(height) if height else None,
         "top": garment(f[4], where, False), "bottom": garment(f[5], where, False),
         "hat": garment(f[6], where, True), "shoes": garment(f[7], where, True),
         "features": "" if f[8].strip() == "-" else f[8].strip(), "language": f[9].strip(), "zone_id": f[10],
         "minutes_after_open": minutes(f[11], where)}
    if missing:
        if not f[12]:
            raise NoteError(f"{where}: a missing report needs last_seen")
        r["last_seen_minutes"] = minutes(f[12], where)
    elif f[12]:
        raise NoteError(f"{where}: a found report has last_seen")
    return r


def read_notes():
    children, distractors, tags = {}, [], {}
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
                t = [x.strip() for x in f[13].split(",") if x.strip()]
                m = re.fullmatch(r"(m\d{3})([<>])", f[0])
                if m:
                    cid, side = m.groups()
                    entry = children.setdefault(cid, {})
                    key = "missing" if side == ">" else "found"
                    if key in entry:
                        raise NoteError(f"{where}: second {key} report of {cid}")
                    entry[key] = report(f, where, side == ">")
                    if t:
                        tags.setdefault(cid, [])
                        tags[cid] += [x for x in t if x not in tags[cid]]
                elif f[0] == "n":
                    did = f"n{len(distractors) + 1:03d}"
                    distractors.append(dict({"id": did}, **report(f, where, True)))
                    if t:
                        tags[did] = t
                else:
                    raise NoteError(f"{where}: id '{f[0]}'")
    for cid, entry in children.items():
        if set(entry) != {"missing", "found"}:
            raise NoteError(f"{cid}: needs both a missing (>) and a found (<) report")
    for did in (d["id"] for d in distractors):
        for t in tags.get(did, ()):
            if t.startswith("near=") and t[5:] not in children:
                raise NoteError(f"{did}: {t} names no child")
    kids = [dict({"id": cid}, **children[cid]) for cid in sorted(children)]
    return kids, distractors, tags


def render():
    kids, distractors, tags = read_notes()
    data = {"about": ABOUT, "children": kids, "distractors": distractors}
    pairs = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    tagtext = json.dumps({k: tags[k] for k in sorted(tags)}, ensure_ascii=False, indent=1) + "\n"
    return pairs, tagtext


def main(argv):
    try:
        pairs, tagtext = render()
    except NoteError as e:
        print(f"join.py: {e}", file=sys.stderr)
        return 1
    if "--check" in argv:
        bad = []
        for path, want in ((OUT, pairs), (TAGS, tagtext)):
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != want:
                        bad.append(path)
            except FileNotFoundError:
                bad.append(path)
        for path in bad:
            print(f"join.py --check: {os.path.normpath(path)} is not what the notes make; "
                  "run src6/join.py", file=sys.stderr)
        return 1 if bad else 0
    for path, text in ((OUT, pairs), (TAGS, tagtext)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

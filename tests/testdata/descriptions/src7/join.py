#!/usr/bin/env python3
"""Join the hand-typed notes of the seventh held-out description set into JSON.

  python3 src7/join.py           # writes ../heldout7_pairs.json and src7/tags.json
  python3 src7/join.py --check   # exit 1 unless both files are what the notes make

This script only converts notation. It produces, varies or samples no wording, colour, time or
zone: every value below comes from a line typed by hand in src7/notes_*.txt.

NOTATION (one report per line, fourteen fields split by '|'; '#' starts a comment line):

  id|sex|age|height|top|bottom|hat|shoes|features|language|zone|time|last_seen|tags

  id         e001m  the guardian's MISSING report of child e001
             e001f  the patrol officer's FOUND report of the same child
             v001   a distractor: another guardian's MISSING report
  sex        m | f | u  (male, female, unknown)
  age        "5" (the guardian's exact age) or "4-6" (a range; officers always guess a range)
  height     centimetres, or empty when not given
  top, bottom, hat, shoes
             "description;colour,colour" -- the text after the LAST ';' is the list of colour
             words exactly as the person said them (may be empty); the whole field empty means
             not mentioned (hat/shoes only: null)
  features   free text, may be empty
  language   free text as the person wrote it, may be empty
  zone       PL plaza, PA parade, PE penguin, WS whaleshark, PB polarbear, TH theatre, GA gardens
  time       park clock HH:MM when the report was written (the park opens at 10:00)
  last_seen  park clock HH:MM, the guardian's own estimate; only on missing reports
  tags       the author's notes on the noise, comma-separated; the tags of e001m and e001f are
             joined under e001 in tags.json; a distractor written close to a child carries
             near=<child id>
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout7_pairs.json")
TAGS = os.path.join(HERE, "tags.json")
ZONES = {"PL": "plaza", "PA": "parade", "PE": "penguin", "WS": "whaleshark",
         "PB": "polarbear", "TH": "theatre", "GA": "gardens"}
ABOUT = ("Seventh hand-written held-out description set for the lost-child matcher (issue 13): "
         "Spring Festival at the ocean park, Hengqin. HELD OUT: scored once by the coordinator; "
         "see PROVENANCE7.md.")


def clock(s, where):
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", s.strip())
    if not m:
        raise ValueError(f"{where}: bad time {s!r}")
    return (int(m.group(1)) - 10) * 60 + int(m.group(2))


def garment(s):
    s = s.strip()
    if not s:
        return None
    if ";" not in s:
        raise ValueError(f"garment without ';': {s!r}")
    desc, cols = s.rsplit(";", 1)
    return {"description": desc.strip(),
            "colours": [c.strip() for c in cols.split(",") if c.strip()]}


def report(f, where):
    sex = {"m": "male", "f": "female", "u": "unknown"}[f[1].strip()]
    age = f[2].strip()
    lo, _, hi = age.partition("-")
    hi = hi or lo
    rep = {
        "sex": sex,
        "age_min": int(lo),
        "age_max": int(hi),
        "height_cm": int(f[3]) if f[3].strip() else None,
        "top": garment(f[4]),
        "bottom": garment(f[5]),
        "hat": garment(f[6]),
        "shoes": garment(f[7]),
        "features": f[8].strip(),
        "language": f[9].strip(),
        "zone_id": ZONES[f[10].strip()],
        "minutes_after_open": clock(f[11], where),
    }
    if f[12].strip():
        rep["last_seen_minutes"] = clock(f[12], where)
    return rep


def build():
    missing, found, distractors, tags = {}, {}, [], {}
    names = sorted(n for n in os.listdir(HERE) if re.fullmatch(r"notes_\d+\.txt", n))
    for name in names:
        with open(os.path.join(HERE, name), encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                f = line.split("|")
                where = f"{name}:{no}"
                if len(f) != 14:
                    raise ValueError(f"{where}: {len(f)} fields, want 14")
                rid = f[0].strip()
                rep = report(f, where)
                t = [x.strip() for x in f[13].split(",") if x.strip()]
                m = re.fullmatch(r"(e\d{3})([mf])", rid)
                if m:
                    cid = m.group(1)
                    book = missing if m.group(2) == "m" else found
                    if cid in book:
                        raise ValueError(f"{where}: duplicate {rid}")
                    book[cid] = rep
                    tags.setdefault(cid, [])
                    tags[cid].extend(x for x in t if x not in tags[cid])
                elif re.fullmatch(r"v\d{3}", rid):
                    rep["id"] = rid
                    distractors.append(rep)
                    if t:
                        tags[rid] = t
                else:
                    raise ValueError(f"{where}: bad id {rid!r}")
    if set(missing) != set(found):
        raise ValueError(f"unpaired: {sorted(set(missing) ^ set(found))}")
    children = [{"id": c, "missing": missing[c], "found": found[c]} for c in sorted(missing)]
    dist = [dict([("id", d["id"])] + [(k, v) for k, v in d.items() if k != "id"])
            for d in sorted(distractors, key=lambda d: d["id"])]
    data = {"about": ABOUT, "children": children, "distractors": dist}
    as_text = lambda o: json.dumps(o, ensure_ascii=False, indent=1) + "\n"
    return as_text(data), as_text(dict(sorted(tags.items())))


def main(argv):
    pairs, tags = build()
    if "--check" in argv:
        ok = True
        for path, want in ((OUT, pairs), (TAGS, tags)):
            try:
                with open(path, encoding="utf-8") as fh:
                    have = fh.read()
            except OSError:
                have = None
            if have != want:
                print(f"{os.path.basename(path)} does not match the notes; rerun join.py",
                      file=sys.stderr)
                ok = False
        return 0 if ok else 1
    for path, text in ((OUT, pairs), (TAGS, tags)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

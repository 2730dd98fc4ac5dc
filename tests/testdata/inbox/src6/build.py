#!/usr/bin/env python3
"""Join the hand-written chunks in this folder into ../heldout6.json (the sixth held-out set).

Usage: python3 build.py          write ../heldout6.json
       python3 build.py --check  exit 1 unless the committed ../heldout6.json is exactly what
                                 the chunks make (so nobody edits the JSON by hand)

Each *.jsonl chunk holds one message per line as a JSON array
    [category, channel, zone, register, text, note]
with short names (ls, help, report, tip, complaint, consult; dm, mention, comment), an empty
zone for "no zone_hint", and register tags joined by '+'. Blank lines and lines starting with
'#' are skipped. The order is shuffled by a hash of each text, not by chunk, so an id says
nothing about the category; hashing (not random.shuffle) keeps the order the same on every
Python version. Standard library only.
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "heldout6.json")
PREFIX = "w"
SALT = "crowdsafe-inbox-heldout6"
CATEGORIES = {"ls": "life_safety", "help": "help_request", "report": "report", "tip": "tip",
              "complaint": "complaint", "consult": "consultation"}
CHANNELS = {"dm": "weibo_dm", "mention": "weibo_mention", "comment": "weibo_comment"}


def read_chunks():
    rows = []
    errors = []
    for name in sorted(f for f in os.listdir(HERE) if f.endswith(".jsonl")):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{name}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{where}: not JSON ({e.msg})")
                    continue
                if not (isinstance(row, list) and len(row) == 6 and all(isinstance(x, str) for x in row)):
                    errors.append(f"{where}: expected an array of 6 strings")
                    continue
                cat, chan, zone, reg, text, note = row
                if cat not in CATEGORIES:
                    errors.append(f"{where}: unknown category {cat!r}")
                if chan not in CHANNELS:
                    errors.append(f"{where}: unknown channel {chan!r}")
                if not reg:
                    errors.append(f"{where}: no register")
                rows.append((where, cat, chan, zone, reg, text, note))
    return rows, errors


def build(rows):
    order = sorted(rows, key=lambda r: hashlib.sha256((SALT + r[5]).encode("utf-8")).hexdigest())
    out = []
    for n, (_, cat, chan, zone, reg, text, note) in enumerate(order, 1):
        m = {"id": f"{PREFIX}{n:03d}", "channel": CHANNELS[chan], "text": text,
             "category": CATEGORIES[cat]}
        if zone:
            m["zone_hint"] = zone
        m["note"] = (note + "; " if note else "") + "register: " + reg
        out.append(m)
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    rows, errors = read_chunks()
    for e in errors:
        print("error: " + e, file=sys.stderr)
    if errors:
        return 1
    text = build(rows)
    if "--check" in argv[1:]:
        try:
            with open(OUT, encoding="utf-8") as f:
                committed = f.read()
        except FileNotFoundError:
            print("error: heldout6.json is missing; run build.py", file=sys.stderr)
            return 1
        if committed != text:
            print("error: heldout6.json differs from what the src6 chunks make; run build.py",
                  file=sys.stderr)
            return 1
        print(f"heldout6.json matches the src6 chunks ({len(rows)} messages)")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote heldout6.json ({len(rows)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

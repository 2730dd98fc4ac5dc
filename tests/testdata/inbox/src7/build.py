#!/usr/bin/env python3
"""Make ../heldout7.json (the seventh held-out inbox set) from the hand-typed chunks here.

    python3 build.py           write ../heldout7.json
    python3 build.py --check   exit 1 unless the committed ../heldout7.json equals what the
                               chunks make now (the JSON is an output; edit the chunks)

A chunk is a *.jsonl file with one message per line, a JSON array of six strings:
    [category, channel, zone, register, text, note]
category: ls | help | report | tip | complaint | consult
channel:  dm | mention | comment
zone:     a zone id of config/venues/ocean.yaml, or "" for no zone_hint
register: validate.py's tags joined by '+', e.g. "yue+zht"
Lines that are blank or start with '#' are comments.

Ids x001... follow a salted SHA-256 of each text, so neither the id nor the position says which
chunk (and so which category) a message came from, and the order is the same on any Python.
Standard library only.
"""
import hashlib
import json
import os
import sys

SRC = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.normpath(os.path.join(SRC, "..", "heldout7.json"))
ID_LETTER = "x"
SALT = b"crowdsafe/inbox/heldout7/s9"
CATEGORY = {"ls": "life_safety", "help": "help_request", "report": "report", "tip": "tip",
            "complaint": "complaint", "consult": "consultation"}
CHANNEL = {"dm": "weibo_dm", "mention": "weibo_mention", "comment": "weibo_comment"}


def load():
    """Every message row of every chunk, plus a list of problems (file:line: what)."""
    rows, problems = [], []
    for name in sorted(os.listdir(SRC)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                at = f"{name}:{lineno}"
                try:
                    row = json.loads(line)
                except ValueError as e:
                    problems.append(f"{at}: not JSON: {e}")
                    continue
                if not isinstance(row, list) or len(row) != 6 or not all(isinstance(x, str) for x in row):
                    problems.append(f"{at}: want an array of six strings")
                    continue
                if row[0] not in CATEGORY:
                    problems.append(f"{at}: category {row[0]!r} unknown")
                if row[1] not in CHANNEL:
                    problems.append(f"{at}: channel {row[1]!r} unknown")
                if not row[3]:
                    problems.append(f"{at}: register missing")
                rows.append(row)
    return rows, problems


def render(rows):
    def key(row):
        return hashlib.sha256(SALT + row[4].encode("utf-8")).hexdigest()

    messages = []
    for n, (cat, chan, zone, reg, text, note) in enumerate(sorted(rows, key=key), 1):
        m = {"id": f"{ID_LETTER}{n:03d}", "channel": CHANNEL[chan], "text": text,
             "category": CATEGORY[cat]}
        if zone:
            m["zone_hint"] = zone
        m["note"] = f"{note}; register: {reg}" if note else f"register: {reg}"
        messages.append(m)
    return json.dumps(messages, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    rows, problems = load()
    for p in problems:
        print("build.py: " + p, file=sys.stderr)
    if problems:
        return 1
    made = render(rows)
    if "--check" in argv[1:]:
        try:
            with open(TARGET, encoding="utf-8") as f:
                committed = f.read()
        except OSError:
            print(f"build.py: {TARGET} is missing", file=sys.stderr)
            return 1
        if committed != made:
            print("build.py: heldout7.json differs from the chunks; run python3 build.py", file=sys.stderr)
            return 1
        print(f"build.py: heldout7.json matches the chunks ({len(rows)} messages)")
        return 0
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(made)
    print(f"build.py: wrote {TARGET} ({len(rows)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

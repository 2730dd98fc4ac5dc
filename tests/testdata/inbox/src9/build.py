#!/usr/bin/env python3
"""Make ../heldout9.json (the ninth held-out inbox set) from the hand-typed chunks here.

    python3 build.py           write ../heldout9.json
    python3 build.py --check   exit 1 unless the committed ../heldout9.json is exactly what the
                               chunks make now (the JSON is an output: edit the chunks, not it)

Each chunk_XX.jsonl holds one message per line, a JSON array of six strings:
    [category, channel, zone, register, text, note]
category: ls | help | report | tip | complaint | consult
channel:  dm | mention | comment
zone:     a zone id of config/venues/ocean.yaml, or "" when the text names no place in the park
register: validate.py's register tags joined by '+', e.g. "zht+emo"
note:     the author's reason; "hard negative ..." first for a hard negative. The register is
          appended to the note as "register: <tags>", which validate.py requires at its end.
Blank lines and lines starting with '#' are comments.

The script only joins, orders, numbers and checks; every text was typed by hand. The order
follows a salted SHA-256 of each text, so neither an id (p001...) nor a position says which
chunk, and so which category, a message came from. Standard library only.
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.normpath(os.path.join(HERE, "..", "heldout9.json"))
ID_LETTER = "p"
SALT = b"crowdsafe/inbox/heldout9/s11-p"
CATEGORIES = {"ls": "life_safety", "help": "help_request", "report": "report", "tip": "tip",
              "complaint": "complaint", "consult": "consultation"}
CHANNELS = {"dm": "weibo_dm", "mention": "weibo_mention", "comment": "weibo_comment"}
ZONES = {"plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"}
REGISTERS = {"zh", "zht", "yue", "en", "py", "mix", "emo", "typo", "slang"}


def read_rows():
    """All message rows of all chunks, and the problems found (as 'file:line: what')."""
    rows, problems = [], []
    for name in sorted(n for n in os.listdir(HERE) if n.endswith(".jsonl")):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{name}:{lineno}"
                try:
                    row = json.loads(line)
                except ValueError as e:
                    problems.append(f"{where}: not JSON ({e})")
                    continue
                if not (isinstance(row, list) and len(row) == 6 and all(isinstance(x, str) for x in row)):
                    problems.append(f"{where}: want an array of six strings")
                    continue
                cat, chan, zone, reg, text, note = row
                if cat not in CATEGORIES:
                    problems.append(f"{where}: unknown category {cat!r}")
                if chan not in CHANNELS:
                    problems.append(f"{where}: unknown channel {chan!r}")
                if zone and zone not in ZONES:
                    problems.append(f"{where}: unknown zone {zone!r}")
                tags = reg.split("+") if reg else []
                if not tags or any(t not in REGISTERS for t in tags):
                    problems.append(f"{where}: bad register {reg!r}")
                if not text.strip():
                    problems.append(f"{where}: empty text")
                if chan == "mention" and "@" not in text:
                    problems.append(f"{where}: a mention needs an @ in its text")
                if cat == "ls" and note.startswith("hard negative"):
                    problems.append(f"{where}: a hard negative cannot be life_safety")
                rows.append((where, row))
    return rows, problems


def build(rows):
    """The set as a list of dicts, ordered by the salted hash of each text and numbered."""
    keyed = sorted(rows, key=lambda wr: hashlib.sha256(SALT + wr[1][4].encode("utf-8")).hexdigest())
    out = []
    for n, (_, (cat, chan, zone, reg, text, note)) in enumerate(keyed, 1):
        m = {"id": f"{ID_LETTER}{n:03d}", "channel": CHANNELS[chan], "text": text,
             "category": CATEGORIES[cat]}
        if zone:
            m["zone_hint"] = zone
        m["note"] = (note.rstrip() + "; " if note.strip() else "") + "register: " + reg
        out.append(m)
    return out


def render(messages):
    return json.dumps(messages, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    rows, problems = read_rows()
    seen = {}
    for where, row in rows:
        if row[4] in seen:
            problems.append(f"{where}: same text as {seen[row[4]]}")
        seen.setdefault(row[4], where)
    for p in problems:
        print("error: " + p, file=sys.stderr)
    if problems:
        return 1
    text = render(build(rows))
    if "--check" in argv[1:]:
        try:
            with open(TARGET, encoding="utf-8") as f:
                committed = f.read()
        except OSError:
            print(f"error: {TARGET} missing", file=sys.stderr)
            return 1
        if committed != text:
            print(f"error: {os.path.basename(TARGET)} is not what the chunks make; "
                  "run build.py (edit the chunks, not the JSON)", file=sys.stderr)
            return 1
        print(f"{os.path.basename(TARGET)}: matches the chunks ({len(rows)} messages)")
        return 0
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {TARGET} ({len(rows)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Assemble heldout5.json from the hand-written chunks in this directory.

Each chunk `*.txt` holds one message per line, six fields separated by "|" (the text, last,
may hold "|"):
    category | channel | zone | register tags | note | text
category is a short code (LS HR RP TP CP CN), channel is dm / me / co (weibo_dm, weibo_mention,
weibo_comment), zone is a zone id or '-', register tags are joined by '+'; the JSON note is the chunk's note
followed by '; register: TAGS'. Lines starting with '#'
and blank lines are ignored. This script writes no wording: it only checks the chunks, shuffles
them with a fixed seed, numbers them v001 ... and writes ../heldout5.json one object per line.

    python3 build.py          write heldout5.json
    python3 build.py --check  exit 1 unless the committed heldout5.json is what the chunks make
"""
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "heldout5.json")
SEED = 20260718
CATS = {"LS": "life_safety", "HR": "help_request", "RP": "report", "TP": "tip",
        "CP": "complaint", "CN": "consultation"}
CHANNELS = {"dm": "weibo_dm", "me": "weibo_mention", "co": "weibo_comment"}
ZONES = {"plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"}
# Emoji blocks: pictographs, symbols, dingbats, arrows (the `emo` tag must match them).
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF]")
TAGS = {"zh", "zht", "yue", "en", "py", "mix", "emo", "typo", "slang"}


def load():
    msgs, errors, seen = [], [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{name}:{n}"
                parts = line.split("|", 5)
                if len(parts) != 6:
                    errors.append(f"{where}: {len(parts)} fields, expected 6")
                    continue
                cat, ch, zone, tags, note, text = (p.strip() for p in parts)
                note = f"{note}; register: {tags}"
                if cat not in CATS:
                    errors.append(f"{where}: unknown category code")
                if ch not in CHANNELS:
                    errors.append(f"{where}: unknown channel code")
                if zone != "-" and zone not in ZONES:
                    errors.append(f"{where}: unknown zone")
                if ch == "me" and "@" not in text:
                    errors.append(f"{where}: mention without @")
                r = re.search(r"register: ([a-z+]+)$", note)
                if not r or any(t not in TAGS for t in r.group(1).split("+")):
                    errors.append(f"{where}: bad register tag")
                if bool(EMOJI.search(text)) != ("emo" in tags.split("+")):
                    errors.append(f"{where}: 'emo' tag and emoji in the text disagree")
                if note.startswith("hard negative") and cat == "LS":
                    errors.append(f"{where}: hard negative labelled life_safety")
                if text in seen:
                    errors.append(f"{where}: duplicate text")
                seen.add(text)
                m = {"channel": CHANNELS.get(ch, ch), "text": text,
                     "category": CATS.get(cat, cat)}
                if zone != "-":
                    m["zone_hint"] = zone
                m["note"] = note
                msgs.append(m)
    return msgs, errors


def render(msgs):
    order = list(msgs)
    random.Random(SEED).shuffle(order)
    lines = []
    for i, m in enumerate(order, 1):
        obj = {"id": f"v{i:03d}"}
        obj.update(m)
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main(argv):
    msgs, errors = load()
    for e in errors:
        print("error: " + e)
    if errors:
        return 1
    out = render(msgs)
    if "--check" in argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != out:
                print("error: heldout5.json differs from what the chunks make; run build.py")
                return 1
        print(f"heldout5.json matches the chunks ({len(msgs)} messages)")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(out)
    print(f"wrote {OUT} ({len(msgs)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

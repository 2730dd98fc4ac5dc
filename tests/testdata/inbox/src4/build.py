#!/usr/bin/env python3
"""Assemble tests/testdata/inbox/heldout4.json from the hand-written chunks in this directory.

Every message text was written by hand in the chunks; this script only checks them, shuffles
them with a fixed seed (so an id says nothing about the chunk or the category) and numbers them
f001, f002 ... It never writes, varies or samples any wording.

Usage:
  python3 build.py          # write ../heldout4.json
  python3 build.py --check  # exit non-zero unless the committed ../heldout4.json is what the
                            # chunks make (run by ctest: inbox_heldout4_validate)

Chunk format: {"category": C, "messages": [[channel, zone_or_null, text, note], ...]} with the
channel written short (dm, mention, comment). Standard library only.
"""
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "heldout4.json")
SEED = 20261202 + 4  # fixed: rebuilding gives the same order and ids
PREFIX = "f"

CHANNELS = {"dm": "weibo_dm", "mention": "weibo_mention", "comment": "weibo_comment"}
CATEGORIES = {"life_safety", "help_request", "report", "tip", "complaint", "consultation"}
ZONES = {"plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"}
REGISTERS = {"zh", "zht", "yue", "en", "py", "mix", "emo", "typo", "slang"}
# Pictographs, symbols and dingbats: enough to tell whether a text carries an emoji, so that the
# hand-assigned `emo` tag can be checked mechanically.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]")


def load_chunks():
    messages, errors = [], []
    for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            chunk = json.load(f)
        category = chunk.get("category")
        if category not in CATEGORIES:
            errors.append(f"{name}: unknown category {category!r}")
            continue
        for k, row in enumerate(chunk.get("messages", []), 1):
            where = f"{name}#{k}"
            if not (isinstance(row, list) and len(row) == 4):
                errors.append(f"{where}: not [channel, zone, text, note]")
                continue
            channel, zone, text, note = row
            if channel not in CHANNELS:
                errors.append(f"{where}: channel {channel!r}")
            if zone is not None and zone not in ZONES:
                errors.append(f"{where}: zone {zone!r}")
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: empty text")
                continue
            if channel == "mention" and "@" not in text:
                errors.append(f"{where}: mention without @")
            r = re.search(r"register: ([a-z+]+)\s*$", note or "")
            tags = set(r.group(1).split("+")) if r else set()
            if not r or tags - REGISTERS:
                errors.append(f"{where}: bad register tags in note")
            if ("emo" in tags) != bool(EMOJI.search(text)):
                errors.append(f"{where}: emo tag does not match the text")
            if category == "life_safety" and not re.match(r"L[1-6]", note):
                errors.append(f"{where}: life_safety note must start with L1-L6")
            if note.startswith("hard negative") and category == "life_safety":
                errors.append(f"{where}: a hard negative cannot be life_safety")
            m = {"channel": CHANNELS.get(channel, channel), "text": text, "category": category}
            if zone is not None:
                m["zone_hint"] = zone
            m["note"] = note
            messages.append(m)
    seen = set()
    for m in messages:
        if m["text"] in seen:
            errors.append("duplicate text: " + m["text"][:12] + "...")
        seen.add(m["text"])
    return messages, errors


def render(messages):
    order = list(messages)
    random.Random(SEED).shuffle(order)
    lines = []
    for n, m in enumerate(order, 1):
        obj = {"id": f"{PREFIX}{n:03d}"}
        obj.update(m)
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main(argv):
    messages, errors = load_chunks()
    for e in errors:
        print("error: " + e)
    if errors:
        return 1
    text = render(messages)
    if "--check" in argv:
        try:
            with open(OUT, encoding="utf-8") as f:
                committed = f.read()
        except OSError:
            print("error: heldout4.json is missing")
            return 1
        if committed != text:
            print("error: heldout4.json differs from what the chunks make; run src4/build.py")
            return 1
        print(f"heldout4.json matches the chunks ({len(messages)} messages)")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(messages)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

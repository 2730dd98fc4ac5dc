#!/usr/bin/env python3
"""Join the hand-written chunks in this folder into ../heldout3.json.

Usage: python3 tests/testdata/inbox/src3/build.py

Each chunk is {"category": C, "messages": [[channel, zone_or_null, text, note], ...]}, with the
channel written short (dm, mention, comment). The messages are checked, shuffled with a fixed
seed so that an id says nothing about the category or the chunk, numbered q001 ..., and written
one object per line. The chunks are the source of truth: edit them and run this again.
Standard library only.
"""
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "heldout3.json")
SEED = 20261202
CHANNELS = {"dm": "weibo_dm", "mention": "weibo_mention", "comment": "weibo_comment"}
TAGS = {"zh", "zht", "yue", "en", "py", "mix", "emo", "typo", "slang"}


def has_emoji(text):
    # Pictographs, symbols and the emoji variation selector; CJK punctuation is not in these.
    return any(0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF or ord(c) == 0xFE0F
               for c in text)


def main():
    errors, out = [], []
    for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
        with open(path, encoding="utf-8") as f:
            chunk = json.load(f)
        name = os.path.basename(path)
        for k, entry in enumerate(chunk["messages"], 1):
            where = f"{name}#{k}"
            channel, zone, text, note = entry
            if channel not in CHANNELS:
                errors.append(f"{where}: channel {channel!r}")
                continue
            if channel == "mention" and "@" not in text:
                errors.append(f"{where}: mention without @")
            m = re.search(r"register: ([a-z+]+)$", note)
            tags = set(m.group(1).split("+")) if m else set()
            if not m or tags - TAGS:
                errors.append(f"{where}: bad register tag")
            if ("emo" in tags) != has_emoji(text):
                errors.append(f"{where}: emo tag does not match the text")
            hard = note.startswith("hard negative")
            if chunk["category"] == "life_safety" and (hard or not re.match(r"L[1-6]", note)):
                errors.append(f"{where}: life_safety note must start with L1-L6")
            msg = {"channel": CHANNELS[channel], "text": text, "category": chunk["category"]}
            if zone:
                msg["zone_hint"] = zone
            msg["note"] = note
            out.append(msg)
    texts = [m["text"] for m in out]
    if len(set(texts)) != len(texts):
        errors.append("duplicate texts")
    for e in errors:
        print("error: " + e)
    if errors:
        return 1
    random.Random(SEED).shuffle(out)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("[\n")
        for n, m in enumerate(out, 1):
            line = json.dumps({"id": f"q{n:03d}", **m}, ensure_ascii=False)
            f.write(line + (",\n" if n < len(out) else "\n"))
        f.write("]\n")
    print(f"wrote {len(out)} messages to {os.path.relpath(OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

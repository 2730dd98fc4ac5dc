#!/usr/bin/env python3
"""Build ../heldout2.json from the hand-written lists in this folder.

Usage: python3 tests/testdata/inbox/src2/build.py [OUT]

Every message text, label, zone and note was typed by hand in the category modules
(life_safety.py, help_request.py, report.py, tip.py, complaint.py, consultation.py). Each entry
is a tuple (channel, zone_hint or None, text, note). This script only checks them, shuffles them
with a fixed seed so that an id says nothing about the category, numbers them r001 ... and writes
one JSON object per line. It generates, varies or samples no wording.

Checks made here (validate.py makes the format checks):
- the channel shorthand is known, a mention contains '@';
- the note ends with 'register: TAGS';
- the 'emo' tag is present exactly when the text contains an emoji (checked mechanically);
- life_safety notes start with the rule (L1-L6); no hard negative is life_safety.
"""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # leave no __pycache__ beside the data

import complaint  # noqa: E402
import consultation  # noqa: E402
import help_request  # noqa: E402
import life_safety  # noqa: E402
import report  # noqa: E402
import tip  # noqa: E402

SEED = 20261001
CHANNELS = {"dm": "weibo_dm", "men": "weibo_mention", "com": "weibo_comment"}
# Emoji blocks used in the lists: pictographs, symbols and dingbats, regional indicators
# and the variation selector that turns a symbol into an emoji.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\uFE0F]")


def entries():
    for category, module in [("life_safety", life_safety), ("help_request", help_request),
                             ("report", report), ("tip", tip), ("complaint", complaint),
                             ("consultation", consultation)]:
        for row in module.MESSAGES:
            yield category, row


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(HERE, "..", "heldout2.json")
    rows, errors = [], []
    for category, (chan, zone, text, note) in entries():
        where = f"{category}: {text[:20]!r}"
        if chan not in CHANNELS:
            errors.append(f"{where}: channel {chan!r}")
            continue
        if chan == "men" and "@" not in text:
            errors.append(f"{where}: mention without @")
        m = re.search(r"register: ([a-z+]+)$", note)
        if not m:
            errors.append(f"{where}: no register tag")
            continue
        tags = m.group(1).split("+")
        if ("emo" in tags) != bool(EMOJI.search(text)):
            errors.append(f"{where}: emo tag does not match the text")
        if category == "life_safety" and not re.match(r"L[1-6]", note):
            errors.append(f"{where}: life_safety note must start with L1-L6")
        if category == "life_safety" and note.startswith("hard negative"):
            errors.append(f"{where}: hard negative labelled life_safety")
        row = {"channel": CHANNELS[chan], "text": text, "category": category}
        if zone:
            row["zone_hint"] = zone
        row["note"] = note
        rows.append(row)
    if errors:
        for e in errors:
            print("error: " + e)
        return 1
    random.Random(SEED).shuffle(rows)
    with open(out, "w", encoding="utf-8") as f:
        f.write("[\n")
        for n, row in enumerate(rows, 1):
            obj = {"id": f"r{n:03d}", **row}
            f.write(json.dumps(obj, ensure_ascii=False))
            f.write(",\n" if n < len(rows) else "\n")
        f.write("]\n")
    print(f"wrote {len(rows)} messages to {os.path.relpath(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

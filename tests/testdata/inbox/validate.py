#!/usr/bin/env python3
"""Check the format of the held-out inbox set and print its counts.

Usage: python3 validate.py [heldout.json | heldout2.json | ... | heldout9.json] [--dev PATH]

The ids must run <letter>001, <letter>002 ... in order; the letter is taken from the first id
(h for heldout.json, r for heldout2.json, q for heldout3.json, w for heldout6.json, x for
heldout7.json, k for heldout8.json). For the file names in ID_LETTERS the letter is also
checked, so a set cannot quietly reuse another set's ids.

Exits non-zero on any format error. Standard library only.

--dev PATH compares the texts with another set (for example the development set) and prints
only how many texts are identical or nearly identical (character 4-gram Jaccard >= 0.6). It
never prints the texts of either set.
"""
import json
import os
import re
import sys
from collections import Counter

CATEGORIES = ["life_safety", "help_request", "report", "tip", "complaint", "consultation"]
CHANNELS = ["weibo_dm", "weibo_mention", "weibo_comment"]
ZONES = ["plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"]
REGISTERS = {
    "zh": "Simplified Chinese",
    "zht": "Traditional script",
    "yue": "Cantonese",
    "en": "English",
    "py": "pinyin",
    "mix": "mixed scripts (Chinese + Latin words)",
    "emo": "emoji",
    "typo": "typos / homophones",
    "slang": "internet slang",
}
FIELDS = {"id", "channel", "text", "category", "zone_hint", "note"}
REQUIRED = {"id", "channel", "text", "category"}
MIN_TOTAL = 330
MIN_LIFE_SAFETY = 80
MIN_HARD_NEGATIVES = 60
# Id letters fixed per file name (sets not listed here take the letter of their first id).
ID_LETTERS = {"heldout.json": "h", "heldout2.json": "r", "heldout3.json": "q", "heldout6.json": "w",
              "heldout7.json": "x", "heldout8.json": "k", "heldout9.json": "p"}
SHORT = 15   # characters or fewer
LONG = 150   # characters or more


def grams(text, n=4):
    t = re.sub(r"\s+", "", text.lower())
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def main(argv):
    args = [a for a in argv[1:]]
    dev = None
    if "--dev" in args:
        k = args.index("--dev")
        dev = args[k + 1]
        del args[k:k + 2]
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout.json")

    errors = []
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        print("error: top level is not an array")
        return 1

    first = data[0].get("id", "") if data and isinstance(data[0], dict) else ""
    prefix = first[:1] if re.fullmatch(r"[a-z]\d{3}", str(first)) else "h"
    want = ID_LETTERS.get(os.path.basename(path))
    if want and prefix != want:
        errors.append(f"ids start with {prefix!r}, expected {want!r} for {os.path.basename(path)}")
        prefix = want
    ids, texts = set(), set()
    cat = Counter()
    hard = Counter()
    border = 0
    chan = Counter()
    zone = Counter()
    reg = Counter()
    reg_ls = Counter()
    length = Counter()
    for n, m in enumerate(data, 1):
        where = f"element {n}"
        if not isinstance(m, dict):
            errors.append(f"{where}: not an object")
            continue
        extra = set(m) - FIELDS
        missing = REQUIRED - set(m)
        if extra:
            errors.append(f"{where}: unknown fields {sorted(extra)}")
        if missing:
            errors.append(f"{where}: missing fields {sorted(missing)}")
            continue
        mid = m["id"]
        if mid != f"{prefix}{n:03d}":
            errors.append(f"{where}: id {mid!r}, expected {prefix}{n:03d}")
        if mid in ids:
            errors.append(f"{where}: duplicate id {mid}")
        ids.add(mid)
        text = m["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{mid}: empty text")
            continue
        if text in texts:
            errors.append(f"{mid}: duplicate text")
        texts.add(text)
        if len(text) > 2000:
            errors.append(f"{mid}: text longer than 2000")
        if m["category"] not in CATEGORIES:
            errors.append(f"{mid}: unknown category {m['category']!r}")
        if m["channel"] not in CHANNELS:
            errors.append(f"{mid}: unknown channel {m['channel']!r}")
        if m["channel"] == "weibo_mention" and "@" not in text:
            errors.append(f"{mid}: mention without @")
        if "zone_hint" in m and m["zone_hint"] not in ZONES:
            errors.append(f"{mid}: unknown zone {m['zone_hint']!r}")
        note = m.get("note", "")
        if not isinstance(note, str):
            errors.append(f"{mid}: note is not a string")
            note = ""
        if note.startswith("hard negative"):
            hard[m["category"]] += 1
            if m["category"] == "life_safety":
                errors.append(f"{mid}: a hard negative cannot be life_safety")
        if "borderline" in note:
            border += 1
        r = re.search(r"register: ([a-z+]+)\s*$", note)
        if not r:
            errors.append(f"{mid}: note has no 'register: ...' tag at the end")
        else:
            for t in r.group(1).split("+"):
                if t not in REGISTERS:
                    errors.append(f"{mid}: unknown register {t!r}")
                reg[t] += 1
                if m["category"] == "life_safety":
                    reg_ls[t] += 1
        cat[m["category"]] += 1
        chan[m["channel"]] += 1
        zone[m.get("zone_hint", "-")] += 1
        length["short (<=%d chars)" % SHORT if len(text) <= SHORT else
               "long (>=%d chars)" % LONG if len(text) >= LONG else "medium"] += 1

    total = len(data)
    if total < MIN_TOTAL:
        errors.append(f"only {total} messages, need at least {MIN_TOTAL}")
    if cat["life_safety"] < MIN_LIFE_SAFETY:
        errors.append(f"only {cat['life_safety']} life_safety, need at least {MIN_LIFE_SAFETY}")
    if sum(hard.values()) < MIN_HARD_NEGATIVES:
        errors.append(f"only {sum(hard.values())} hard negatives, need at least {MIN_HARD_NEGATIVES}")

    print(f"messages: {total}")
    print("categories:")
    for c in CATEGORIES:
        print(f"  {c:14s} {cat[c]:4d}   hard negatives {hard[c]:3d}")
    print(f"hard negatives: {sum(hard.values())}   borderline notes: {border}")
    print("channels: " + ", ".join(f"{c} {chan[c]}" for c in CHANNELS))
    print("zone_hint: " + ", ".join(f"{z} {zone[z]}" for z in ZONES) + f", none {zone['-']}")
    print("registers (a message can carry several tags):   all / life_safety")
    for t, name in REGISTERS.items():
        print(f"  {t:6s} {name:40s} {reg[t]:4d} / {reg_ls[t]:3d}")
    print("length: " + ", ".join(f"{k} {v}" for k, v in sorted(length.items())))

    if dev:
        with open(dev, encoding="utf-8") as f:
            other = [m["text"] for m in json.load(f)]
        og = [grams(t) for t in other]
        same = sum(1 for t in texts if t in set(other))
        near = 0
        for t in texts:
            g = grams(t)
            if any(len(g & h) / max(1, len(g | h)) >= 0.6 for h in og):
                near += 1
        print(f"against {dev}: identical texts {same}, near-identical (4-gram Jaccard >= 0.6) {near}")

    for e in errors:
        print("error: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

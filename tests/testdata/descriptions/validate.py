#!/usr/bin/env python3
"""Check heldout_pairs.json (or any file of the same shape) and measure its noise rates.

  python3 tests/testdata/descriptions/validate.py [FILE] [--json] [--tags=TAGS.json]

Checks the shape and the field ranges, then prints the rates that PROVENANCE.md quotes and that
tools/descgen/descgen.py takes as its defaults. With --json it prints the rates as JSON.
With --tags=TAGS.json (a set's author tags, {id: [tag, ...]}, e.g. src2/tags.json of
heldout2_pairs.json) the jacket and typo rates come from that file, and three rates are added:
pairs whose heights differ by 5-10 cm, toddlers (age <= 3) whose sex the officer recorded
wrongly, and distractors the author wrote close to a child (tag near=<child id>).
For heldout3_pairs.json (heldout4_pairs.json, heldout5_pairs.json, heldout6_pairs.json,
heldout7_pairs.json, heldout8_pairs.json, heldout9_pairs.json) the tags default to src3/tags.json
(src4/, src5/, src6/, src7/, src8/, src9/), its ids must be c001.../z001... (h001.../q001...,
k001.../y001..., m001.../n001..., e001.../v001..., a001.../b001..., d001.../g001...),
and the rates the issue names as causes of misses (officer gave no shoe colour, neither side
noted features, heights 7 cm or more apart, found before the guardian's last-seen estimate)
are printed too.
Exit status 1 when a check fails. Python 3 standard library only.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
VENUE = os.path.join(ROOT, "config", "venues", "ocean.yaml")

# Characters that only Traditional Chinese writes this way (the Simplified form differs).
TRAD = set("裝褲襪帶長髮綁馬運動衛條紋點們個鏡頭說話語歲雙書無邊這會燈細紅綠藍黃網涼連線"
           "過麼謝貓頂結閃貼紙淺灣廣東國語臺灣門聽難還腳鐲戲橋記號碼環錶裡係")
# '鞋', '黑' etc. are the same in both scripts, so only count characters that really differ.
TRAD -= set("鞋黑")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
JACKET = re.compile(r"外套|夾克|夹克|冲锋衣|衝鋒衣|防晒|防曬|开衫|開衫|马甲|馬甲|棉服|羽绒|雨衣|"
                    r"raincoat|jacket|cardigan|coat|over a|over it", re.I)


def zone_graph():
    """Zone ids and gate edges read from config/venues/ocean.yaml (no YAML library needed)."""
    zones, edges = [], collections.defaultdict(set)
    with open(VENUE, encoding="utf-8") as fh:
        for line in fh:
            m = re.search(r"\{id:\s*([\w-]+),\s*name_zh", line)
            if m:
                zones.append(m.group(1))
            m = re.search(r"from:\s*([\w-]+),\s*to:\s*([\w-]+)", line)
            if m and m.group(1) != "outside":
                a, b = m.group(1), m.group(2)
                edges[a].add(b)
                edges[b].add(a)
    return zones, edges


def gate_distance(edges, a, b):
    seen, frontier, d = {a}, [a], 0
    while frontier:
        if b in frontier:
            return d
        d += 1
        nxt = []
        for z in frontier:
            for n in edges[z]:
                if n not in seen:
                    seen.add(n)
                    nxt.append(n)
        frontier = nxt
    return None


def texts(rep):
    parts = [rep["features"]]
    for g in ("top", "bottom", "hat", "shoes"):
        if rep.get(g):
            parts.append(rep[g]["description"])
            parts.extend(rep[g]["colours"])
    return " ".join(p for p in parts if p)


def is_english(rep):
    t = texts(rep)
    return bool(LATIN.search(t)) and not CJK.search(t)


def is_traditional(rep):
    return sum(ch in TRAD for ch in texts(rep) + rep["language"]) >= 2


def colours(g):
    return {c.lower() for c in g["colours"]} if g else set()


def source_tags():
    """Tags from the hand-written notation (typo, jacket); not part of the JSON."""
    tags = collections.defaultdict(set)
    for path in glob.glob(os.path.join(HERE, "src", "*.txt")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or "|" not in line:
                    continue
                f = line.rstrip("\n").split("|")
                if len(f) >= 15 and f[14].strip():
                    tags[f[0]].update(t for t in f[14].split(",") if t)
    return tags


def check(data, zones, errors):
    def rep_ok(r, where, missing):
        for k in ("sex", "age_min", "age_max", "height_cm", "top", "bottom", "hat", "shoes",
                  "features", "language", "zone_id", "minutes_after_open"):
            if k not in r:
                errors.append(f"{where}: no {k}")
                return
        if r["sex"] not in ("male", "female", "unknown"):
            errors.append(f"{where}: sex {r['sex']}")
        if not 0 <= r["age_min"] <= r["age_max"] <= 17:
            errors.append(f"{where}: age {r['age_min']}-{r['age_max']}")
        if r["height_cm"] is not None and not 40 <= r["height_cm"] <= 200:
            errors.append(f"{where}: height {r['height_cm']}")
        if r["zone_id"] not in zones:
            errors.append(f"{where}: zone {r['zone_id']}")
        if not 0 <= r["minutes_after_open"] <= 720:
            errors.append(f"{where}: minutes {r['minutes_after_open']}")
        for g in ("top", "bottom", "hat", "shoes"):
            v = r[g]
            if v is None and g in ("top", "bottom"):
                errors.append(f"{where}: {g} is null")
            if v is not None and (len(v["description"]) > 200 or len(v["colours"]) > 5):
                errors.append(f"{where}: {g} too long")
        if len(r["features"]) > 500 or len(r["language"]) > 50:
            errors.append(f"{where}: features/language too long")
        if missing:
            ls = r.get("last_seen_minutes")
            if ls is None or not 0 <= ls <= r["minutes_after_open"]:
                errors.append(f"{where}: last_seen_minutes {ls}")
        elif "last_seen_minutes" in r:
            errors.append(f"{where}: a found report has last_seen_minutes")

    ids = set()
    for c in data["children"]:
        if c["id"] in ids:
            errors.append(f"duplicate id {c['id']}")
        ids.add(c["id"])
        rep_ok(c["missing"], c["id"] + ".missing", True)
        rep_ok(c["found"], c["id"] + ".found", False)
    for d in data["distractors"]:
        if d["id"] in ids:
            errors.append(f"duplicate id {d['id']}")
        ids.add(d["id"])
        rep_ok(d, d["id"], True)


def measure(data, edges, tags):
    ch, ds = data["children"], data["distractors"]
    n = len(ch)
    R = collections.OrderedDict()
    R["children"] = n
    R["distractors"] = len(ds)
    if n == 0 or not ds:
        return R  # the shape checks passed; rates need both children and distractors

    dt = [c["found"]["minutes_after_open"] - c["missing"]["minutes_after_open"] for c in ch]
    R["found_before_report"] = sum(d < 0 for d in dt) / n
    R["found_minus_report_min"] = min(dt)
    R["found_minus_report_max"] = max(dt)
    R["last_seen_after_found"] = sum(
        c["missing"]["last_seen_minutes"] > c["found"]["minutes_after_open"] for c in ch) / n
    gaps = [c["missing"]["minutes_after_open"] - c["missing"]["last_seen_minutes"] for c in ch]
    R["report_minus_last_seen_mean"] = sum(gaps) / n
    R["report_minus_last_seen_max"] = max(gaps)

    dist = collections.Counter(gate_distance(edges, c["missing"]["zone_id"], c["found"]["zone_id"])
                               for c in ch)
    R["zone_same"] = dist[0] / n
    R["zone_one_gate"] = dist[1] / n
    R["zone_two_three_gates"] = (dist[2] + dist[3]) / n

    R["top_colours_differ"] = sum(colours(c["missing"]["top"]) != colours(c["found"]["top"])
                                  for c in ch) / n
    R["shoe_colours_differ"] = sum(
        colours(c["missing"]["shoes"]) != colours(c["found"]["shoes"])
        for c in ch if c["missing"]["shoes"] and c["found"]["shoes"]) / max(1, sum(
            1 for c in ch if c["missing"]["shoes"] and c["found"]["shoes"]))
    R["jacket_removed"] = sum("jacket" in tags[c["id"]] for c in ch) / n
    R["jacket_in_missing_top"] = sum(bool(JACKET.search(c["missing"]["top"]["description"]))
                                     for c in ch) / n
    # Without tags (a generated file): the guardian named a jacket and the officer did not.
    R["jacket_gone_heuristic"] = sum(bool(JACKET.search(c["missing"]["top"]["description"])) and
                                     not JACKET.search(c["found"]["top"]["description"])
                                     for c in ch) / n
    with_shoes = [c for c in ch if c["missing"]["shoes"]]
    R["shoes_not_noted"] = sum(c["found"]["shoes"] is None for c in with_shoes) / max(1, len(with_shoes))
    with_hat = [c for c in ch if c["missing"]["hat"]]
    R["missing_with_hat"] = len(with_hat) / n
    R["hat_dropped"] = sum(c["found"]["hat"] is None for c in with_hat) / max(1, len(with_hat))

    R["found_sex_unknown"] = sum(c["found"]["sex"] == "unknown" for c in ch) / n
    toddlers = [c for c in ch if c["missing"]["age_max"] <= 3]
    R["toddlers"] = len(toddlers) / n
    R["toddler_sex_unknown"] = sum(c["found"]["sex"] == "unknown" for c in toddlers) / max(1, len(toddlers))
    R["found_sex_wrong"] = sum(c["found"]["sex"] != "unknown" and
                               c["found"]["sex"] != c["missing"]["sex"] for c in ch) / n
    R["age_outside_range"] = sum(not (c["found"]["age_min"] <= c["missing"]["age_min"] <=
                                      c["found"]["age_max"]) for c in ch) / n
    R["found_age_range_width_mean"] = sum(c["found"]["age_max"] - c["found"]["age_min"]
                                          for c in ch) / n

    R["height_null_found"] = sum(c["found"]["height_cm"] is None for c in ch) / n
    R["height_null_missing"] = sum(c["missing"]["height_cm"] is None for c in ch) / n
    hd = [abs(c["found"]["height_cm"] - c["missing"]["height_cm"]) for c in ch
          if c["found"]["height_cm"] and c["missing"]["height_cm"]]
    R["height_abs_diff_mean"] = sum(hd) / max(1, len(hd))
    R["height_abs_diff_max"] = max(hd, default=0)

    R["english_missing"] = sum(is_english(c["missing"]) for c in ch) / n
    R["english_found"] = sum(is_english(c["found"]) for c in ch) / n
    R["english_one_side_only"] = sum(is_english(c["missing"]) != is_english(c["found"])
                                     for c in ch) / n
    R["english_distractors"] = sum(is_english(d) for d in ds) / len(ds)
    allrep = [c["missing"] for c in ch] + [c["found"] for c in ch] + list(ds)
    R["english_all_texts"] = sum(is_english(r) for r in allrep) / len(allrep)
    R["traditional_all_texts"] = sum(is_traditional(r) for r in allrep) / len(allrep)
    R["traditional_missing"] = sum(is_traditional(c["missing"]) for c in ch) / n
    R["typo_pairs"] = sum("typo" in tags[c["id"]] for c in ch) / n
    R["language_field_differs"] = sum(c["missing"]["language"] != c["found"]["language"]
                                      for c in ch) / n
    R["found_language_empty"] = sum(c["found"]["language"] == "" for c in ch) / n
    R["found_features_empty"] = sum(c["found"]["features"] == "" for c in ch) / n
    R["missing_non_mandarin"] = sum(c["missing"]["language"] not in ("普通话", "国语", "國語")
                                    for c in ch) / n

    def close(d):
        for c in ch:
            m = c["missing"]
            if (d["sex"] == m["sex"] and abs(d["age_min"] - m["age_min"]) <= 1 and
                    colours(d["top"]) & colours(m["top"]) and
                    colours(d["shoes"]) & colours(m["shoes"])):
                return True
        return False
    R["distractors_close_to_a_child"] = sum(close(d) for d in ds) / len(ds)

    allmiss = [c["missing"] for c in ch] + list(ds)
    zc = collections.Counter(r["zone_id"] for r in allmiss)
    R["missing_zone_share"] = {z: round(zc[z] / len(allmiss), 3) for z in sorted(zc)}
    hc = collections.Counter(10 + r["minutes_after_open"] // 60 for r in allmiss)
    R["missing_hour_share"] = {f"{h}:00": round(hc[h] / len(allmiss), 3) for h in sorted(hc)}
    R["missing_age_share"] = dict(sorted(collections.Counter(
        r["age_min"] for r in allmiss).items()))
    return R


def measure_tagged(data, tags, R):
    """The rates that only an author's tags (or the heldout2 noise table) ask for."""
    ch, ds = data["children"], data["distractors"]
    n = len(ch)
    both = [c for c in ch if c["found"]["height_cm"] and c["missing"]["height_cm"]]
    R["height_off_5_10_cm"] = sum(
        5 <= abs(c["found"]["height_cm"] - c["missing"]["height_cm"]) <= 10 for c in both) / n
    toddlers = [c for c in ch if c["missing"]["age_max"] <= 3]
    R["toddler_sex_wrong"] = sum(c["found"]["sex"] not in ("unknown", c["missing"]["sex"])
                                 for c in toddlers) / max(1, len(toddlers))
    R["distractors_written_near"] = sum(
        any(t.startswith("near=") for t in tags[d["id"]]) for d in ds) / max(1, len(ds))


# Sets whose ids follow a fixed pattern: file name -> (child id, distractor id, default tags).
ID_PATTERNS = {
    "heldout3_pairs.json": (r"c\d{3}", r"z\d{3}", os.path.join(HERE, "src3", "tags.json")),
    "heldout4_pairs.json": (r"h\d{3}", r"q\d{3}", os.path.join(HERE, "src4", "tags.json")),
    "heldout5_pairs.json": (r"k\d{3}", r"y\d{3}", os.path.join(HERE, "src5", "tags.json")),
    "heldout6_pairs.json": (r"m\d{3}", r"n\d{3}", os.path.join(HERE, "src6", "tags.json")),
    "heldout7_pairs.json": (r"e\d{3}", r"v\d{3}", os.path.join(HERE, "src7", "tags.json")),
    "heldout8_pairs.json": (r"a\d{3}", r"b\d{3}", os.path.join(HERE, "src8", "tags.json")),
    "heldout9_pairs.json": (r"d\d{3}", r"g\d{3}", os.path.join(HERE, "src9", "tags.json")),
}
# Sets whose near=<child id> tags must name a child of the same file (a typo there would
# silently lower the "written near" rate).
NEAR_TAGS_CHECKED = {"heldout6_pairs.json", "heldout7_pairs.json", "heldout8_pairs.json",
                     "heldout9_pairs.json"}


def check_near_tags(data, tags, name, errors):
    if name not in NEAR_TAGS_CHECKED:
        return
    children = {c["id"] for c in data["children"]}
    for d in data["distractors"]:
        for t in tags.get(d["id"], ()):
            if t.startswith("near=") and t[5:] not in children:
                errors.append(f"{d['id']}: tag {t} names no child")


def check_ids(data, name, errors):
    if name not in ID_PATTERNS:
        return
    child, distractor, _ = ID_PATTERNS[name]
    for c in data["children"]:
        if not re.fullmatch(child, c["id"]):
            errors.append(f"child id {c['id']} is not {child}")
    for d in data["distractors"]:
        if not re.fullmatch(distractor, d["id"]):
            errors.append(f"distractor id {d['id']} is not {distractor}")


def measure_miss_causes(data, R):
    """Rates of the noise that issue 13 lists as causes of top-1 misses."""
    ch = data["children"]
    n = len(ch)
    R["found_no_shoe_colour"] = sum(not c["found"]["shoes"] or not c["found"]["shoes"]["colours"]
                                    for c in ch) / n
    R["features_empty_both"] = sum(not c["missing"]["features"] and not c["found"]["features"]
                                   for c in ch) / n
    R["height_off_7_cm_or_more"] = sum(
        bool(c["found"]["height_cm"] and c["missing"]["height_cm"]) and
        abs(c["found"]["height_cm"] - c["missing"]["height_cm"]) >= 7 for c in ch) / n
    early = [c["missing"]["last_seen_minutes"] - c["found"]["minutes_after_open"] for c in ch
             if c["found"]["minutes_after_open"] < c["missing"]["last_seen_minutes"]]
    R["found_before_last_seen_by_min"] = f"{min(early, default=0)}-{max(early, default=0)}"


def main(argv):
    path = next((a for a in argv if not a.startswith("--")),
                os.path.join(HERE, "heldout_pairs.json"))
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    zones, edges = zone_graph()
    errors = []
    for k in ("about", "children", "distractors"):
        if k not in data:
            errors.append(f"no top-level {k}")
    name = os.path.basename(path)
    if not errors:
        check(data, zones, errors)
        check_ids(data, name, errors)
    if errors:
        print("\n".join(errors[:50]))
        print(f"{len(errors)} errors")
        return 1
    tag_file = next((a.split("=", 1)[1] for a in argv if a.startswith("--tags=")), None)
    if tag_file is None and name in ID_PATTERNS:
        tag_file = ID_PATTERNS[name][2]
    if tag_file:
        with open(tag_file, encoding="utf-8") as fh:
            tags = collections.defaultdict(set, {k: set(v) for k, v in json.load(fh).items()})
        check_near_tags(data, tags, name, errors)
        if errors:
            print("\n".join(errors[:50]))
            print(f"{len(errors)} errors")
            return 1
    elif os.path.abspath(path) == os.path.join(HERE, "heldout_pairs.json"):
        tags = source_tags()
    else:
        tags = collections.defaultdict(set)
    R = measure(data, edges, tags)
    if tag_file and data["children"] and data["distractors"]:
        measure_tagged(data, tags, R)
    if name in ID_PATTERNS and data["children"]:
        measure_miss_causes(data, R)
    if "--json" in argv:
        print(json.dumps(R, ensure_ascii=False, indent=1))
    else:
        for k, v in R.items():
            print(f"{k:32s} {v:.3f}" if isinstance(v, float) else f"{k:32s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for a fixed number of executions, one at a time at the
# lowest CPU priority, and writes executions, crashes and time per target into the
# "Fuzzing" section of docs/benchmarks.md.
#
#   bench/fuzz.sh                      all targets, 1,000,000 executions each
#   FUZZ_RUNS=100000 bench/fuzz.sh cap pfif
#
# Builds the fuzz preset (clang 14, ASan + UBSan, build/fuzz) first. The committed seeds in
# fuzz/corpus/<target>/ are only read; what a run discovers goes to build/fuzz/work/<target>/.
# A crash leaves its input in build/fuzz/artifacts/: copy it into the target's corpus as a
# regression input (named after what it broke), fix the code, and the replay test keeps it fixed.
# FUZZ_NICE (default 19) is the runs' nice level. FUZZ_MAX_SECONDS bounds one target's run; a target that stops there is reported with the
# executions it really did. Figures are kept per target in build/fuzz/results.tsv, so targets
# can be run one at a time (FUZZ_SKIP_BUILD=1 when build/fuzz is already built); the section
# in docs/benchmarks.md lists every target run so far.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${FUZZ_RUNS:-1000000}"
max_seconds="${FUZZ_MAX_SECONDS:-1800}"
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(api_json config_yaml venue_yaml drafter pii_guard pfif cap redis_reply gate_batch photo)
fi

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
if [[ "${FUZZ_SKIP_BUILD:-0}" != "1" ]]; then
  cmake --preset fuzz >/dev/null
  nice -n 19 cmake --build --preset fuzz -j "${CS_JOBS:-2}" >/dev/null
fi

mkdir -p build/fuzz/work build/fuzz/artifacts build/fuzz/logs
results=build/fuzz/results.tsv
touch "$results"
failed=0
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/work/$t"
  log="build/fuzz/logs/$t.log"
  rm -f "build/fuzz/artifacts/$t-"*
  start=$(date +%s.%N)
  set +e
  # -rss_limit_mb: a single input that makes a parser allocate gigabytes is a finding too.
  # -timeout is wall-clock: at nice 19 on a busy shared machine one input (the drafter's first,
  # which loads OpenCC's dictionaries) can wait 10 s for a CPU, so only a minute counts as a hang.
  # The photo target decodes what passes its 128² cap: one allocation over 256 MiB means the
  # header check let a decode through that it should have refused.
  extra=()
  if [[ "$t" == photo ]]; then extra=(-malloc_limit_mb=256); fi
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1" \
    nice -n "${FUZZ_NICE:-19}" "build/fuzz/bin/fuzz_$t" -runs="$runs" -max_total_time="$max_seconds" \
    -rss_limit_mb=2048 -timeout=60 -print_final_stats=1 "${extra[@]}" \
    -artifact_prefix="build/fuzz/artifacts/$t-" "build/fuzz/work/$t" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # slow-unit-* files are reports, not failures; crash, leak, timeout and oom are.
  crashes=$(find build/fuzz/artifacts \( -name "$t-crash-*" -o -name "$t-leak-*" \
    -o -name "$t-timeout-*" -o -name "$t-oom-*" \) | wc -l)
  if ((rc != 0)); then
    crashes=$((crashes > 0 ? crashes : 1))
    failed=1
  fi
  corpus=$(find "build/fuzz/work/$t" "fuzz/corpus/$t" -type f | wc -l)
  line=$(printf '%s\t%s\t%s\t%s\t%s\t%s' "$t" "${done_runs:-0}" "$crashes" "$seconds" "$corpus" \
    "$(cut -d' ' -f1 /proc/loadavg)")
  echo "$line"
  { grep -v "^$t	" "$results" || true; echo "$line"; } >"$results.new"
  mv "$results.new" "$results"
done

# The section between the markers in docs/benchmarks.md is rewritten; the rest is left alone.
# Rows come from build/fuzz/results.tsv; a target it does not hold (run in another clone, or
# before results.tsv was made) keeps its row from the table already in the docs, and the
# paragraph that says how those rows were run is kept above this run's.
this_run="Last run $(date -u +%Y-%m-%dT%H:%MZ) ($(cut -f1 "$results" | paste -sd, - | sed 's/,/, /g')):\
 \`FUZZ_RUNS=$runs bench/fuzz.sh [targets]\`, clang $(clang++-14 -dumpversion) with ASan + UBSan\
 (\`fuzz\` preset), \`nice -n ${FUZZ_NICE:-19}\`, one target at a time, on the shared 2-core machine\
 (other agents building; load average when each target ended in the last column)."
python3 - "$results" docs/benchmarks.md "$this_run" <<'PY'
import re, sys
results_path, doc_path, this_run = sys.argv[1:4]
fresh, fresh_order = {}, []
for line in open(results_path, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) < 6:
        continue
    fresh[f[0]] = "| `%s` | %d | %d | %d | %d | %s |" % (
        f[0], int(f[1]), int(f[2]), int(f[3]), int(f[4]), f[5])
    fresh_order.append(f[0])
doc = open(doc_path, encoding="utf-8").read()
pattern = re.compile(r"<!-- fuzz:begin.*?<!-- fuzz:end -->\n", re.S)
found = pattern.search(doc)
old_rows, old_head = [], ""
if found:
    section = found.group(0)
    for row in section.splitlines():
        name = re.match(r"\|\s*`([^`]+)`", row)
        if name:
            old_rows.append((name.group(1), row))
    body = section[section.index("\n") + 1:]
    old_head = body[:body.index("| target |")].strip() if "| target |" in body else ""
rows, listed = [], set()
for name, row in old_rows:  # the docs' order; a fresh figure replaces its target's row
    rows.append(fresh.get(name, row))
    listed.add(name)
rows += [fresh[name] for name in fresh_order if name not in listed]
kept = [name for name, _ in old_rows if name not in fresh]
# A paragraph this script wrote for targets that all ran again now is out of date.
paragraphs = []
for par in old_head.split("\n\n") if old_head else []:
    ran = re.match(r"Last run \S+ \(([^)]*)\)", par)
    if ran and set(ran.group(1).split(", ")) <= set(fresh):
        continue
    paragraphs.append(par)
old_head = "\n\n".join(paragraphs)
head = this_run
if kept and old_head:
    head = (old_head + "\n\n" + this_run + " The rows of " +
            ", ".join("`%s`" % k for k in kept) +
            " are not in this run's results and are kept from the runs described above.")
section = ("<!-- fuzz:begin (written by bench/fuzz.sh) -->\n" + head + "\n\n"
           "| target | executions | crashes | seconds | corpus files after | load |\n"
           "|---|---:|---:|---:|---:|---:|\n" + "".join(r + "\n" for r in rows) +
           "<!-- fuzz:end -->\n")
if found:
    doc = pattern.sub(lambda _: section, doc)
else:
    doc = doc.rstrip("\n") + "\n\n## Fuzzing (issue 18)\n\n" + section
open(doc_path, "w", encoding="utf-8").write(doc)
PY
echo "fuzz: figures written to docs/benchmarks.md"
exit "$failed"

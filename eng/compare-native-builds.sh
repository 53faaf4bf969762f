#!/usr/bin/env bash
# Compares Native AOT builds of the recoveryrules command (docs/performance.md, "The native tool"): for each NAME=EXE,
# one case in a fresh process (median of 20, two rounds in turns), then `eval --cases` of 1,000,000 retail cases and
# of 200,000 cases of the generated 200-rule policy, each once, with /usr/bin/time. Run it under /tmp/quiet.sh.
# Usage: eng/compare-native-builds.sh RETAIL_CASES LARGE_POLICY LARGE_CASES NAME=EXE...
#   e.g. eng/publish-aot.sh /tmp/aot-speed -p:OptimizationPreference=Speed; eng/publish-aot.sh /tmp/aot-icu -p:InvariantGlobalization=false
#        head -200000 /tmp/inputs/large-1m.jsonl > /tmp/large-200k.jsonl
#        /tmp/quiet.sh eng/compare-native-builds.sh /tmp/inputs/retail-1m.jsonl /tmp/inputs/large.policy.yaml /tmp/large-200k.jsonl \
#          speed=/tmp/aot-speed/RecoveryRules.Cli icu=/tmp/aot-icu/RecoveryRules.Cli
set -uo pipefail
cd "$(dirname "$0")/.."
retail=$1 large_policy=$2 large=$3
shift 3
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
one_case=(eval --policy examples/retail/retail.policy.yaml --case examples/retail/case-c-1042.json)
for round in 1 2; do
  for pair in "$@"; do
    exe=${pair#*=}
    "$exe" "${one_case[@]}" >/dev/null
    ms=$(for _ in $(seq 20); do t0=$(date +%s%N); "$exe" "${one_case[@]}" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000 )); done \
      | awk '{printf "%.1f\n", $1 / 1000}' | median)
    echo "round $round ${pair%%=*}: one case $ms ms ($(stat -c %s "$exe") bytes)"
  done
done
for pair in "$@"; do
  exe=${pair#*=}
  echo "${pair%%=*} retail: $( { /usr/bin/time -f '%e s %M KB %P' "$exe" eval --policy examples/retail/retail.policy.yaml --cases "$retail" >/dev/null; } 2>&1 )"
  echo "${pair%%=*} large: $( { /usr/bin/time -f '%e s %M KB %P' "$exe" eval --policy "$large_policy" --cases "$large" >/dev/null; } 2>&1 )"
done

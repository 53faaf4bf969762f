#!/usr/bin/env bash
# Runs published builds of the cold-start harness (benchmarks/RecoveryRules.ColdStart) in turns, N fresh processes
# each, and prints the median and minimum of "first" (Main to the first decision, ms) and the median wall time.
# Publish the builds first, e.g.
#   dotnet publish benchmarks/RecoveryRules.ColdStart -c Release -o /tmp/cs-jit
#   dotnet publish benchmarks/RecoveryRules.ColdStart -c Release -r linux-x64 -p:PublishReadyToRun=true -o /tmp/cs-r2r
# Usage: benchmarks/cold-start-harness.sh N FOLDER[:VAR=value,VAR=value]...
#   /tmp/quiet.sh benchmarks/cold-start-harness.sh 15 /tmp/cs-r2r /tmp/cs-jit /tmp/cs-r2r:DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# The numbers in docs/performance.md ("Cold start", "Results") came from it.
set -euo pipefail
cd "$(dirname "$0")/.."
n=$1; shift
policy=examples/retail/retail.policy.yaml; case=examples/retail/case-c-1042.json
out=$(mktemp)
for _ in $(seq "$n"); do
  for spec in "$@"; do
    folder=${spec%%:*}; envs=()
    [ "$spec" != "$folder" ] && IFS=',' read -r -a envs <<<"${spec#*:}"
    s=$(date +%s%N)
    line=$(env "${envs[@]}" "$folder/RecoveryRules.ColdStart" "$policy" "$case")
    e=$(date +%s%N)
    grep -q '"total":80.00' <<<"$line" || { echo "$spec decided differently: $line" >&2; exit 1; }
    echo "$spec $(sed 's/.*"first":\([0-9.]*\).*/\1/' <<<"$line") $(( (e - s) / 1000 ))" >>"$out"
  done
done
python3 - "$out" "$@" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
print("| build | first (median) | first (min) | wall (median) |")
print("|---|---:|---:|---:|")
for b in sys.argv[2:]:
    f = [float(r[1]) for r in rows if r[0] == b]; w = [int(r[2]) / 1000 for r in rows if r[0] == b]
    print(f"| {b} | {statistics.median(f):.1f} | {min(f):.1f} | {statistics.median(w):.1f} |")
PY
rm -f "$out"

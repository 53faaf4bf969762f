#!/usr/bin/env bash
# Publishes the recoveryrules command with Native AOT (linux-x64), runs it on the retail example and
# prints its size and start-to-exit time. Not part of CI (several minutes on 2 cores); the numbers it
# printed are in docs/design.md §13. Needs a C toolchain for the native link: clang (apt-get install
# clang) or, failing that, gcc.
# The tool package of a release is built the same way by eng/pack-tool.sh (docs/performance.md, "The native tool").
# Usage: eng/publish-aot.sh [output-folder [MSBuild arguments...]]   (default artifacts/aot), e.g.
#   eng/publish-aot.sh /tmp/aot-icu -p:InvariantGlobalization=false
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/aot}
[ $# -gt 0 ] && shift
linker=()
if ! command -v clang >/dev/null; then
  linker=(-p:CppCompilerAndLinker=gcc)
fi

start=$(date +%s)
dotnet publish src/RecoveryRules.Cli/RecoveryRules.Cli.csproj -c Release -r linux-x64 \
  -p:PublishAot=true "${linker[@]}" "$@" -o "$out"
echo "publish: $(( $(date +%s) - start )) s"

exe="$out/RecoveryRules.Cli"
decision=$("$exe" eval --policy examples/retail/retail.policy.yaml --case examples/retail/case-c-1042.json)
echo "$decision"
grep -q '"total":80.00' <<<"$decision" && grep -q '"to":"duty-manager"' <<<"$decision" \
  || { echo "the AOT-compiled command decided differently"; exit 1; }

echo "size: $(stat -c %s "$exe") bytes ($(du -sh "$out" | cut -f1) for the folder)"
runs=20
t0=$(date +%s%N)
for _ in $(seq $runs); do
  "$exe" eval --policy examples/retail/retail.policy.yaml --case examples/retail/case-c-1042.json >/dev/null
done
echo "start to exit, eval of one case: $(( ($(date +%s%N) - t0) / runs / 1000000 )) ms (mean of $runs runs)"

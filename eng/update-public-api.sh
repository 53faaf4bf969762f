#!/usr/bin/env bash
# Records every public symbol that the PublicApiAnalyzers report as undeclared (RS0016) into the
# project's PublicAPI.Unshipped.txt, so a public API change is a reviewed diff. Run it after a
# deliberate change of the public surface; CI fails on an unrecorded one.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/RecoveryRules src/RecoveryRules.Yaml src/RecoveryRules.Testing src/RecoveryRules.Testing.Xunit src/RecoveryRules.Testing.XunitV3 src/RecoveryRules.Testing.FluentAssertions src/RecoveryRules.Cli src/RecoveryRules.Hosting src/RecoveryRules.NRules; do
  for attempt in 1 2 3; do
    log=$(mktemp)
    dotnet build "$project" -c Debug 2>&1 > "$log" || true
    symbols=$(grep -E "error RS0016" "$log" | grep -F "[$PWD/$project/" | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
    rm -f "$log"
    [ -z "$symbols" ] && break
    file="$project/PublicAPI.Unshipped.txt"
    { cat "$file"; printf '%s\n' "$symbols"; } | grep -v '^$' | grep -v '^#nullable enable$' | sort -u > "$file.tmp"
    { echo "#nullable enable"; cat "$file.tmp"; } > "$file"
    rm -f "$file.tmp"
  done
done

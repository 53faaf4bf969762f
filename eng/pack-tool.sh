#!/usr/bin/env bash
# Packs the recoveryrules tool for a release (docs/design.md §13, "The native tool"):
#   RecoveryRules.Cli.V.nupkg        the pointer: `dotnet tool install RecoveryRules.Cli` reads its list of
#                                    runtime identifiers and installs the best match, `any` where none matches;
#   RecoveryRules.Cli.any.V.nupkg    framework-dependent (IL only): every platform with the .NET 10 runtime;
#   RecoveryRules.Cli.<rid>.V.nupkg  a Native AOT executable, one per runtime identifier the pointer lists
#                                    (RecoveryRulesNativeToolRuntimeIdentifiers in src/RecoveryRules.Cli/RecoveryRules.Cli.csproj).
# Native AOT compiles only for the platform it runs on, and links with the platform's C toolchain (clang, or gcc:
# -p:CppCompilerAndLinker=gcc is passed when there is no clang; MSVC on Windows, Xcode on macOS). So one machine
# packs the pointer, `any` and its own runtime identifier; every other runtime identifier is packed on its own
# platform by `eng/pack-tool.sh --rid <rid>` (a release job per platform; the commit and a full clone give every
# job the same version from git tags, MinVer), and the packages are pushed together, the pointer last.
# Usage: eng/pack-tool.sh [-o FOLDER] [--version V] [--rid RID | --no-native]
#   (no option)   the pointer, `any` and the native package of this machine's runtime identifier, into FOLDER
#                 (default artifacts/tool);
#   --rid RID     only RecoveryRules.Cli.RID (run on that platform);
#   --no-native   the pointer and `any` only;
#   --version V   packs version V (MinVerVersionOverride) instead of the commit's version: for tests only.
# Time: the pointer and `any` a minute or two each on the busy machine (each builds the command); the Native AOT
# compile 34 s on an idle 2-core machine and
# up to half an hour on a busy one (docs/performance.md, "The native tool").
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/tool
mode=all
rid=""
props=()
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    --rid) mode=rid; rid=$2; shift 2 ;;
    --no-native) mode=portable; shift ;;
    --version) props+=("-p:MinVerVersionOverride=$2"); shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
project=src/RecoveryRules.Cli/RecoveryRules.Cli.csproj
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The runtime identifier of this machine, as the SDK names it (linux-x64, osx-arm64, win-x64, ...).
host_rid() { dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}' | tr -d '[:space:]'; }
declared=$(dotnet msbuild "$project" -getProperty:RecoveryRulesNativeToolRuntimeIdentifiers)

step() {  # name, command...
  local name=$1 start log
  shift
  start=$(date +%s)
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    tail -30 "$log"; rm -f "$log"
    echo "pack-tool: $name failed" >&2
    exit 1
  fi
  rm -f "$log"
  echo "pack-tool: $name in $(( $(date +%s) - start )) s" >&2
}

pack_native() {  # rid
  case ";$declared;" in
    *";$1;"*) ;;
    *) echo "pack-tool: $1 is not one of the runtime identifiers the pointer lists ($declared)" >&2; exit 2 ;;
  esac
  local linker=()
  if [ "${1%%-*}" = linux ] && ! command -v clang >/dev/null; then linker=(-p:CppCompilerAndLinker=gcc); fi
  step "RecoveryRules.Cli.$1 (Native AOT)" \
    dotnet pack "$project" -c Release -r "$1" -p:RecoveryRulesNativeTool=true "${linker[@]}" "${props[@]}" -o "$out"
}

case "$mode" in
  rid) pack_native "$rid" ;;
  all|portable)
    # The pointer, with the native list (PublishAot: the SDK packs no RID package itself), then the fallback.
    step "RecoveryRules.Cli (pointer)" dotnet pack "$project" -c Release -p:RecoveryRulesNativeTool=true "${props[@]}" -o "$out"
    step "RecoveryRules.Cli.any (framework-dependent)" dotnet pack "$project" -c Release -r any "${props[@]}" -o "$out"
    [ "$mode" = all ] && pack_native "$(host_rid)"
    ;;
esac

# Every package of the tool carries the version of this commit (MinVer); a mix would not install.
versions=$(cd "$out" && ls RecoveryRules.Cli.*.nupkg | sed -E 's/^RecoveryRules\.Cli\.((any|[a-z]+-[a-z0-9]+)\.)?//; s/\.nupkg$//' | sort -u)
echo "packed into $out (version $(echo $versions)):"
(cd "$out" && ls -l RecoveryRules.Cli.*nupkg | awk '{printf "  %-50s %8.1f MB\n", $9, $5 / 1048576}')
if [ "$mode" != rid ]; then
  missing=""
  for r in ${declared//;/ }; do
    ls "$out"/RecoveryRules.Cli."$r".*.nupkg >/dev/null 2>&1 || missing="$missing $r"
  done
  [ -z "$missing" ] || echo "still to pack on their own platforms (eng/pack-tool.sh --rid RID) before the pointer is pushed:$missing"
fi

#!/usr/bin/env bash
# Cold start, measured (docs/performance.md, "Cold start"): publishes the cold-start harness
# (benchmarks/RecoveryRules.ColdStart) and the recoveryrules command (src/RecoveryRules.Cli) in each configuration,
# runs each N times in fresh processes on the retail example (one case), and prints medians:
#   - first: Main to the first decision, measured inside the harness (Stopwatch);
#   - wall:  the whole process, start to exit, measured here (harness and CLI).
# Configurations (linux-x64):
#   jit            framework-dependent, IL only (what `dotnet build` gives; tiered compilation on)
#   r2r            framework-dependent, PublishReadyToRun (the app's and the engine's assemblies precompiled)
#   r2r-composite  self-contained, PublishReadyToRun + PublishReadyToRunComposite (framework included, one image)
#   aot            Native AOT (needs a C toolchain: clang, or gcc); the rules run interpreted there
# and run-time variants of r2r through environment variables (no republish):
#   r2r+TC=0       DOTNET_TieredCompilation=0 (everything not precompiled is fully optimised at once)
#   r2r+PGO=0      DOTNET_TieredPGO=0 (no instrumented tier)
#   r2r+QJFL=0     DOTNET_TC_QuickJitForLoops=0 (methods with loops skip tier 0)
#   r2r+R2R=0      DOTNET_ReadyToRun=0 (ignore precompiled code: the framework's too)
#   jit+TC=0       DOTNET_TieredCompilation=0 on the IL-only build
# and the tool packages as users install them (`dotnet tool install`; CLI only, no harness), run through the
# `recoveryrules` command the install puts on the tool path:
#   tool-native    the release's packages (eng/pack-tool.sh): on linux-x64 RecoveryRules.Cli.linux-x64, Native AOT
#   tool-any       the packages of a plain `dotnet pack`: RecoveryRules.Cli.any, framework-dependent (the fallback)
#   tool-any+TC=0, tool-any+QJFL=0, tool-any+TC_OSR=0 ...  as above, on the installed fallback
#   tool-any+exec  the installed fallback's dll through `dotnet exec --runtimeconfig` (its own runtimeconfig.json)
#   tool-any+ICU   the same with System.Globalization.Invariant false: what InvariantGlobalization=true saves
#   --native-feed FOLDER takes the release's packages from FOLDER (eng/pack-tool.sh -o FOLDER) instead of packing them.
# Usage: benchmarks/cold-start.sh [-n RUNS] [-o FOLDER] [--no-publish] [--no-aot] [CONFIG...]
#   RUNS defaults to 20; FOLDER to artifacts/cold-start; CONFIGs default to all of the above but the tool-* ones.
# Publishing everything takes a few minutes on 2 cores (Native AOT the most); --no-publish reuses FOLDER.
# Uses hyperfine for the wall time where it is installed; otherwise a loop timed with date +%s%N.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20
out=artifacts/cold-start
publish=1
aot=1
native_feed=""
configs=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --no-publish) publish=0; shift ;;
    --no-aot) aot=0; shift ;;
    --native-feed) native_feed=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) configs+=("$1"); shift ;;
  esac
done
if [ ${#configs[@]} -eq 0 ]; then
  configs=(jit jit+TC=0 r2r r2r+TC=0 r2r+PGO=0 r2r+QJFL=0 r2r+R2R=0 r2r-composite)
  [ "$aot" -eq 1 ] && configs+=(aot)
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
policy=examples/retail/retail.policy.yaml
case_file=examples/retail/case-c-1042.json
rid=linux-x64

# install_tool BUILD: packs the tool (tool-native: eng/pack-tool.sh; tool-any: dotnet pack) into $out/BUILD/feed and
# installs it from there into $out/BUILD/cli, as `dotnet tool install` does for users.
install_tool() {
  local build=$1 feed="$out/$1/feed" start pointer version
  rm -rf "$out/$build"
  mkdir -p "$feed"
  start=$(date +%s)
  case "$build" in
    tool-native)
      if [ -n "$native_feed" ]; then cp "$native_feed"/RecoveryRules.Cli.*nupkg "$feed/"
      else bash eng/pack-tool.sh -o "$feed" >"$out/$build.pack.log" 2>&1; fi ;;
    tool-any) dotnet pack src/RecoveryRules.Cli/RecoveryRules.Cli.csproj -c Release -o "$feed" >"$out/$build.pack.log" 2>&1 ;;
  esac || { tail -20 "$out/$build.pack.log"; echo "pack of $build failed" >&2; exit 1; }
  pointer=$(cd "$feed" && ls RecoveryRules.Cli.[0-9]*.nupkg)
  version=${pointer#RecoveryRules.Cli.}; version=${version%.nupkg}
  NUGET_PACKAGES="$out/$build/nuget-packages" dotnet tool install RecoveryRules.Cli --version "$version" \
    --tool-path "$out/$build/cli" --add-source "$feed" >"$out/$build.install.log" 2>&1 \
    || { tail -20 "$out/$build.install.log"; echo "install of $build failed" >&2; exit 1; }
  rm -rf "$out/$build/nuget-packages"
  echo "packed and installed $build ($version) in $(( $(date +%s) - start )) s: $(du -sh "$out/$build/cli" | cut -f1)" >&2
}

# publish BUILD: the harness and the CLI, each into $out/BUILD/{harness,cli}.
publish_build() {
  local build=$1 props=()
  case "$build" in
    tool-*) install_tool "$build"; return ;;
    jit) props=(--self-contained false) ;;
    r2r) props=(--self-contained false -p:PublishReadyToRun=true) ;;
    r2r-composite) props=(--self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true) ;;
    aot)
      props=(-p:PublishAot=true)
      command -v clang >/dev/null || props+=(-p:CppCompilerAndLinker=gcc) ;;
    *) echo "unknown build $build" >&2; exit 2 ;;
  esac
  local project name start
  for project in benchmarks/RecoveryRules.ColdStart/RecoveryRules.ColdStart.csproj src/RecoveryRules.Cli/RecoveryRules.Cli.csproj; do
    case "$project" in *ColdStart*) name=harness ;; *) name=cli ;; esac
    start=$(date +%s)
    dotnet publish "$project" -c Release -r "$rid" "${props[@]}" -o "$out/$build/$name" >"$out/$build.$name.log" 2>&1 \
      || { tail -20 "$out/$build.$name.log"; echo "publish of $name ($build) failed" >&2; exit 1; }
    echo "published $name ($build) in $(( $(date +%s) - start )) s: $(du -sh "$out/$build/$name" | cut -f1)" >&2
  done
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# wall CMD...: prints the median wall time of $runs runs in ms.
wall() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 2 -r "$runs" --export-json "$out/hyperfine.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$out/hyperfine.json"
  else
    local t0 i
    "$@" >/dev/null; "$@" >/dev/null   # warm the file cache
    for i in $(seq "$runs"); do
      t0=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000 ))
    done | awk '{printf "%.1f\n", $1 / 1000}' | median
  fi
}

mkdir -p "$out"; out=$(cd "$out" && pwd)
if [ "$publish" -eq 1 ]; then
  builds=$(printf '%s\n' "${configs[@]}" | sed 's/+.*//' | sort -u)
  for build in $builds; do publish_build "$build"; done
fi

printf '%-14s %10s %10s %10s %10s %10s  %s\n' config load_ms first_ms wall_ms cli_wall_ms cli_size harness
for config in "${configs[@]}"; do
  build=${config%%+*}
  envs=()
  case "$config" in
    *+TC=0) envs=(DOTNET_TieredCompilation=0) ;;
    *+PGO=0) envs=(DOTNET_TieredPGO=0) ;;
    *+QJFL=0) envs=(DOTNET_TC_QuickJitForLoops=0) ;;
    *+R2R=0) envs=(DOTNET_ReadyToRun=0) ;;
    *+TC_OSR=0) envs=(DOTNET_TC_OnStackReplacement=0) ;;
    tool-any+exec|tool-any+ICU) ;;
    *+*) echo "unknown variant $config" >&2; exit 2 ;;
  esac
  harness=(env "${envs[@]}" "$out/$build/harness/RecoveryRules.ColdStart" "$policy" "$case_file")
  cli=(env "${envs[@]}" "$out/$build/cli/RecoveryRules.Cli" eval --policy "$policy" --case "$case_file")
  if [[ "$build" == tool-* ]]; then
    # An installed tool: the command on the tool path (a native executable, or the apphost that starts the dll).
    cli=(env "${envs[@]}" "$out/$build/cli/recoveryrules" eval --policy "$policy" --case "$case_file")
    case "$config" in
      tool-any+exec|tool-any+ICU)
        dll=$(find "$out/$build/cli/.store" -name RecoveryRules.Cli.dll | head -1)
        runtimeconfig="$out/$build/${config#*+}.runtimeconfig.json"
        sed 's/"System.Globalization.Invariant": true/"System.Globalization.Invariant": '"$([ "$config" = tool-any+ICU ] && echo false || echo true)"'/' \
          "${dll%.dll}.runtimeconfig.json" >"$runtimeconfig"
        cli=(dotnet exec --runtimeconfig "$runtimeconfig" "$dll" eval --policy "$policy" --case "$case_file") ;;
    esac
    decision=$("${cli[@]}")
    grep -q '"total":80.00' <<<"$decision" && grep -q '"to":"duty-manager"' <<<"$decision" \
      || { echo "$config: the installed tool decided differently: $decision" >&2; exit 1; }
    cli_wall=$(wall "${cli[@]}")
    size=$(du -sh --exclude='*.dbg' --exclude='*.pdb' --exclude='*.xml' --exclude='*.nupkg' "$out/$build/cli/.store" | cut -f1)
    printf '%-14s %10s %10s %10s %10s %10s  %s\n' "$config" - - - "$cli_wall" "$size" \
      "installed $(find "$out/$build/cli/.store" -mindepth 3 -maxdepth 3 -type d -name 'recoveryrules.cli.*' -printf '%f ' | sed 's/ $//')"
    continue
  fi
  # The decision must be the JIT build's: 80.00 to the duty manager for c-1042.
  line=$("${harness[@]}")
  decision=$("${cli[@]}")
  grep -q '"total":80.00' <<<"$line" || { echo "$config: the harness decided differently: $line" >&2; exit 1; }
  grep -q '"total":80.00' <<<"$decision" && grep -q '"to":"duty-manager"' <<<"$decision" \
    || { echo "$config: the CLI decided differently: $decision" >&2; exit 1; }
  if [ "$build" = aot ]; then
    grep -q '"dynamicCode":false' <<<"$line" || { echo "aot: dynamic code should be unsupported (interpreted rules)" >&2; exit 1; }
  fi
  loads=() firsts=()
  for _ in $(seq "$runs"); do
    line=$("${harness[@]}")
    loads+=("$(sed -E 's/.*"load":([0-9.]+).*/\1/' <<<"$line")")
    firsts+=("$(sed -E 's/.*"first":([0-9.]+).*/\1/' <<<"$line")")
  done
  load=$(printf '%s\n' "${loads[@]}" | median)
  first=$(printf '%s\n' "${firsts[@]}" | median)
  harness_wall=$(wall "${harness[@]}")
  cli_wall=$(wall "${cli[@]}")
  size=$(du -sh --exclude='*.dbg' --exclude='*.pdb' --exclude='*.xml' "$out/$build/cli" | cut -f1)   # what runs, without symbols and docs
  printf '%-14s %10s %10s %10s %10s %10s  %s\n' "$config" "$load" "$first" "$harness_wall" "$cli_wall" "$size" \
    "$(grep -o '"dynamicCode":[a-z]*' <<<"$line")"
done
echo "medians of $runs fresh processes each; commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (modified)')"

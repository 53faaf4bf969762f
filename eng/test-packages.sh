#!/usr/bin/env bash
# The install path, tested: packs every package (from the Release build already made), then checks
#   1. the README's embedding sample, verbatim, builds and runs in a new console app that references
#      RecoveryRules.Yaml as a PACKAGE from the packed folder (isolated packages folder: nothing stale);
#   2. the packed RecoveryRules.Yaml depends on exactly [V] of RecoveryRules, V its own version;
#   3. the tool package installs as the `recoveryrules` command, English only, and checks a policy;
#   4. an engine of another version than RecoveryRules.Yaml fails the consumer's build (RECOVERYRULES001),
#      where NuGet alone would only warn (NU1608) and the program would fail at run time;
#   5. versions come from git tags: in a temporary clone, tag v0.3.0 packs RecoveryRules.0.3.0.nupkg,
#      a commit after it is 0.3.1-alpha.0.1, a detached HEAD at the tag is 0.3.0, and a tree outside
#      git (a source tarball) still builds its version (0.0.0-alpha.0).
#   6. the test kit in users' test projects: eng/samples/xunit2 (xUnit v2, FluentAssertions 6.12) and
#      eng/samples/xunit3 (xunit.v3, FluentAssertions 7.2.2) reference RecoveryRules.Testing.Xunit / .XunitV3
#      and .FluentAssertions as packages; `dotnet test` fails for their deliberate failures, and its TRX
#      shows each scenario as its own test named by it, each failure with the field and why; the code of
#      docs/auditing.md is theirs. Both checked by eng/samples/check-samples.cs (a file-based C# program:
#      the machine needs only the .NET SDK).
#   8. the hosting package: a console app references RecoveryRules.Hosting as a package, registers the retail
#      example with AddRecoveryRules and evaluates a case through IRecoveryEngine.
#   9. the build-time package: a project that references RecoveryRules.Build from the packed folder fails its build
#      with the policy's error at its line and column; its nuspec is a development dependency without dependencies.
#  10. the NRules package: a console app references RecoveryRules.NRules and RecoveryRules.Yaml as packages (no
#      NRules.Fluent), puts the retail example into an NRules session as one rule and queries the outcome; the
#      packed RecoveryRules.NRules depends on RecoveryRules >= its version (public API only, not pinned) and NRules.Runtime.
# Prints "PASS name" or "FAIL name" per check and exits non-zero on any failure (.ci/run counts them).
# Usage: eng/test-packages.sh   (after: dotnet build RecoveryRules.sln -c Release); KEEP_WORK=1 keeps its temporary folder.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/recoveryrules-packages.XXXXXX")
checker_build=""
trap '[ -z "$checker_build" ] || { kill "$checker_build"; wait "$checker_build"; } 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES="$work/nuget-packages"   # isolated: restores cannot pick a stale package of the same version
failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; failures=$((failures + 1)); }
quiet() { local log="$work/last.log"; "$@" >"$log" 2>&1 || { tail -30 "$log"; return 1; }; }

# The checks of section 6 are one file-based C# program (eng/samples/check-samples.cs); its compile (about 5 s, the
# cost of a first `dotnet run` of it) needs nothing of the packages, so it runs now, beside them.
checker="$work/check-samples/check-samples.dll"
dotnet build eng/samples/check-samples.cs -o "$work/check-samples" >"$work/check-samples.log" 2>&1 &
checker_build=$!

# --- pack --------------------------------------------------------------------------------------
feed="$work/feed"
if ! quiet dotnet pack RecoveryRules.sln -c Release --no-build -o "$feed"; then
  fail "pack every package" "dotnet pack failed"
  exit 1
fi
core=$(cd "$feed" && ls RecoveryRules.[0-9]*.nupkg)
version=${core#RecoveryRules.}; version=${version%.nupkg}
echo "packed version $version: $(cd "$feed" && ls | tr '\n' ' ')"

# The JSON Schema of the policy format ships in the YAML package and the tool (docs/policy-language.md §13).
for package in RecoveryRules.Yaml RecoveryRules.Cli; do
  # grep reads the whole listing (not -q): under pipefail an early exit would fail unzip with SIGPIPE.
  if unzip -l "$feed/$package.$version.nupkg" | grep ' schema/recoveryrules.policy.schema.json$' >/dev/null; then
    pass "$package packs schema/recoveryrules.policy.schema.json"
  else
    fail "$package packs schema/recoveryrules.policy.schema.json" "not in $package.$version.nupkg"
  fi
done

# --- 1. the README sample, as a package consumer ------------------------------------------------
app="$work/consumer"
mkdir -p "$app"
awk '/^## Embedding/ {section = 1} section && /^```csharp/ {code = 1; next} code && /^```/ {exit} code {print}' README.md > "$app/Program.cs"
sources=$(dotnet nuget list source --format Short | awk '$1 == "E" {print $2}')
# nuget.config: RecoveryRules* only from the given local folders, everything else from the machine's sources.
write_nuget_config() {
  local target=$1; shift
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo '  <packageSources>'
    echo '    <clear />'
    local n=0 folder s
    for folder in "$@"; do n=$((n + 1)); echo "    <add key=\"packed$n\" value=\"$folder\" />"; done
    n=0; for s in $sources; do n=$((n + 1)); echo "    <add key=\"source$n\" value=\"$s\" />"; done
    echo '  </packageSources>'
    echo '  <packageSourceMapping>'
    n=0; for folder in "$@"; do n=$((n + 1)); echo "    <packageSource key=\"packed$n\"><package pattern=\"RecoveryRules*\" /></packageSource>"; done
    n=0; for s in $sources; do n=$((n + 1)); echo "    <packageSource key=\"source$n\"><package pattern=\"*\" /></packageSource>"; done
    echo '  </packageSourceMapping>'
    echo '</configuration>'
  } > "$target"
}
write_nuget_config "$app/nuget.config" "$feed"
# A console app: write_console_project FILE WARNINGS_AS_ERRORS PACKAGE=VERSION...
write_console_project() {
  local target=$1 warnings=$2; shift 2
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup>'
    echo '    <OutputType>Exe</OutputType>'
    echo '    <TargetFramework>net10.0</TargetFramework>'
    echo '    <ImplicitUsings>enable</ImplicitUsings>'
    echo '    <Nullable>enable</Nullable>'
    echo "    <TreatWarningsAsErrors>$warnings</TreatWarningsAsErrors>"
    echo '  </PropertyGroup>'
    echo '  <ItemGroup>'
    local reference
    for reference in "$@"; do echo "    <PackageReference Include=\"${reference%%=*}\" Version=\"${reference#*=}\" />"; done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$target"
}
write_console_project "$app/Consumer.csproj" true "RecoveryRules.Yaml=$version"
if [ ! -s "$app/Program.cs" ]; then
  fail "README sample runs from packages" "no csharp block under '## Embedding' in README.md"
elif ! quiet dotnet build "$app/Consumer.csproj" -c Release; then
  fail "README sample runs from packages" "the sample does not build against the packages"
elif ! output=$(cd "$work" && dotnet "$app/bin/Release/net10.0/Consumer.dll" 2>&1); then
  echo "$output"; fail "README sample runs from packages" "the sample exited non-zero"
elif ! grep -qx '80.00' <<<"$output" || ! grep -qx 'duty-manager' <<<"$output" || ! grep -q '"policy":{"id":"retail-recovery"' <<<"$output"; then
  echo "$output"; fail "README sample runs from packages" "unexpected output"
elif [ ! -d "$NUGET_PACKAGES/recoveryrules/$version" ] || [ ! -d "$NUGET_PACKAGES/recoveryrules.yaml/$version" ]; then
  fail "README sample runs from packages" "the packages were not restored from the packed folder"
else
  pass "README sample runs from packages ($version)"
fi

# --- 2. the exact pin, read from the nuspec NuGet extracted out of the packed RecoveryRules.Yaml --
nuspec="$NUGET_PACKAGES/recoveryrules.yaml/$version/recoveryrules.yaml.nuspec"
if [ ! -f "$nuspec" ]; then
  fail "RecoveryRules.Yaml depends on exactly [$version] of RecoveryRules" "no $nuspec"
elif own=$(grep -o '<version>[^<]*</version>' "$nuspec" | head -1 | sed 's/<[^>]*>//g') && [ "$own" != "$version" ]; then
  fail "RecoveryRules.Yaml depends on exactly [$version] of RecoveryRules" "its own version is $own"
elif ! grep -q "<dependency id=\"RecoveryRules\" version=\"\[$version\]\"" "$nuspec"; then
  grep '<dependency' "$nuspec"; fail "RecoveryRules.Yaml depends on exactly [$version] of RecoveryRules"
else
  pass "RecoveryRules.Yaml depends on exactly [$version] of RecoveryRules"
fi

# --- 4. upgrading the engine alone fails the build, not the run ----------------------------------
upgrade="$work/upgrade"
mixed="$work/mixed"
mkdir -p "$mixed"
cp "$app/Program.cs" "$mixed/Program.cs"
write_nuget_config "$mixed/nuget.config" "$feed" "$upgrade"
# Warnings are not errors here: NU1608 alone must not be what fails the build.
write_console_project "$mixed/Mixed.csproj" false "RecoveryRules.Yaml=$version" "RecoveryRules=99.0.0"
name="upgrading RecoveryRules alone fails the build with RECOVERYRULES001 (not MissingMethodException at run time)"
if ! quiet dotnet pack src/RecoveryRules/RecoveryRules.csproj -c Release --no-build -o "$upgrade" -p:MinVerVersionOverride=99.0.0; then
  fail "$name" "could not pack RecoveryRules 99.0.0"
elif dotnet build "$mixed/Mixed.csproj" -c Release >"$work/mixed.log" 2>&1; then
  tail -20 "$work/mixed.log"; fail "$name" "the mixed versions built"
elif ! grep -q "error RECOVERYRULES001: RecoveryRules.Yaml $version works only with RecoveryRules $version" "$work/mixed.log"; then
  tail -20 "$work/mixed.log"; fail "$name" "the build failed for another reason"
else
  pass "$name"
fi

# --- 3. the tool package --------------------------------------------------------------------------
# `dotnet pack` packs the tool as a pointer, RecoveryRules.Cli, whose DotnetToolSettings.xml lists the packages
# per runtime identifier (here only `any`), and RecoveryRules.Cli.any, framework-dependent; `dotnet tool install`
# reads the pointer and installs the best match for the machine (docs/design.md §13, "The native tool").
# tool_settings PACKAGE: the DotnetToolSettings.xml of a packed tool package.
tool_settings() { unzip -p "$1" 'tools/*DotnetToolSettings.xml' 2>/dev/null; }
# tool_rids PACKAGE: the runtime identifiers a pointer package lists, sorted, on one line.
tool_rids() { tool_settings "$1" | grep -o '<RuntimeIdentifierPackage [^>]*RuntimeIdentifier="[^"]*"' | sed -E 's/.*RuntimeIdentifier="([^"]*)"/\1/' | sort | tr '\n' ' ' | sed 's/ $//'; }
name="the tool packs as a pointer listing 'any' and a framework-dependent RecoveryRules.Cli.any"
pointer_rids=$(tool_rids "$feed/RecoveryRules.Cli.$version.nupkg")
if [ "$pointer_rids" != any ]; then
  tool_settings "$feed/RecoveryRules.Cli.$version.nupkg"; fail "$name" "the pointer lists '$pointer_rids'"
elif [ ! -f "$feed/RecoveryRules.Cli.any.$version.nupkg" ]; then
  fail "$name" "no RecoveryRules.Cli.any.$version.nupkg"
elif ! tool_settings "$feed/RecoveryRules.Cli.any.$version.nupkg" | grep -q '<Command Name="recoveryrules" EntryPoint="RecoveryRules.Cli.dll" Runner="dotnet"'; then
  tool_settings "$feed/RecoveryRules.Cli.any.$version.nupkg"; fail "$name" "RecoveryRules.Cli.any does not run RecoveryRules.Cli.dll with dotnet"
else
  pass "$name"
fi

tools="$work/tools"
if ! quiet dotnet tool install RecoveryRules.Cli --version "$version" --tool-path "$tools" --add-source "$feed"; then
  fail "the tool package installs and runs" "dotnet tool install failed"
elif ! "$tools/recoveryrules" check examples/retail/retail.policy.yaml >"$work/check.log" 2>&1; then
  cat "$work/check.log"; fail "the tool package installs and runs" "recoveryrules check failed"
elif satellites=$(find "$tools/.store" -name '*.resources.dll' | head -3) && [ -n "$satellites" ]; then
  fail "the tool package installs and runs" "satellite assemblies shipped: $satellites"
elif [ -z "$(find "$tools/.store" -path '*/recoveryrules.cli.any/*' -name RecoveryRules.Cli.dll | head -1)" ]; then
  fail "the tool package installs and runs" "RecoveryRules.Cli.any was not what got installed: $(ls "$tools/.store")"
else
  pass "the tool package installs RecoveryRules.Cli.any and runs (recoveryrules check, no satellite languages)"
fi

# The native tool (eng/pack-tool.sh: Native AOT, minutes of compile and a C toolchain): only when asked.
# RECOVERYRULES_NATIVE_TOOL=1 packs the release's pointer (every runtime identifier the release builds, and `any`),
# RecoveryRules.Cli.any and the native package of this machine, installs them from that folder and compares the
# native command's decisions with the framework-dependent one's.
if [ "${RECOVERYRULES_NATIVE_TOOL:-}" = 1 ]; then
  native_feed="$work/native-feed"
  native_tools="$work/native-tools"
  host_rid=$(dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}' | tr -d '[:space:]')
  declared=$(dotnet msbuild src/RecoveryRules.Cli/RecoveryRules.Cli.csproj -getProperty:RecoveryRulesNativeToolRuntimeIdentifiers)
  expected_rids=$(printf '%s\n' ${declared//;/ } any | sort | tr '\n' ' ' | sed 's/ $//')
  name="eng/pack-tool.sh packs the pointer listing $expected_rids, RecoveryRules.Cli.any and RecoveryRules.Cli.$host_rid"
  # At the version packed above (a commit made while this runs would give the packs another one).
  if ! quiet bash eng/pack-tool.sh -o "$native_feed" --version "$version"; then
    fail "$name" "eng/pack-tool.sh failed"
  elif [ "$(tool_rids "$native_feed/RecoveryRules.Cli.$version.nupkg")" != "$expected_rids" ]; then
    tool_settings "$native_feed/RecoveryRules.Cli.$version.nupkg"; fail "$name" "the pointer lists '$(tool_rids "$native_feed/RecoveryRules.Cli.$version.nupkg")'"
  elif [ ! -f "$native_feed/RecoveryRules.Cli.any.$version.nupkg" ] || [ ! -f "$native_feed/RecoveryRules.Cli.$host_rid.$version.nupkg" ]; then
    fail "$name" "packed: $(ls "$native_feed" | tr '\n' ' ')"
  else
    pass "$name ($(du -k "$native_feed/RecoveryRules.Cli.$host_rid.$version.nupkg" | cut -f1) KB)"
  fi

  # Installed from the release's packages, on this machine the native package is chosen: an executable, no dll.
  name="the release's tool installs RecoveryRules.Cli.$host_rid here: a native executable"
  native_exe=""
  if ! NUGET_PACKAGES="$work/nuget-native" quiet dotnet tool install RecoveryRules.Cli --version "$version" --tool-path "$native_tools" --add-source "$native_feed"; then
    fail "$name" "dotnet tool install failed"
  elif native_exe=$(find "$native_tools/.store" -path "*/recoveryrules.cli.$host_rid/*" -name 'RecoveryRules.Cli' -type f | head -1) && [ -z "$native_exe" ]; then
    fail "$name" "no RecoveryRules.Cli executable of recoveryrules.cli.$host_rid under $native_tools/.store"
  elif [ -n "$(find "$native_tools/.store" -name '*.dll' | head -1)" ]; then
    fail "$name" "assemblies installed: $(find "$native_tools/.store" -name '*.dll' | head -3 | tr '\n' ' ')"
  elif [ "$(head -c 4 "$native_exe" | od -An -c | tr -d ' ')" != '177ELF' ]; then
    fail "$name" "$native_exe is not an ELF executable"
  else
    pass "$name ($(stat -c %s "$native_exe") bytes)"
  fi

  # The native command decides as the framework-dependent one does: eval (one case, a batch, records), check, replay.
  name="the native tool evaluates, checks and replays as the framework-dependent tool does"
  now=2026-12-01T09:00:00+00:00
  native="$native_tools/recoveryrules"
  fallback="$tools/recoveryrules"
  # same_as_fallback ARGS...: both commands print the same and exit alike.
  same_as_fallback() {
    local a b
    "$native" "$@" >"$work/native.out" 2>&1; a=$?
    "$fallback" "$@" >"$work/fallback.out" 2>&1; b=$?
    [ "$a" -eq "$b" ] && cmp -s "$work/native.out" "$work/fallback.out"
  }
  if ! one=$("$native" eval --policy examples/retail/retail.policy.yaml --case examples/retail/case-c-1042.json 2>&1) \
      || ! grep -q '"total":80.00' <<<"$one" || ! grep -q '"to":"duty-manager"' <<<"$one"; then
    echo "$one"; fail "$name" "eval of case-c-1042 (80.00 to the duty manager)"
  elif ! "$native" eval --policy examples/retail/retail.policy.yaml --cases examples/retail/cases.jsonl --now "$now" --record "$work/native-records.jsonl" >"$work/native-decisions.jsonl" 2>"$work/native-eval.log" \
      || ! "$fallback" eval --policy examples/retail/retail.policy.yaml --cases examples/retail/cases.jsonl --now "$now" --record "$work/fallback-records.jsonl" >"$work/fallback-decisions.jsonl" 2>&1; then
    cat "$work/native-eval.log"; fail "$name" "eval --cases with --record exited non-zero"
  elif ! cmp -s "$work/native-decisions.jsonl" "$work/fallback-decisions.jsonl" || ! cmp -s "$work/native-records.jsonl" "$work/fallback-records.jsonl"; then
    diff "$work/native-decisions.jsonl" "$work/fallback-decisions.jsonl" | head -5; fail "$name" "the decisions or records differ"
  elif ! "$native" check examples/retail/retail.policy.yaml >"$work/native-check.log" 2>&1; then
    cat "$work/native-check.log"; fail "$name" "check failed"
  elif ! "$native" replay --policy examples/retail/retail.policy.yaml "$work/native-records.jsonl" >"$work/native-replay.log" 2>&1; then
    tail -5 "$work/native-replay.log"; fail "$name" "replay of its own records failed"
  elif ! same_as_fallback replay --summary --policy examples/retail/retail-2027.policy.yaml examples/retail/records.jsonl; then
    diff "$work/fallback.out" "$work/native.out" | head -5; fail "$name" "replay --summary against the next version differs"
  else
    pass "$name ($(wc -l <"$work/native-decisions.jsonl") decisions, byte for byte)"
  fi

  # A platform without a native package gets the framework-dependent one: the same release pointer, but listing a
  # runtime identifier other than this machine's, and `any`.
  name="on a platform the release has no native package for, the tool installs RecoveryRules.Cli.any and runs"
  other=osx-arm64; [ "$host_rid" = osx-arm64 ] && other=linux-x64
  if ! quiet dotnet pack src/RecoveryRules.Cli/RecoveryRules.Cli.csproj -c Release --no-build -p:RecoveryRulesNativeTool=true \
      -p:RecoveryRulesNativeToolRuntimeIdentifiers="$other" -p:MinVerVersionOverride="$version" -o "$work/elsewhere-feed"; then
    fail "$name" "could not pack a pointer listing $other and any"
  elif ! cp "$native_feed/RecoveryRules.Cli.any.$version.nupkg" "$work/elsewhere-feed/" \
      || ! NUGET_PACKAGES="$work/nuget-elsewhere" quiet dotnet tool install RecoveryRules.Cli --version "$version" --tool-path "$work/elsewhere-tools" --add-source "$work/elsewhere-feed"; then
    fail "$name" "dotnet tool install failed"
  elif [ -z "$(find "$work/elsewhere-tools/.store" -path '*/recoveryrules.cli.any/*' -name RecoveryRules.Cli.dll | head -1)" ]; then
    fail "$name" "installed: $(ls "$work/elsewhere-tools/.store" | tr '\n' ' ')"
  elif ! "$work/elsewhere-tools/recoveryrules" eval --policy examples/retail/retail.policy.yaml --cases examples/retail/cases.jsonl --now "$now" 2>&1 | cmp -s - "$work/native-decisions.jsonl"; then
    fail "$name" "its decisions differ from the native tool's"
  else
    pass "$name"
  fi
fi

# --- 5. versions from git tags --------------------------------------------------------------------
clone="$work/clone"
version_of() { (cd "$1" && dotnet msbuild src/RecoveryRules/RecoveryRules.csproj -restore -nodeReuse:false -t:MinVer -getProperty:PackageVersion 2>&1 | tail -1); }
git="git -C $clone -c user.name=ci -c user.email=ci@localhost -c advice.detachedHead=false"
if ! quiet git clone -q "$root" "$clone" || ! $git tag v0.3.0; then
  fail "tag v0.3.0 packs 0.3.0" "could not clone and tag"
elif ! quiet dotnet pack "$clone/src/RecoveryRules/RecoveryRules.csproj" -c Release -o "$work/tagged"; then
  fail "tag v0.3.0 packs 0.3.0" "dotnet pack failed"
elif [ ! -f "$work/tagged/RecoveryRules.0.3.0.nupkg" ] || [ ! -f "$work/tagged/RecoveryRules.0.3.0.snupkg" ]; then
  fail "tag v0.3.0 packs 0.3.0" "packed: $(ls "$work/tagged" | tr '\n' ' ')"
else
  pass "tag v0.3.0 packs RecoveryRules.0.3.0.nupkg (and .snupkg)"
fi
$git commit -q --allow-empty -m "after the tag"
next=$(version_of "$clone")
[ "$next" = "0.3.1-alpha.0.1" ] && pass "a commit after v0.3.0 is the pre-release 0.3.1-alpha.0.1" \
  || fail "a commit after v0.3.0 is the pre-release 0.3.1-alpha.0.1" "got '$next'"
$git checkout -q --detach v0.3.0
detached=$(version_of "$clone")
[ "$detached" = "0.3.0" ] && pass "a detached HEAD at v0.3.0 is 0.3.0" || fail "a detached HEAD at v0.3.0 is 0.3.0" "got '$detached'"
tarball="$work/tarball"
mkdir -p "$tarball" && git -C "$clone" archive HEAD | tar -x -C "$tarball"
outside=$(version_of "$tarball")
[ "$outside" = "0.0.0-alpha.0" ] && pass "outside git (a source tarball) the version is 0.0.0-alpha.0, without error" \
  || fail "outside git (a source tarball) the version is 0.0.0-alpha.0, without error" "got '$outside'"

# --- 6. the test kit in users' test projects -------------------------------------------------------
# Run as a dll: `dotnet run eng/samples/check-samples.cs` would take about 0.6 s more each time to find it up to date.
wait "$checker_build"; checker_status=$?; checker_build=""
if [ "$checker_status" -ne 0 ]; then
  tail -30 "$work/check-samples.log"; fail "the sample checks build (eng/samples/check-samples.cs)"
  exit 1
fi
docs_check=$(dotnet "$checker" docs 2>&1) || docs_check="FAIL docs/auditing.md shows the sample consumers' code: $docs_check"
echo "$docs_check"
failures=$((failures + $(grep -c '^FAIL ' <<<"$docs_check")))
# One `dotnet test` each (restore, build, run); the samples expect it to fail: each has a deliberate failure.
for sample in xunit2 xunit3; do
  dir="$work/sample-$sample"
  cp -r "eng/samples/$sample" "$dir"
  cp examples/retail/retail.policy.yaml "$dir/policies/"
  write_nuget_config "$dir/nuget.config" "$feed"
  (cd "$dir" && dotnet test Retail.Tests.csproj -c Release -p:RecoveryRulesVersion="$version" \
    --logger "trx;LogFileName=r.trx" --results-directory "$dir/results") >"$work/$sample.log" 2>&1
  status=$?
  checks=$(dotnet "$checker" trx "$sample sample" "$dir/results/r.trx" "$status" 2>&1) \
    || checks="FAIL $sample sample: the TRX is read: $checks"
  echo "$checks"
  failed_checks=$(grep -c '^FAIL ' <<<"$checks")
  failures=$((failures + failed_checks))
  # The log, indented (so that none of its lines reads as a check), when a check failed.
  [ "$failed_checks" -eq 0 ] || grep -vE '^\s+at ' "$work/$sample.log" | tail -40 | sed 's/^/    /'
done

# --- 7. the test kit's exact pins, read from the nuspecs the samples' restore extracted ----------------
# RecoveryRules.Testing uses internals of the engine and of the YAML front end: it pins both exactly, and
# the adapters (xUnit v2, xunit.v3, FluentAssertions) use public API only and keep ordinary ranges (docs/design.md, 13).
check_pin() {  # package, dependency
  local spec="$NUGET_PACKAGES/${1,,}/$version/${1,,}.nuspec" name="$1 depends on exactly [$version] of $2"
  if [ ! -f "$spec" ]; then fail "$name" "no $spec"
  elif grep -q "<dependency id=\"$2\" version=\"\[$version\]\"" "$spec"; then pass "$name"
  else grep '<dependency' "$spec"; fail "$name"; fi
}
check_pin RecoveryRules.Testing RecoveryRules
check_pin RecoveryRules.Testing RecoveryRules.Yaml

# --- 8. the hosting package, as a package consumer ---------------------------------------------------
hosting="$work/hosting"
mkdir -p "$hosting"
write_nuget_config "$hosting/nuget.config" "$feed"
write_console_project "$hosting/Hosting.csproj" true "RecoveryRules.Hosting=$version" "Microsoft.Extensions.DependencyInjection=10.0.15"
cat > "$hosting/Program.cs" <<'CS'
using Microsoft.Extensions.DependencyInjection;
using RecoveryRules.Hosting;

var services = new ServiceCollection();
services.AddRecoveryRules(rules => rules.AddPolicyFile(args[0]));
using ServiceProvider provider = services.BuildServiceProvider();
IRecoveryEngine engine = provider.GetRequiredService<IRecoveryEngine>();
Console.WriteLine(engine.Policies[0].Name);
Console.WriteLine(engine.EvaluateJson(File.ReadAllText(args[1])).Decision!.Compensation.Total);
CS
name="the hosting package restores from the packed folder and evaluates through IRecoveryEngine"
if ! quiet dotnet build "$hosting/Hosting.csproj" -c Release; then
  fail "$name" "the consumer does not build against the packages"
elif ! output=$(dotnet "$hosting/bin/Release/net10.0/Hosting.dll" examples/retail/retail.policy.yaml examples/retail/case-c-1042.json 2>&1); then
  echo "$output"; fail "$name" "the consumer exited non-zero"
elif [ "$output" != $'retail\n80.00' ]; then
  echo "$output"; fail "$name" "unexpected output"
elif [ ! -d "$NUGET_PACKAGES/recoveryrules.hosting/$version" ]; then
  fail "$name" "RecoveryRules.Hosting was not restored from the packed folder"
else
  pass "$name"
fi

# --- 9. the build-time package, as a package consumer -------------------------------------------------
checked="$work/checked"
mkdir -p "$checked"
write_nuget_config "$checked/nuget.config" "$feed"
write_console_project "$checked/Checked.csproj" true "RecoveryRules.Build=$version"
echo 'Console.WriteLine("built");' > "$checked/Program.cs"
printf 'policy: late\nversion: "1"\nrules:\n  - id: late\n    when: severity == critcal\n    then: { note: "call back" }\n' > "$checked/late.policy.yaml"
name="RecoveryRules.Build from the packed folder fails a build at the policy's line and column"
if dotnet build "$checked/Checked.csproj" -c Release --nologo -v:q >"$work/checked.log" 2>&1; then
  tail -20 "$work/checked.log"; fail "$name" "the build with a broken policy passed"
elif ! grep -q "late.policy.yaml(5,23): error RR0201: 'critcal' is not a fact" "$work/checked.log"; then
  tail -20 "$work/checked.log"; fail "$name" "no RR0201 at late.policy.yaml(5,23)"
else
  pass "$name"
fi
spec="$NUGET_PACKAGES/recoveryrules.build/$version/recoveryrules.build.nuspec"
name="RecoveryRules.Build is a development dependency without dependencies, and carries the command"
if [ ! -f "$spec" ]; then fail "$name" "no $spec"
elif ! grep -q '<developmentDependency>true</developmentDependency>' "$spec" || grep -q '<dependency ' "$spec"; then
  grep -E 'developmentDependency|<dependency' "$spec"; fail "$name"
elif [ ! -f "$NUGET_PACKAGES/recoveryrules.build/$version/tools/recoveryrules/RecoveryRules.Cli.dll" ]; then
  fail "$name" "no tools/recoveryrules/RecoveryRules.Cli.dll"
else
  pass "$name"
fi

# --- 10. the NRules package, as a package consumer ----------------------------------------------------
nrules="$work/nrules"
mkdir -p "$nrules"
write_nuget_config "$nrules/nuget.config" "$feed"
write_console_project "$nrules/NRulesConsumer.csproj" true "RecoveryRules.NRules=$version" "RecoveryRules.Yaml=$version"
cat > "$nrules/Program.cs" <<'CS'
using NRules;
using RecoveryRules;
using RecoveryRules.NRules;
using RecoveryRules.Yaml;

RecoveryPolicy policy = PolicyYaml.LoadFile(args[0]);
var map = CaseMap<Complaint>.Create(m => m
    .Id(c => c.Id).Severity(c => c.Severity).Channel(c => c.Channel).Delay(c => c.Delay)
    .Customer(c => c.Tier, c => c.Value).Fact("orderValue", c => c.OrderValue)
    .Fact("failureType", c => c.FailureType).Fact("proactive", c => c.Proactive));
ISession session = new RuleCompiler().Compile([policy.ToNRulesRule(map)]).CreateSession();
session.Insert(new Complaint());
session.Fire();
RecoveryOutcome<Complaint> outcome = session.Query<RecoveryOutcome<Complaint>>().Single();
Console.WriteLine(policy.NRulesRuleName());
Console.WriteLine(outcome.Decision!.Compensation.Total);

public sealed class Complaint
{
    public string Id { get; } = "c-1042";
    public string Severity { get; } = "critical";
    public string Channel { get; } = "phone";
    public TimeSpan Delay { get; } = TimeSpan.FromHours(3);
    public string Tier { get; } = "gold";
    public decimal Value { get; } = 12000m;
    public decimal OrderValue { get; } = 80m;
    public string FailureType { get; } = "technical";
    public bool Proactive { get; }
}
CS
name="the NRules package restores from the packed folder and decides inside an NRules session"
nrules_spec="$NUGET_PACKAGES/recoveryrules.nrules/$version/recoveryrules.nrules.nuspec"
if ! quiet dotnet build "$nrules/NRulesConsumer.csproj" -c Release; then
  fail "$name" "the consumer does not build against the packages"
elif ! output=$(dotnet "$nrules/bin/Release/net10.0/NRulesConsumer.dll" examples/retail/retail.policy.yaml 2>&1); then
  echo "$output"; fail "$name" "the consumer exited non-zero"
elif [ "$output" != $'recoveryrules:retail-recovery@2026.11\n80.00' ]; then
  echo "$output"; fail "$name" "unexpected output"
elif [ ! -f "$nrules_spec" ]; then
  fail "$name" "RecoveryRules.NRules was not restored from the packed folder"
elif ! grep -q "<dependency id=\"RecoveryRules\" version=\"$version\"" "$nrules_spec" \
    || ! grep -q '<dependency id="NRules.Runtime" version="1.0.4"' "$nrules_spec" || grep -q 'NRules.Fluent' "$nrules_spec"; then
  grep '<dependency' "$nrules_spec"; fail "$name" "RecoveryRules.NRules should depend on RecoveryRules >= $version and NRules.Runtime 1.0.4 only"
else
  pass "$name"
fi

[ "$failures" -eq 0 ]

// The cold-start harness (docs/performance.md, "Cold start"). One run is one fresh process: it reads the policy file,
// compiles it, reads one case and decides it, and prints how long each step took since Main started, in
// milliseconds, as one line of JSON:
//   {"load":12.3,"read":13.0,"first":14.1,"dynamicCode":true,"jitted":160,"jitMs":20.5,"total":80.00}
// "dynamicCode" false (Native AOT) means the rules run interpreted whatever RuleExecution says (docs/design.md §13).
// "first" is Main to the first decision (issue 11, target 4). The process's own start (runtime, host) comes before
// Main: benchmarks/cold-start.sh measures it from outside as the wall time of the whole process. "jitted" and "jitMs"
// are the methods the JIT compiled up to the first decision and the time it took (System.Runtime.JitInfo, this thread
// and the others): what ReadyToRun did not precompile (0 under Native AOT).
// Usage: RecoveryRules.ColdStart POLICY.yaml CASE.json
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using RecoveryRules;
using RecoveryRules.Yaml;

var clock = Stopwatch.StartNew();
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: RecoveryRules.ColdStart POLICY.yaml CASE.json");
    return 2;
}

RecoveryPolicy policy = PolicyYaml.LoadFile(args[0]);
double load = clock.Elapsed.TotalMilliseconds;
RecoveryCase recoveryCase = policy.ReadCase(File.ReadAllText(args[1]));
double read = clock.Elapsed.TotalMilliseconds;
Decision decision = policy.Evaluate(recoveryCase);
double decide = clock.Elapsed.TotalMilliseconds;
long jitted = JitInfo.GetCompiledMethodCount();
double jitMs = JitInfo.GetCompilationTime().TotalMilliseconds;

Console.Out.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $$"""{"load":{{load:F1}},"read":{{read:F1}},"first":{{decide:F1}},"dynamicCode":{{(RuntimeFeature.IsDynamicCodeSupported ? "true" : "false")}},"jitted":{{jitted}},"jitMs":{{jitMs:F1}},"total":{{decision.Compensation.Total}}}"""));
return 0;

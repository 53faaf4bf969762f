using System.Globalization;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The program without dynamic code (docs/performance.md, "Rules without dynamic code"): per case, the retail policy
/// (its three benchmark cases in turn) and the generated 200-rule policy (<see cref="RuleIndexBenchmarks.CaseJson"/>),
/// with the rules run by the compiled IL program, by System.Linq.Expressions' interpreter over the same tree (what
/// Native AOT ran before), and by the closure program (<see cref="ClosureProgram"/>). <c>RunRules</c> is the rule
/// program alone over a loaded frame; <c>Evaluate</c> is the whole decision.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ClosureProgramBenchmarks
{
    /// <summary>How many cases each operation evaluates (the numbers are per case).</summary>
    public const int CaseCount = 256;

    private RecoveryPolicy _policy = null!;
    private RecoveryCase[] _cases = null!;
    private IRuleProgram _program = null!;

    [Params("retail", "200")]
    public string Policy { get; set; } = "retail";

    [Params("Compiled", "LinqInterpreted", "Closures")]
    public string Program { get; set; } = "Closures";

    [GlobalSetup]
    public void Setup()
    {
        var (yaml, json) = Policy == "retail"
            ? (RetailFixtures.PolicyYamlText, Enumerable.Range(0, CaseCount).Select(i => RetailFixtures.Get(new[] { RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise }[i % 3]).Json).ToArray())
            : (LargePolicyGenerator.Generate(200), RuleIndexBenchmarks.CaseJson(1, CaseCount).ToArray());
        _policy = Load(yaml, Program);
        _cases = [.. json.Select(_policy.ReadCase)];
        _program = _policy.Program;

        // The same decisions as the compiled program, before anything is measured.
        var compiled = Load(yaml, "Compiled");
        ProgramBenchmarkSetup.CheckSameDecisions(_policy, compiled, json.Distinct(), $"{Program} decides differently from the compiled program");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {Policy}, {Program}: {json.Distinct().Count()} distinct cases checked against the compiled program."));
    }

    /// <summary>The policy with its rules run by <paramref name="program"/>: Compiled (IL), LinqInterpreted or Closures.</summary>
    internal static RecoveryPolicy Load(string yaml, string program)
    {
        var loaded = PolicyYaml.Compile(yaml, "benchmark.policy.yaml").GetPolicyOrThrow();
        var rules = program switch
        {
            "Compiled" => new TieredRuleProgram(loaded.Bound, RuleExecution.Compiled, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Auto),
            "LinqInterpreted" => new TieredRuleProgram(loaded.Bound, RuleExecution.Interpreted, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Auto, InterpretedProgram.Expressions),
            _ => new TieredRuleProgram(loaded.Bound, RuleExecution.Interpreted, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Auto, InterpretedProgram.Closures),
        };
        return new RecoveryPolicy(loaded.Bound, loaded.Identity, rules, new RecoveryPolicyOptions { Execution = rules.Execution });
    }

    /// <summary>Per case: the whole evaluation, decision included.</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int Evaluate() => ProgramBenchmarkSetup.Evaluate(_policy, _cases);

    /// <summary>Per case: the rule program alone, over a frame loaded with the case (no decision).</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int RunRules() => ProgramBenchmarkSetup.RunRules(_policy.Bound, _program, _cases, startEach: true);
}

/// <summary>Building each program for the retail and the 200-rule policy (the load's share of it): IL, the expression tree prepared for the interpreter, the closure program.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ClosureProgramBuildBenchmarks
{
    private RecoveryRules.Binding.BoundPolicy _bound = null!;

    [Params("retail", "200")]
    public string Policy { get; set; } = "retail";

    [GlobalSetup]
    public void Setup() =>
        _bound = PolicyYaml.Compile(Policy == "retail" ? RetailFixtures.PolicyYamlText : LargePolicyGenerator.Generate(200), "benchmark.policy.yaml").GetPolicyOrThrow().Bound;

    [Benchmark]
    public object LinqInterpreted() => PolicyProgram.Compile(_bound, explain: false, interpret: true);

    [Benchmark]
    public object Closures() => ClosureProgram.Build(_bound, explain: false);
}

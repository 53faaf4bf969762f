using System.Globalization;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Exact matching in the closure program (docs/design.md §35, docs/performance.md "Exact matching in the closure program"): the
/// rule program alone per case (over a loaded frame, as <see cref="RuleIndexBenchmarks"/>), the closure program unindexed
/// (<c>Never</c>), with §19's index (<c>Always</c>) and matching (<c>Match</c>), on the retail policy and the generated policies of
/// <see cref="RuleIndexBenchmarks"/>. Setup checks that each decides the cases as the unindexed IL program.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ExactMatchBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private RecoveryCase[] _cases = null!;
    private IRuleProgram _program = null!;

    [Params("retail", "40", "200", "2000", "2000-brands")]
    public string Policy { get; set; } = "200";

    [Params("Never", "Always", "Match")]
    public string Indexing { get; set; } = "Match";

    [GlobalSetup]
    public void Setup()
    {
        var (yaml, json) = Source(Policy);
        var indexing = Enum.Parse<RuleIndexing>(Indexing);
        _policy = Load(yaml, RuleExecution.Interpreted, indexing);
        _cases = [.. json.Select(_policy.ReadCase)];
        _program = _policy.Program;
        var reference = Load(yaml, RuleExecution.Compiled, RuleIndexing.Never);
        var fired = ProgramBenchmarkSetup.CheckSameDecisions(_policy, reference, json.Distinct(), $"The closure program ({Indexing}) decides differently from the IL program");
        var match = RuleMatch.Build(_policy.Bound);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Policy}, {Indexing}: {fired / (double)json.Length:0.0} rules fire per case; {match.ExactRules} of {match.Rules} rules exact, {match.TableWords} table words"));
    }

    internal static (string Yaml, string[] Json) Source(string policy) => policy switch
    {
        "retail" => (RetailFixtures.PolicyYamlText, [.. Enumerable.Range(0, RuleIndexBenchmarks.CaseCount)
            .Select(i => RetailFixtures.Get(new[] { RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise }[i % 3]).Json)]),
        "2000-brands" => (LargePolicyGenerator.Generate(2000, LargePolicyGenerator.DefaultSeed, 10), [.. RuleIndexBenchmarks.CaseJson(10)]),
        _ => (LargePolicyGenerator.Generate(int.Parse(policy, CultureInfo.InvariantCulture)), [.. RuleIndexBenchmarks.CaseJson(1)]),
    };

    internal static RecoveryPolicy Load(string yaml, RuleExecution execution, RuleIndexing indexing)
    {
        var loaded = PolicyYaml.Compile(yaml, "benchmark.policy.yaml").GetPolicyOrThrow();
        var rules = new TieredRuleProgram(loaded.Bound, execution, dynamicCodeSupported: true, TaskScheduler.Default, indexing, InterpretedProgram.Closures);
        return new RecoveryPolicy(loaded.Bound, loaded.Identity, rules, new RecoveryPolicyOptions { Execution = rules.Execution });
    }

    /// <summary>Per case: the rule program alone, over a frame loaded with the case (no decision).</summary>
    [Benchmark(OperationsPerInvoke = RuleIndexBenchmarks.CaseCount)]
    public int RunRules() => ProgramBenchmarkSetup.RunRules(_policy.Bound, _program, _cases, startEach: true);
}

/// <summary>Building the closure program with and without exact matching (the load's share of it).</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ExactMatchBuildBenchmarks
{
    private RecoveryRules.Binding.BoundPolicy _bound = null!;

    [Params("retail", "200", "2000")]
    public string Policy { get; set; } = "200";

    [GlobalSetup]
    public void Setup() => _bound = PolicyYaml.Compile(ExactMatchBenchmarks.Source(Policy).Yaml, "benchmark.policy.yaml").GetPolicyOrThrow().Bound;

    [Benchmark(Baseline = true)]
    public object Unindexed() => ClosureProgram.Build(_bound, explain: false, RuleIndexing.Never);

    [Benchmark]
    public object Matching() => ClosureProgram.Build(_bound, explain: false, RuleIndexing.Match);
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Rule indexing (docs/performance.md, "Rule indexing"): the generated policy with 200 and 2,000
/// rules (<see cref="LargePolicyGenerator"/>, the same seed), indexed and unindexed, per case over a
/// fixed set of generated cases (<see cref="PeerVerification.LargeCases"/>). <c>Evaluate</c> is the
/// whole decision; <c>RunRules</c> is the rule program alone (what indexing changes; the decision
/// built from the fired rules grows with them however the rules are found).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RuleIndexBenchmarks
{
    /// <summary>How many cases each operation evaluates (the numbers are per case).</summary>
    public const int CaseCount = 256;

    private RecoveryPolicy _policy = null!;
    private RecoveryCase[] _cases = null!;
    private IRuleProgram _program = null!;

    /// <summary>
    /// <c>40</c>, <c>200</c> and <c>2000</c>: <see cref="LargePolicyGenerator.Build"/> with that many rules, where a case
    /// matches a third of the rules however many there are; <c>2000-brands</c>: the same 2,000 rules, each
    /// also keyed on one of ten brands, so a case matches about as many rules as in the 200-rule policy.
    /// </summary>
    [Params("40", "200", "2000", "2000-brands")]
    public string Policy { get; set; } = "200";

    [Params(false, true)]
    public bool Indexed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (rules, brands) = Policy switch
        {
            "40" => (40, 1),
            "200" => (200, 1),
            "2000" => (2000, 1),
            _ => (2000, 10),
        };
        _policy = Load(rules, brands, Indexed ? RuleIndexing.Always : RuleIndexing.Never);
        var cases = CaseJson(brands).ToArray();
        _cases = [.. cases.Select(_policy.ReadCase)];
        _program = _policy.Program;

        // The same decisions either way (the tests check this on many more policies and cases).
        var other = Load(rules, brands, Indexed ? RuleIndexing.Never : RuleIndexing.Always);
        var fired = ProgramBenchmarkSetup.CheckSameDecisions(_policy, other, cases, "Indexed and unindexed programs decide differently");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Policy} rules, indexed: {Indexed}; {fired / (double)CaseCount:0.0} rules fire per case on average."));
        if (PolicyProgram.Emit(_policy.Bound, explain: false, RuleIndexing.Always).Index is { } index)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// index: expected share of candidates {index.ExpectedShare:0.000}; dimensions (admitted share) {string.Join(", ", index.Dimensions.Select(d => $"{d.Kind}[{d.Slot}] {d.AdmittedShare:0.000}"))}"));
        }
    }

    /// <summary>The fixed case set: <see cref="PeerVerification.LargeCases"/>, with a brand (fixed seed) when the policy has brands.</summary>
    internal static IEnumerable<string> CaseJson(int brands, int count = CaseCount)
    {
        var random = new Random(2000);
        foreach (var c in PeerVerification.LargeCases(count))
        {
            var json = PeerVerification.LargeJson(c);
            yield return brands > 1 ? string.Concat(json.AsSpan(0, json.Length - 1), $", \"brand\": \"{LargePolicyGenerator.Brand(random.Next(brands))}\"}}") : json;
        }
    }

    /// <summary>The generated policy compiled to IL, indexed or not as <paramref name="indexing"/> says.</summary>
    internal static RecoveryPolicy Load(int rules, int brands, RuleIndexing indexing)
    {
        var compiled = PolicyYaml.Compile(LargePolicyGenerator.Generate(rules, LargePolicyGenerator.DefaultSeed, brands), $"generated-{rules}.policy.yaml").GetPolicyOrThrow();
        var options = new RecoveryPolicyOptions { Execution = RuleExecution.Compiled };
        var program = new TieredRuleProgram(compiled.Bound, RuleExecution.Compiled, dynamicCodeSupported: true, TaskScheduler.Default, indexing);
        return new RecoveryPolicy(compiled.Bound, compiled.Identity, program, options);
    }

    /// <summary>Per case: the whole evaluation, decision included.</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int Evaluate() => ProgramBenchmarkSetup.Evaluate(_policy, _cases);

    /// <summary>Per case: the rule program alone, over a frame loaded with the case (no decision).</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int RunRules() => ProgramBenchmarkSetup.RunRules(_policy.Bound, _program, _cases, startEach: false);
}

/// <summary>Loading the generated policy with 200 and 2,000 rules: the cost should grow linearly with the rules (docs/performance.md, "Rule indexing").</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RuleIndexLoadBenchmarks
{
    private string _yaml = null!;

    /// <summary>As <see cref="RuleIndexBenchmarks.Policy"/>: the plain policies are not indexed (a case would run two thirds of their rules), the one with brands is.</summary>
    [Params("200", "2000", "2000-brands")]
    public string Policy { get; set; } = "200";

    [GlobalSetup]
    public void Setup() => _yaml = Policy switch
    {
        "200" => LargePolicyGenerator.Generate(200),
        "2000" => LargePolicyGenerator.Generate(2000),
        _ => LargePolicyGenerator.Generate(2000, LargePolicyGenerator.DefaultSeed, 10),
    };

    /// <summary>The default, tiered load: read, bind, hash, index and the interpreted program.</summary>
    [Benchmark]
    public RecoveryPolicy? Load() => PolicyYaml.Compile(_yaml, "generated.policy.yaml").Policy;

    /// <summary>The load with <see cref="RuleExecution.Compiled"/>: the same, plus the IL compile and the JIT.</summary>
    [Benchmark]
    public RecoveryPolicy? LoadToIl() => PolicyYaml.Compile(_yaml, "generated.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Compiled }).Policy;
}

/// <summary>Where loading the 200- and 2,000-rule policies goes (read, bind, hash, the interpreted program), to see which stage grows faster than the rules.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RuleIndexLoadBreakdownBenchmarks
{
    private PolicyLoadStages _stages = null!;

    [Params(200, 2000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup() => _stages = new PolicyLoadStages(Rules);

    [Benchmark]
    public object Read() => _stages.Read();

    [Benchmark]
    public object? Bind() => _stages.Bind();

    [Benchmark]
    public string Hash() => _stages.Hash();

    [Benchmark]
    public object Emit() => PolicyProgram.Emit(_stages.Bound, explain: false);

    [Benchmark]
    public object EmitInterpreted() => PolicyProgram.Compile(_stages.Bound, explain: false, interpret: true);

    /// <summary>The same, in chunks of 64 rules (<see cref="RuleIndexing.Always"/>, every rule a candidate here).</summary>
    [Benchmark]
    public object EmitInterpretedInChunks() => PolicyProgram.Compile(_stages.Bound, explain: false, interpret: true, RuleIndexing.Always);
}

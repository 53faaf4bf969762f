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

    [Params(200, 2000)]
    public int Rules { get; set; }

    [Params(false, true)]
    public bool Indexed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _policy = Load(Rules, Indexed ? RuleIndexing.Always : RuleIndexing.Never);
        _cases = [.. PeerVerification.LargeCases(CaseCount).Select(c => _policy.ReadCase(PeerVerification.LargeJson(c)))];
        _program = _policy.Program;

        // The same decisions either way (the tests check this on many more policies and cases).
        var other = Load(Rules, Indexed ? RuleIndexing.Never : RuleIndexing.Always);
        var fired = 0;
        foreach (var json in PeerVerification.LargeCases(CaseCount).Select(PeerVerification.LargeJson))
        {
            var mine = _policy.EvaluateJson(json);
            var theirs = other.EvaluateJson(json);
            if (mine.Decision?.ToJson() != theirs.Decision?.ToJson() || mine.Error?.Message != theirs.Error?.Message)
            {
                throw new InvalidOperationException($"Indexed and unindexed programs decide differently for {json}");
            }

            fired += mine.Decision?.Fired.Length ?? 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Rules} rules, indexed: {Indexed}; {fired / (double)CaseCount:0.0} rules fire per case on average."));
    }

    /// <summary>The generated policy compiled to IL, indexed or not as <paramref name="indexing"/> says.</summary>
    internal static RecoveryPolicy Load(int rules, RuleIndexing indexing)
    {
        var compiled = PolicyYaml.Compile(LargePolicyGenerator.Generate(rules), $"generated-{rules}.policy.yaml").GetPolicyOrThrow();
        var options = new RecoveryPolicyOptions { Execution = RuleExecution.Compiled };
        var program = new TieredRuleProgram(compiled.Bound, RuleExecution.Compiled, dynamicCodeSupported: true, TaskScheduler.Default, indexing);
        return new RecoveryPolicy(compiled.Bound, compiled.Identity, program, options);
    }

    /// <summary>Per case: the whole evaluation, decision included.</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int Evaluate()
    {
        var fired = 0;
        foreach (var c in _cases)
        {
            fired += _policy.Evaluate(c).Fired.Length;
        }

        return fired;
    }

    /// <summary>Per case: the rule program alone, over a frame loaded with the case (no decision).</summary>
    [Benchmark(OperationsPerInvoke = CaseCount)]
    public int RunRules()
    {
        var fired = 0;
        var frame = CaseFrame.ForCurrentThread(_policy.Bound);
        foreach (var c in _cases)
        {
            frame.Decimals = c.Decimals;
            frame.Ordinals = c.Ordinals;
            frame.Booleans = c.Booleans;
            frame.Texts = c.Texts;
            _program.Run(frame, explain: false);
            fired += frame.FiredCount;
        }

        frame.Release();
        return fired;
    }
}

/// <summary>Loading the generated policy with 200 and 2,000 rules: the cost should grow linearly with the rules (docs/performance.md, "Rule indexing").</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RuleIndexLoadBenchmarks
{
    private string _yaml = null!;

    [Params(200, 2000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup() => _yaml = LargePolicyGenerator.Generate(Rules);

    /// <summary>The default, tiered load: read, bind, hash, index and the interpreted program.</summary>
    [Benchmark]
    public RecoveryPolicy? Load() => PolicyYaml.Compile(_yaml, "generated.policy.yaml").Policy;

    /// <summary>The load with <see cref="RuleExecution.Compiled"/>: the same, plus the IL compile and the JIT.</summary>
    [Benchmark]
    public RecoveryPolicy? LoadToIl() => PolicyYaml.Compile(_yaml, "generated.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Compiled }).Policy;
}

using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Binding;
using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Syntax;
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
        var fired = 0;
        var at = new EvaluationOptions { Now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero) };
        foreach (var json in cases)
        {
            var mine = _policy.EvaluateJson(json, at);
            var theirs = other.EvaluateJson(json, at);
            if (mine.Decision?.ToJson() != theirs.Decision?.ToJson() || mine.Error?.Message != theirs.Error?.Message)
            {
                throw new InvalidOperationException($"Indexed and unindexed programs decide differently for {json}:\n{mine.Decision?.ToJson()}{mine.Error?.Message}\n{theirs.Decision?.ToJson()}{theirs.Error?.Message}");
            }

            fired += mine.Decision?.Fired.Length ?? 0;
        }

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
    private static readonly Func<string, string, PolicyReaderOptions, DiagnosticBag, PolicySyntax> ReadYaml =
        typeof(PolicyYaml).Assembly.GetType("RecoveryRules.Yaml.Reading.YamlPolicyReader", throwOnError: true)!
            .GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<string, string, PolicyReaderOptions, DiagnosticBag, PolicySyntax>>();

    private string _yaml = null!;
    private PolicySyntax _syntax = null!;
    private BoundPolicy _bound = null!;

    [Params(200, 2000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _yaml = LargePolicyGenerator.Generate(Rules);
        _syntax = ReadYaml("generated.policy.yaml", _yaml, PolicyReaderOptions.Default, new DiagnosticBag());
        _bound = PolicyBinder.Bind(_syntax, new DiagnosticBag()) ?? throw new InvalidOperationException("The generated policy does not bind.");
    }

    [Benchmark]
    public object Read() => ReadYaml("generated.policy.yaml", _yaml, PolicyReaderOptions.Default, new DiagnosticBag());

    [Benchmark]
    public object? Bind() => PolicyBinder.Bind(_syntax, new DiagnosticBag());

    [Benchmark]
    public string Hash() => CanonicalForm.Hash(_bound);

    [Benchmark]
    public object Emit() => PolicyProgram.Emit(_bound, explain: false);

    [Benchmark]
    public object EmitInterpreted() => PolicyProgram.Compile(_bound, explain: false, interpret: true);

    /// <summary>The same, in chunks of 64 rules (<see cref="RuleIndexing.Always"/>, every rule a candidate here).</summary>
    [Benchmark]
    public object EmitInterpretedInChunks() => PolicyProgram.Compile(_bound, explain: false, interpret: true, RuleIndexing.Always);
}

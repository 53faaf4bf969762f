using BenchmarkDotNet.Attributes;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Diagnostics, not targets: where the time and the allocations of one evaluation go. Uses the
/// engine's internals (InternalsVisibleTo) to run its steps one at a time, as
/// <c>PolicyEvaluator.TryEvaluate</c> does: the clock, pointing the thread's frame at the case's
/// slots, and the compiled rule delegate. What <see cref="Engine"/> spends beyond
/// <see cref="LoadFrameAndRun"/> and <see cref="Clock"/> is the combination into the decision.
/// Mirrors the evaluator of this commit: when the evaluator changes, change <see cref="Load"/>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class EvaluationBreakdownBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private BoundPolicy _bound = null!;
    private TieredRuleProgram _program = null!;
    private RecoveryCase _case = null!;

    [Params("retail-critical", "retail-major-on-time", "retail-otherwise", "generated-200")]
    public string Input { get; set; } = "retail-critical";

    [GlobalSetup]
    public void Setup()
    {
        string json;
        if (Input == "generated-200")
        {
            _policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml").GetPolicyOrThrow();
            json = LargePolicyGenerator.CaseJson;
        }
        else
        {
            _policy = RetailFixtures.LoadPolicy();
            json = RetailFixtures.Get(Input["retail-".Length..]).Json;
        }

        _bound = _policy.Bound;
        _program = new TieredRuleProgram(_bound, RuleExecution.Compiled);
        _case = _policy.ReadCase(json);
    }

    [Benchmark(Baseline = true)]
    public Decision Engine() => _policy.Evaluate(_case);

    [Benchmark]
    public DateTimeOffset Clock() => TimeProvider.System.GetUtcNow();

    [Benchmark]
    public object LoadFrame()
    {
        var frame = Load();
        frame.Release();
        return frame;
    }

    [Benchmark]
    public object LoadFrameAndRun()
    {
        var frame = Load();
        _program.Run(frame, explain: false);
        frame.Release();
        return frame;
    }

    private CaseFrame Load() => ProgramFrames.Load(_bound, _case);
}

/// <summary>
/// Where loading + compiling a policy goes: YAML to syntax (YamlDotNet events, our tree, the
/// syntax), binding, the canonical hash, and compiling the rules to one delegate
/// (<c>LambdaExpression.Compile</c>, which includes the JIT of the whole policy method).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CompileBreakdownBenchmarks
{
    private PolicyLoadStages _stages = null!;

    [Params(200)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup() => _stages = new PolicyLoadStages(Rules);

    [Benchmark(Baseline = true)]
    public RecoveryPolicy? CompileAll() => PolicyYaml.Compile(_stages.Yaml, "generated.policy.yaml").Policy;

    [Benchmark]
    public object Read() => _stages.Read();

    [Benchmark]
    public object? Bind() => _stages.Bind();

    [Benchmark]
    public string Hash() => _stages.Hash();

    [Benchmark]
    public object EmitAndJit() => PolicyProgram.Compile(_stages.Bound, explain: false);
}

/// <summary>The frame set up as <c>PolicyEvaluator.TryEvaluate</c> does for a case given with <c>delay</c>: pointed at the case's own slot arrays.</summary>
internal static class ProgramFrames
{
    public static CaseFrame Load(BoundPolicy policy, RecoveryCase recoveryCase)
    {
        var frame = CaseFrame.ForCurrentThread(policy);
        frame.Decimals = recoveryCase.Decimals;
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        return frame;
    }

    /// <summary>What a program wrote: the fired rules, the amounts and the cap.</summary>
    public static string Outcome(CaseFrame frame) =>
        string.Join(",", frame.Fired.Take(frame.FiredCount)) + " | " + string.Join(",", frame.Amounts) + " | " + frame.Cap;
}

using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// One case of the retail policy (examples/retail) decided by the hand-written C# (the baseline), RecoveryRules, NRules 1.0.4
/// and Microsoft RulesEngine 6.0.1: same policy, same case. Before an implementation is measured, its setup verifies it
/// decision for decision against the hand-written one on <see cref="PeerVerification.BenchmarkCases"/> generated cases
/// (<see cref="PeerVerification"/>) and throws at the first difference (once per build: <see cref="PeerVerification.Once"/>).
/// docs/performance.md, "Peers".
/// </summary>
[MemoryDiagnoser]
public class RetailPeerBenchmarks
{
    private RetailHandWritten _handWritten = null!;
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private RetailNRules _nrules = null!;
    private RulesEngineRunner _rulesEngine = null!;
    private RetailCase _typedCase = null!;

    /// <summary>c-1042 (critical), c-1043 (major, on time), c-1045 (no rule matches: otherwise).</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    [GlobalSetup(Targets = [nameof(HandWritten), nameof(RecoveryRulesEngine)])]
    public void SetupHandWrittenAndRecoveryRules()
    {
        string json;
        (json, _typedCase) = RetailFixtures.Get(Case);
        _policy = RetailFixtures.LoadPolicy();
        _handWritten = new RetailHandWritten(_policy.Identity, TimeProvider.System);
        _case = _policy.ReadCase(json);
        PeerVerification.Once($"retail-RecoveryRules-{PeerVerification.BenchmarkCases}", () => RetailFixtures.CheckBaseline(_policy, _handWritten, PeerVerification.BenchmarkCases));
        Console.WriteLine($"// {Case}: {PeerDecision.From(_handWritten.Evaluate(_typedCase)).Describe()}");
    }

    [GlobalSetup(Target = nameof(NRules))]
    public void SetupNRules()
    {
        _typedCase = RetailFixtures.Get(Case).Typed;
        _nrules = new RetailNRules();
        PeerVerification.Once($"retail-NRules-{PeerVerification.BenchmarkCases}", () => PeerVerification.RetailPeer(Implementation.NRules, _nrules.Evaluate, PeerVerification.BenchmarkCases));
    }

    [GlobalSetup(Target = nameof(RulesEngine))]
    public void SetupRulesEngine()
    {
        _typedCase = RetailFixtures.Get(Case).Typed;
        _rulesEngine = PeerVerification.RetailRulesEngine();
        PeerVerification.Once($"retail-RulesEngine-{PeerVerification.BenchmarkCases}", () => PeerVerification.RetailPeer(Implementation.RulesEngine, _rulesEngine.Evaluate, PeerVerification.BenchmarkCases));
    }

    [Benchmark(Baseline = true)]
    public Decision HandWritten() => _handWritten.Evaluate(_typedCase);

    [Benchmark]
    public Decision RecoveryRulesEngine() => _policy.Evaluate(_case);

    [Benchmark]
    public PeerDecision NRules() => _nrules.Evaluate(_typedCase);

    [Benchmark]
    public PeerDecision RulesEngine() => _rulesEngine.Evaluate(_typedCase);
}

/// <summary>
/// The benchmark case of the generated 200-rule policy (<see cref="LargePolicyGenerator"/>) decided by the hand-written C#
/// (the baseline, <see cref="LargePolicyHandWritten"/>), RecoveryRules, NRules 1.0.4 and Microsoft RulesEngine 6.0.1, each
/// verified first as in <see cref="RetailPeerBenchmarks"/>. docs/performance.md, "Peers".
/// </summary>
[MemoryDiagnoser]
public class LargePolicyPeerBenchmarks
{
    private LargePolicyHandWritten _handWritten = null!;
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private LargeNRules _nrules = null!;
    private RulesEngineRunner _rulesEngine = null!;
    private LargeCase _typedCase = null!;

    [GlobalSetup(Targets = [nameof(HandWritten), nameof(RecoveryRulesEngine)])]
    public void SetupHandWrittenAndRecoveryRules()
    {
        _typedCase = LargePolicyGenerator.Case;
        _policy = PeerVerification.LoadLargePolicy();
        _handWritten = new LargePolicyHandWritten(_policy.Identity, TimeProvider.System);
        _case = _policy.ReadCase(LargePolicyGenerator.CaseJson);
        PeerVerification.Once($"generated-200-RecoveryRules-{PeerVerification.BenchmarkCases}", () => PeerVerification.LargeBaseline(_policy, _handWritten, PeerVerification.BenchmarkCases));
        var decision = _handWritten.Evaluate(_typedCase);
        Console.WriteLine($"// generated-200: the case fires {decision.Fired.Length} rules, {decision.Compensation.Items.Length} items, total {decision.Compensation.Total} (capped: {decision.Compensation.Capped}).");
    }

    [GlobalSetup(Target = nameof(NRules))]
    public void SetupNRules()
    {
        _typedCase = LargePolicyGenerator.Case;
        _nrules = new LargeNRules();
        PeerVerification.Once($"generated-200-NRules-{PeerVerification.BenchmarkCases}", () => PeerVerification.LargePeer(Implementation.NRules, _nrules.Evaluate, PeerVerification.BenchmarkCases));
    }

    [GlobalSetup(Target = nameof(RulesEngine))]
    public void SetupRulesEngine()
    {
        _typedCase = LargePolicyGenerator.Case;
        _rulesEngine = PeerVerification.LargeRulesEngine();
        PeerVerification.Once($"generated-200-RulesEngine-{PeerVerification.BenchmarkCases}", () => PeerVerification.LargePeer(Implementation.RulesEngine, _rulesEngine.Evaluate, PeerVerification.BenchmarkCases));
    }

    [Benchmark(Baseline = true)]
    public Decision HandWritten() => _handWritten.Evaluate(_typedCase);

    [Benchmark]
    public Decision RecoveryRulesEngine() => _policy.Evaluate(_case);

    [Benchmark]
    public PeerDecision NRules() => _nrules.Evaluate(_typedCase);

    [Benchmark]
    public PeerDecision RulesEngine() => _rulesEngine.Evaluate(_typedCase);
}

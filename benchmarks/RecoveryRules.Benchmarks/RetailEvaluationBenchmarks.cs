using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// One case of the retail policy (docs/policy-language.md §1; examples/retail/retail.policy.yaml): the engine against a
/// hand-written C# implementation of the same policy (the baseline, the practical limit).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RetailEvaluationBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private RetailHandWritten _handWritten = null!;
    private RecoveryCase _case = null!;
    private RetailCase _typedCase = null!;
    private string _json = null!;
    private byte[] _utf8 = null!;

    /// <summary>c-1042 (the critical case of examples/retail/cases.jsonl), c-1043 (major, on time), c-1045 (no rule matches: otherwise).</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        _handWritten = new RetailHandWritten(_policy.Identity, TimeProvider.System);
        (_json, _typedCase) = RetailFixtures.Get(Case);
        _case = _policy.ReadCase(_json);
        _utf8 = System.Text.Encoding.UTF8.GetBytes(_json);

        // The baseline must not silently drift from the engine.
        RetailFixtures.CheckBaseline(_policy, _handWritten);

        // Warm the explaining program (compiled lazily on first use) outside the measurement.
        _ = _policy.Evaluate(_case, EvaluationOptions.WithExplanation);
    }

    [Benchmark(Baseline = true)]
    public Decision HandWritten() => _handWritten.Evaluate(_typedCase);

    [Benchmark]
    public Decision Engine() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision EngineWithExplanation() => _policy.Evaluate(_case, EvaluationOptions.WithExplanation);

    [Benchmark]
    public CaseResult ReadAndEvaluateJson() => _policy.EvaluateJson(_json);

    /// <summary>What <c>eval --cases</c> does per line: read the case from UTF-8 bytes the caller owns (and reuses), then evaluate it.</summary>
    /// <summary>
    /// As <see cref="ReadUtf8AndEvaluate"/>, the way <c>eval</c> reads a line since decision records: the case keeps
    /// the caller's bytes as what it was given, without a copy (internal: the CLI records the case before it reuses them).
    /// </summary>
    [Benchmark]
    public Decision? ReadBorrowedUtf8AndEvaluate() =>
        _policy.TryReadCase(_utf8, ownsInput: true, out var recoveryCase, out _) && _policy.TryEvaluate(recoveryCase, out var decision, out _) ? decision : null;

    [Benchmark]
    public Decision? ReadUtf8AndEvaluate() =>
        _policy.TryReadCase(_utf8, out var recoveryCase, out _) && _policy.TryEvaluate(recoveryCase, out var decision, out _) ? decision : null;
}

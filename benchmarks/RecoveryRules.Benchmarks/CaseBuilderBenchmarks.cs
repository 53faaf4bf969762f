using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// A case built in code (<see cref="RecoveryCaseBuilder"/>, which writes the case's slots directly) and evaluated,
/// against evaluating a pre-built case (the baseline) and reading the same case from JSON (what the builder did before).
/// The critical retail case c-1042 (examples/retail/cases.jsonl).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CaseBuilderBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        (_json, _) = RetailFixtures.Get(RetailFixtures.Critical);
        _case = _policy.ReadCase(_json);

        // The built case must decide as the read one, or the comparison means nothing.
        var built = _policy.Evaluate(Build());
        if (RetailFixtures.Comparable(built) != RetailFixtures.Comparable(_policy.Evaluate(_case)))
        {
            throw new InvalidOperationException("The built case decides differently from the JSON case.");
        }
    }

    private RecoveryCase Build() => _policy.CreateCase("c-1042")
        .With("severity", "critical")
        .With("channel", "phone")
        .With("delay", TimeSpan.FromHours(3))
        .With("customer.tier", "gold")
        .With("customer.value", 12000m)
        .With("orderValue", 80m)
        .With("failureType", "technical")
        .With("proactive", false)
        .Build();

    [Benchmark(Baseline = true)]
    public Decision PreBuiltCase() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision BuildAndEvaluate() => _policy.Evaluate(Build());

    /// <summary>The builder's former path, roughly: the same case read from JSON text, then evaluated.</summary>
    [Benchmark]
    public CaseResult ReadJsonAndEvaluate() => _policy.EvaluateJson(_json);
}

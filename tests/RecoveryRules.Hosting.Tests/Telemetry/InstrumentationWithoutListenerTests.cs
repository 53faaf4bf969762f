using Microsoft.Extensions.DependencyInjection;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>With nothing listening, the instrumentation reads no clock, starts no span and allocates nothing (docs/embedding.md, "Observe").</summary>
[Collection(TelemetryIsolation.Name)]
public sealed class InstrumentationWithoutListenerTests : IDisposable
{
    private const string Policy = "retail";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecoveryRulesInstrumentation _instrumentation;

    public InstrumentationWithoutListenerTests() =>
        _instrumentation = new RecoveryRulesInstrumentation(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public void Dispose()
    {
        _instrumentation.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void With_no_listener_evaluation_starting_returns_zero_and_no_activity()
    {
        _instrumentation.Source.HasListeners().Should().BeFalse();

        var started = _instrumentation.EvaluationStarting(Policy, TelemetryData.Retail.Identity, out var activity);

        started.Should().Be(0);
        activity.Should().BeNull();
    }

    [Fact]
    public void With_no_listener_starting_and_finishing_allocates_nothing()
    {
        var identity = TelemetryData.Retail.Identity;
        var decision = TelemetryData.Retail.EvaluateJson(TelemetryData.Case("c-1042")).Decision!;
        var error = TelemetryData.Retail.EvaluateJson(TelemetryData.Case("c-1099")).Error!;
        var differences = ShadowComparison.Compare(
            TelemetryData.Retail.EvaluateJson(TelemetryData.Case("c-1043")), TelemetryData.Candidate.EvaluateJson(TelemetryData.Case("c-1043")));
        Run(); // JIT and first-use work outside the measurement

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);

        void Run()
        {
            for (var i = 0; i < 1000; i++)
            {
                var started = _instrumentation.EvaluationStarting(Policy, identity, out var activity);
                _instrumentation.EvaluationFinished(Policy, identity, started, activity, decision, null);
                started = _instrumentation.EvaluationStarting(Policy, identity, out activity);
                _instrumentation.EvaluationFinished(Policy, identity, started, activity, null, error);
                _instrumentation.ShadowEvaluated(Policy, differences);
                _instrumentation.Reloaded(Policy, identity);
                _instrumentation.ReloadFailed(Policy);
            }
        }
    }
}

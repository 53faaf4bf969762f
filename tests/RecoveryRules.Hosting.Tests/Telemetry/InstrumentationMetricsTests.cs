using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>The instruments of docs/embedding.md, "Observe": each measured once per event, tagged by policy name and its own tag.</summary>
public sealed class InstrumentationMetricsTests : IDisposable
{
    private const string Policy = "retail";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecoveryRulesInstrumentation _instrumentation;

    public InstrumentationMetricsTests() =>
        _instrumentation = new RecoveryRulesInstrumentation(_services.GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        _instrumentation.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void A_decision_is_counted_once_tagged_by_policy_name()
    {
        using var decisions = Collect<long>("recoveryrules.decisions");
        using var errors = Collect<long>("recoveryrules.case_errors");

        Evaluate("c-1042");
        Evaluate("c-1043");

        decisions.GetMeasurementSnapshot().Should().SatisfyRespectively(
            first => AssertMeasurement(first, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy)),
            second => AssertMeasurement(second, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy)));
        errors.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public void Each_fired_rule_is_counted_tagged_by_policy_and_rule()
    {
        using var fired = Collect<long>("recoveryrules.rules.fired");

        var decision = Evaluate("c-1042").Decision!;
        Evaluate("c-1044");

        decision.Fired.Should().Equal("critical-high-value");
        fired.GetMeasurementSnapshot().Should().SatisfyRespectively(
            first => AssertMeasurement(first, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy), (RecoveryRulesInstrumentation.RuleTag, "critical-high-value")),
            second => AssertMeasurement(second, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy), (RecoveryRulesInstrumentation.RuleTag, "known-outage")));
    }

    [Fact]
    public void A_decision_of_the_otherwise_branch_fires_no_rule_and_counts_none()
    {
        using var fired = Collect<long>("recoveryrules.rules.fired");
        using var decisions = Collect<long>("recoveryrules.decisions");

        var result = EvaluateJson("""{"id": "c-1045", "severity": "minor", "channel": "chat", "delay": "30m", "orderValue": 20, "failureType": "information", "proactive": false}""");

        result.Decision!.Fired.Should().BeEmpty();
        fired.GetMeasurementSnapshot().Should().BeEmpty();
        decisions.GetMeasurementSnapshot().Should().ContainSingle();
    }

    [Fact]
    public void A_case_error_is_counted_tagged_by_policy_and_error_id_and_not_as_a_decision()
    {
        using var decisions = Collect<long>("recoveryrules.decisions");
        using var errors = Collect<long>("recoveryrules.case_errors");
        using var fired = Collect<long>("recoveryrules.rules.fired");

        var error = Evaluate("c-1099").Error!;

        AssertMeasurement(errors.GetMeasurementSnapshot().Should().ContainSingle().Subject, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy), (RecoveryRulesInstrumentation.ErrorIdTag, error.Id));
        error.Id.Should().Be("RR0403");
        decisions.GetMeasurementSnapshot().Should().BeEmpty();
        fired.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public void The_evaluation_time_is_recorded_in_seconds_tagged_by_policy_for_decisions_and_case_errors()
    {
        using var duration = Collect<double>("recoveryrules.evaluation.duration");

        Evaluate("c-1042");
        Evaluate("c-1099");

        duration.Instrument!.Unit.Should().Be("s");
        duration.GetMeasurementSnapshot().Should().HaveCount(2).And.AllSatisfy(m =>
        {
            m.Value.Should().BeGreaterThan(0).And.BeLessThan(60);
            m.Tags.Should().BeEquivalentTo(new Dictionary<string, object?> { [RecoveryRulesInstrumentation.PolicyTag] = Policy });
        });
    }

    [Fact]
    public void An_evaluation_that_threw_records_its_time_and_counts_neither_a_decision_nor_a_case_error()
    {
        using var duration = Collect<double>("recoveryrules.evaluation.duration");
        using var decisions = Collect<long>("recoveryrules.decisions");
        using var errors = Collect<long>("recoveryrules.case_errors");
        var identity = TelemetryData.Retail.Identity;

        var started = _instrumentation.EvaluationStarting(Policy, identity, out var activity);
        _instrumentation.EvaluationFinished(Policy, identity, started, activity, decision: null, error: null);

        duration.GetMeasurementSnapshot().Should().ContainSingle();
        decisions.GetMeasurementSnapshot().Should().BeEmpty();
        errors.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public void The_evaluation_time_histogram_advises_buckets_from_a_microsecond_to_a_second()
    {
        using var duration = Collect<double>("recoveryrules.evaluation.duration");

        var advice = ((Histogram<double>)duration.Instrument!).Advice!.HistogramBucketBoundaries!;

        advice[0].Should().Be(0.000_001);
        advice[^1].Should().Be(1);
        advice.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_reload_and_a_failed_reload_are_counted_tagged_by_policy()
    {
        using var reloads = Collect<long>("recoveryrules.reloads");
        using var failures = Collect<long>("recoveryrules.reload_failures");

        _instrumentation.Reloaded(Policy, TelemetryData.Candidate.Identity);
        _instrumentation.ReloadFailed("outlet");
        _instrumentation.ReloadFailed("outlet");

        AssertMeasurement(reloads.GetMeasurementSnapshot().Should().ContainSingle().Subject, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy));
        failures.GetMeasurementSnapshot().Should().HaveCount(2).And.AllSatisfy(
            m => AssertMeasurement(m, 1, (RecoveryRulesInstrumentation.PolicyTag, "outlet")));
    }

    [Fact]
    public void A_shadow_evaluation_is_counted_and_each_difference_tagged_by_the_member_without_list_indexes()
    {
        using var evaluations = Collect<long>("recoveryrules.shadow.evaluations");
        using var differences = Collect<long>("recoveryrules.shadow.differences");
        var json = TelemetryData.Case("c-1043");

        var found = ShadowComparison.Compare(TelemetryData.Retail.EvaluateJson(json), TelemetryData.Candidate.EvaluateJson(json));
        _instrumentation.ShadowEvaluated(Policy, found);

        found.Select(d => d.Field).Should().Equal("compensation.total", "compensation.items[0].amount");
        AssertMeasurement(evaluations.GetMeasurementSnapshot().Should().ContainSingle().Subject, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy));
        differences.GetMeasurementSnapshot().Should().SatisfyRespectively(
            first => AssertMeasurement(first, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy), (RecoveryRulesInstrumentation.FieldTag, "compensation.total")),
            second => AssertMeasurement(second, 1, (RecoveryRulesInstrumentation.PolicyTag, Policy), (RecoveryRulesInstrumentation.FieldTag, "compensation.items.amount")));
    }

    [Fact]
    public void A_shadow_evaluation_that_agrees_is_counted_with_no_difference()
    {
        using var evaluations = Collect<long>("recoveryrules.shadow.evaluations");
        using var differences = Collect<long>("recoveryrules.shadow.differences");

        _instrumentation.ShadowEvaluated(Policy, ImmutableArray<DecisionDifference>.Empty);

        evaluations.GetMeasurementSnapshot().Should().ContainSingle();
        differences.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Theory]
    [InlineData("compensation.total", "compensation.total")]
    [InlineData("compensation.items[12].amount", "compensation.items.amount")]
    [InlineData("compensation.items[0]", "compensation.items")]
    [InlineData("a[1].b[2].c", "a.b.c")]
    public void A_difference_field_loses_its_list_indexes_as_a_metric_tag(string field, string expected) =>
        RecoveryRulesInstrumentation.MetricField(field).Should().Be(expected);

    [Fact]
    public void Every_instrument_has_its_documented_name_kind_and_unit_on_the_recoveryrules_meter()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, _instrumentation.Meter))
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        _instrumentation.Meter.Name.Should().Be(RecoveryRulesTelemetry.MeterName);
        published.Select(i => (i.Name, Kind: i.GetType().Name, i.Unit)).Should().BeEquivalentTo(
        [
            ("recoveryrules.decisions", "Counter`1", "{decision}"),
            ("recoveryrules.case_errors", "Counter`1", "{error}"),
            ("recoveryrules.evaluation.duration", "Histogram`1", "s"),
            ("recoveryrules.rules.fired", "Counter`1", "{rule}"),
            ("recoveryrules.reloads", "Counter`1", "{reload}"),
            ("recoveryrules.reload_failures", "Counter`1", "{reload}"),
            ("recoveryrules.shadow.evaluations", "Counter`1", "{evaluation}"),
            ("recoveryrules.shadow.differences", "Counter`1", "{difference}"),
        ]);
        published.Should().AllSatisfy(i => i.Description.Should().NotBeNullOrWhiteSpace());
    }

    private static void AssertMeasurement(CollectedMeasurement<long> measurement, long value, params (string Key, object? Value)[] tags)
    {
        measurement.Value.Should().Be(value);
        measurement.Tags.Should().BeEquivalentTo(tags.ToDictionary(t => t.Key, t => t.Value));
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct =>
        new(_services.GetRequiredService<IMeterFactory>(), RecoveryRulesTelemetry.MeterName, instrument);

    private CaseResult Evaluate(string caseId) => EvaluateJson(TelemetryData.Case(caseId));

    /// <summary>What the engine does per call (docs/embedding.md, "Observe"): starting, the evaluation, finished.</summary>
    private CaseResult EvaluateJson(string json)
    {
        var policy = TelemetryData.Retail;
        var started = _instrumentation.EvaluationStarting(Policy, policy.Identity, out var activity);
        var result = policy.EvaluateJson(json);
        _instrumentation.EvaluationFinished(Policy, policy.Identity, started, activity, result.Decision, result.Error);
        return result;
    }
}

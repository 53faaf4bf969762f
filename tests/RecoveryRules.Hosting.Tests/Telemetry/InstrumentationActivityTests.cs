using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>The <c>recoveryrules.evaluate</c> span (docs/embedding.md, "Observe"): one per evaluation, tagged with the policy's name, id, version and hash, the case id and the outcome.</summary>
[Collection(TelemetryIsolation.Name)]
public sealed class InstrumentationActivityTests : IDisposable
{
    private const string Policy = "retail";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecoveryRulesInstrumentation _instrumentation;
    private readonly List<Activity> _stopped = [];
    private ActivitySamplingResult _sampling = ActivitySamplingResult.AllDataAndRecorded;
    private readonly ActivityListener _listener;

    public InstrumentationActivityTests()
    {
        _instrumentation = new RecoveryRulesInstrumentation(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _instrumentation.Source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => _sampling,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _instrumentation.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void An_evaluation_is_one_span_tagged_with_the_policy_identity_the_case_and_the_outcome()
    {
        var policy = TelemetryData.Retail;

        Evaluate(policy, "c-1042");

        var span = _stopped.Should().ContainSingle().Subject;
        span.Source.Name.Should().Be(RecoveryRulesTelemetry.ActivitySourceName);
        span.OperationName.Should().Be("recoveryrules.evaluate");
        span.Kind.Should().Be(ActivityKind.Internal);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.TagObjects.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["recoveryrules.policy"] = Policy,
            ["recoveryrules.policy.id"] = "retail-recovery",
            ["recoveryrules.policy.version"] = "2026.11",
            ["recoveryrules.policy.hash"] = policy.Identity.Hash,
            ["recoveryrules.case.id"] = "c-1042",
            ["recoveryrules.outcome"] = "decision",
        });
    }

    [Fact]
    public void A_case_error_span_has_the_error_id_and_an_error_status_with_the_message()
    {
        var result = Evaluate(TelemetryData.Retail, "c-1099");

        var span = _stopped.Should().ContainSingle().Subject;
        span.GetTagItem("recoveryrules.outcome").Should().Be("case_error");
        span.GetTagItem("error.id").Should().Be(result.Error!.Id);
        span.GetTagItem("recoveryrules.case.id").Should().Be("c-1099");
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.StatusDescription.Should().Be(result.Error.Message);
    }

    [Fact]
    public void An_evaluation_that_threw_ends_its_span_as_failed_with_an_error_status()
    {
        var started = _instrumentation.EvaluationStarting(Policy, TelemetryData.Retail.Identity, out var activity);
        _instrumentation.EvaluationFinished(Policy, TelemetryData.Retail.Identity, started, activity, decision: null, error: null);

        var span = _stopped.Should().ContainSingle().Subject;
        span.GetTagItem("recoveryrules.outcome").Should().Be("failed");
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.TagObjects.Select(t => t.Key).Should().NotContain(["recoveryrules.case.id", "error.id"]);
    }

    [Fact]
    public void A_case_without_an_id_has_no_case_id_tag()
    {
        var policy = TelemetryData.Retail;
        var started = _instrumentation.EvaluationStarting(Policy, policy.Identity, out var activity);
        var result = policy.EvaluateJson("""{"severity": "minor", "channel": "chat", "delay": "30m", "orderValue": 20, "failureType": "information", "proactive": false}""");
        _instrumentation.EvaluationFinished(Policy, policy.Identity, started, activity, result.Decision, result.Error);

        result.Decision.Should().NotBeNull();
        _stopped.Should().ContainSingle().Which.TagObjects.Select(t => t.Key).Should().NotContain("recoveryrules.case.id");
    }

    [Fact]
    public void The_span_is_a_child_of_the_current_activity_and_ends_before_evaluation_finished_returns()
    {
        using var parent = new Activity("crm.request").Start();

        var started = _instrumentation.EvaluationStarting(Policy, TelemetryData.Retail.Identity, out var activity);
        Activity.Current.Should().BeSameAs(activity);
        var result = TelemetryData.Retail.EvaluateJson(TelemetryData.Case("c-1043"));
        _instrumentation.EvaluationFinished(Policy, TelemetryData.Retail.Identity, started, activity, result.Decision, result.Error);

        activity!.ParentId.Should().Be(parent.Id);
        activity.IsStopped.Should().BeTrue();
        Activity.Current.Should().BeSameAs(parent);
    }

    [Fact]
    public void A_listener_that_samples_nothing_gets_no_span()
    {
        _sampling = ActivitySamplingResult.None;

        _instrumentation.EvaluationStarting(Policy, TelemetryData.Retail.Identity, out var activity);

        activity.Should().BeNull();
    }

    [Fact]
    public void A_span_sampled_for_propagation_only_carries_no_tags()
    {
        _sampling = ActivitySamplingResult.PropagationData;

        Evaluate(TelemetryData.Retail, "c-1042");

        _stopped.Should().ContainSingle().Which.TagObjects.Should().BeEmpty();
    }

    private CaseResult Evaluate(RecoveryPolicy policy, string caseId)
    {
        var started = _instrumentation.EvaluationStarting(Policy, policy.Identity, out var activity);
        activity.Should().NotBeNull();
        var result = policy.EvaluateJson(TelemetryData.Case(caseId));
        _instrumentation.EvaluationFinished(Policy, policy.Identity, started, activity, result.Decision, result.Error);
        return result;
    }
}

using System.Collections.Immutable;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>The comparison of a shadow policy's outcome with the active one's (docs/embedding.md, "Shadow").</summary>
public sealed class ShadowComparisonTests
{
    [Fact]
    public void The_same_outcome_from_another_policy_version_is_no_difference()
    {
        var json = TelemetryData.Case("c-1042");
        var active = TelemetryData.Retail.EvaluateJson(json);
        var candidate = TelemetryData.Candidate.EvaluateJson(json);

        candidate.Decision!.Policy.Should().NotBe(active.Decision!.Policy);
        ShadowComparison.Compare(active, candidate).Should().BeEmpty();
    }

    [Fact]
    public void A_different_compensation_is_a_difference_with_the_active_value_first_and_the_candidate_second()
    {
        var json = TelemetryData.Case("c-1043");

        var differences = ShadowComparison.Compare(TelemetryData.Retail.EvaluateJson(json), TelemetryData.Candidate.EvaluateJson(json));

        differences.Should().Equal(
            new DecisionDifference("compensation.total", "12.00", "24.00"),
            new DecisionDifference("compensation.items[0].amount", "12.00", "24.00"));
    }

    [Fact]
    public void A_case_error_against_a_decision_is_a_difference_in_the_error_id()
    {
        var json = TelemetryData.Case("c-1042");
        var active = TelemetryData.Retail.EvaluateJson(json);
        var candidate = new CaseResult(null, new CaseError("c-1042", "RR0403", "orderValue: not money", "orderValue"));

        ShadowComparison.Compare(active, candidate).Should().Equal(new DecisionDifference("error.id", "none", "RR0403"));
    }

    [Fact]
    public void Differences_are_described_on_one_line_for_the_log()
    {
        ImmutableArray<DecisionDifference> differences =
        [
            new("compensation.total", "12.00", "24.00"),
            new("fired", "[major-on-time]", "[]"),
        ];

        ShadowComparison.Describe(differences).Should().Be("compensation.total: 12.00 -> 24.00; fired: [major-on-time] -> []");
        ShadowComparison.Describe([]).Should().BeEmpty();
    }
}

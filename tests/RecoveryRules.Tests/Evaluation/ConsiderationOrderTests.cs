using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§3.1–3.3 and §9: consideration order, conditions and stop.</summary>
public sealed class ConsiderationOrderTests
{
    [Fact]
    public void Rules_are_considered_by_descending_priority_with_ties_in_file_order()
    {
        var decision = Load("order.policy.yaml").Decide(Case());

        string[] expected = ["high", "just-above-tie", "tie-first-in-file", "tie-second-in-file", "low", "default-priority", "negative"];
        decision.Fired.Should().Equal(expected);
        decision.Notes.Should().Equal(expected, "notes come in consideration order");
    }

    [Fact]
    public void Fractional_priorities_compare_by_value_so_2_5_and_2_50_tie()
    {
        var policy = Load("order.policy.yaml");
        var explanation = policy.Decide(Case(), EvaluationOptions.WithExplanation).Explanation!;

        explanation.Rules.Select(r => (r.Rule, r.Priority)).Should().Equal(
            ("high", 10m), ("just-above-tie", 2.51m), ("tie-first-in-file", 2.5m), ("tie-second-in-file", 2.5m),
            ("low", 1m), ("default-priority", 0m), ("negative", -3m));
        policy.RuleIds.Should().Equal("low", "tie-first-in-file", "high", "tie-second-in-file", "negative", "just-above-tie", "default-priority");
    }

    [Fact]
    public void Matching_stop_rule_ends_consideration_of_every_rule_after_it_in_consideration_order()
    {
        var decision = Load("stop.policy.yaml").Decide(Case("\"outage\": true"), EvaluationOptions.WithExplanation);

        decision.Fired.Should().Equal("first", "stopper");
        decision.Notes.Should().Equal("first", "stopper");
        decision.Explanation!.Rules.Select(r => (r.Rule, r.Outcome, r.Stopped)).Should().Equal(
            ("first", RuleOutcome.Matched, false),
            ("stopper", RuleOutcome.Matched, true),
            ("same-priority-after-stopper", RuleOutcome.NotConsidered, false),
            ("later-in-consideration", RuleOutcome.NotConsidered, false));
    }

    [Fact]
    public void Stop_rule_that_does_not_match_stops_nothing()
    {
        var decision = Load("stop.policy.yaml").Decide(Case("\"outage\": false"), EvaluationOptions.WithExplanation);

        decision.Fired.Should().Equal("first", "same-priority-after-stopper", "later-in-consideration");
        decision.Explanation!.Rules.Should().OnlyContain(r => !r.Stopped);
        decision.Explanation.Rules.Single(r => r.Rule == "stopper").Outcome.Should().Be(RuleOutcome.NotMatched);
    }

    [Fact]
    public void Rule_without_when_always_matches()
    {
        Load("order.policy.yaml").Decide(Case()).Fired.Should().HaveCount(7);
    }

    [Fact]
    public void When_list_and_and_stop_at_the_first_deciding_condition_so_a_guarded_division_never_fails()
    {
        var policy = Load("guarded.policy.yaml");

        policy.Decide(Case("\"orderValue\": 50, \"count\": 0")).Fired.Should().Equal("guarded-or", "unguarded");
        policy.Decide(Case("\"orderValue\": 50, \"count\": 2")).Fired.Should().Equal("guarded-list", "guarded-and", "guarded-or");
    }

    [Fact]
    public void Condition_that_divides_by_zero_for_the_case_makes_the_case_an_error()
    {
        var policy = Load("unguarded.policy.yaml");

        var error = policy.Reject(Case("\"orderValue\": 50, \"count\": 0"));

        error.Id.Should().Be("RR0420");
        error.CaseId.Should().Be("t");
    }
}

using System.Collections.Immutable;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>The contract's own example: the §1 policy with the §4 case gives exactly the §5 decision.</summary>
public sealed class EndToEndTests
{
    private static readonly RecoveryPolicy Retail = Load("retail.policy.yaml");

    [Fact]
    public void Retail_policy_with_the_example_case_gives_the_example_decision_field_by_field()
    {
        var decision = Retail.Decide(ReadData("Evaluation", "case-c-1042.json"));

        decision.CaseId.Should().Be("c-1042");
        decision.Policy.Id.Should().Be("retail-recovery");
        decision.Policy.Version.Should().Be("2026.11");
        decision.Policy.Hash.Should().MatchRegex("^sha256:[0-9a-f]{64}$");

        decision.Compensation.Total.Should().Be(80m);
        decision.Compensation.Currency.Should().Be("USD");
        decision.Compensation.Capped.Should().BeFalse();
        decision.Compensation.Items.Should().Equal(new CompensationItem("refund", 80m, "critical-high-value", null));

        decision.Escalation.Should().Be(new EscalationDecision("duty-manager", TimeSpan.FromHours(1), "critical-high-value"));

        decision.Empowerment!.Role.Should().Be("frontline");
        decision.Empowerment.Limit.Should().Be(200m);
        decision.Empowerment.Actions.Should().Equal("refund", "replace");
        decision.Empowerment.Rules.Should().Equal("critical-high-value");

        decision.Notes.Should().Equal("Call the customer back personally.");
        decision.Fired.Should().Equal("critical-high-value");
        decision.EvaluatedAt.Should().Be(Now);
        decision.Explanation.Should().BeNull("the fast path explains nothing");
    }

    [Fact]
    public void Retail_decision_json_is_exactly_the_example_with_minor_unit_money_and_iso_durations()
    {
        var expected = ReadData("Evaluation", "case-c-1042.decision.json").Trim().Replace("$HASH", Retail.Identity.Hash, StringComparison.Ordinal);

        var json = Retail.EvaluateJson(ReadData("Evaluation", "case-c-1042.json")).ToJson();

        json.Should().Be(expected);
        json.Should().Contain("\"total\":80.00").And.Contain("\"limit\":200.00").And.Contain("\"within\":\"PT1H\"");
    }

    [Fact]
    public void Retail_policy_hash_is_stable_across_releases()
    {
        // Recorded decisions (§8) are replayed against this hash: a change here breaks every record.
        Retail.Identity.Hash.Should().Be(ReadData("Evaluation", "retail.policy.hash.txt").Trim());
    }

    [Fact]
    public void Case_built_in_code_gives_the_same_decision_as_the_json_case()
    {
        var built = Retail.CreateCase("c-1042")
            .With("severity", "critical")
            .With("channel", "phone")
            .With("delay", TimeSpan.FromHours(3))
            .With("customer.tier", "gold")
            .With("customer.value", 12000m)
            .With("orderValue", 80m)
            .With("failureType", "technical")
            .With("proactive", false)
            .Build();

        Retail.Evaluate(built).ToJson().Should().Be(Retail.EvaluateJson(ReadData("Evaluation", "case-c-1042.json")).ToJson());
    }

    [Fact]
    public void Explanation_lists_every_rule_in_consideration_order_with_condition_values()
    {
        var decision = Retail.Decide(ReadData("Evaluation", "case-c-1042.json"), EvaluationOptions.WithExplanation);

        var explanation = decision.Explanation!;
        explanation.OtherwiseApplied.Should().BeFalse();
        explanation.CompensationMode.Should().Be("sum");
        explanation.EscalationMode.Should().Be("highest");
        explanation.EmpowermentMode.Should().Be("highest");
        explanation.CompensationRules.Should().Equal("critical-high-value");
        explanation.Cap.Should().Be(80m);
        explanation.UncappedTotal.Should().Be(80m);
        explanation.Rules.Select(r => (r.Rule, r.Outcome)).Should().Equal(
            ("critical-high-value", RuleOutcome.Matched),
            ("major-on-time", RuleOutcome.NotMatched),
            ("known-outage", RuleOutcome.NotMatched));
        explanation.Rules[1].Conditions.Select(c => (c.Condition, c.Value)).Should().Equal(
            ("severity == major", (bool?)false),
            ("not late", (bool?)null));
        explanation.Rules[2].Conditions.Select(c => c.Value).Should().Equal(false, null);
        explanation.Facts.Should().Contain(new KeyValuePair<string, string>("repeatFailures", "0"), "defaults are shown as applied");

        var fast = Retail.Decide(ReadData("Evaluation", "case-c-1042.json"));
        (decision with { Explanation = null }).ToJson().Should().Be(fast.ToJson(), "explaining never changes the decision");
    }

    [Fact]
    public void Retail_batch_decides_each_case_and_reports_the_misspelled_one_in_its_place()
    {
        var lines = File.ReadAllLines(DataPath("Evaluation", "retail-cases.jsonl"));

        var results = lines.Select(line => Retail.EvaluateJson(line)).ToImmutableArray();

        results.Select(r => r.IsDecision).Should().Equal(true, true, true, true, true, false);
        results[1].Decision!.Compensation.Items.Should().Equal(new CompensationItem("credit", 12.00m, "major-on-time", null));
        results[2].Decision!.Fired.Should().Equal("known-outage");
        results[2].Decision!.Compensation.Total.Should().Be(15.00m);
        results[3].Decision!.Escalation.Should().Be(new EscalationDecision("team-lead", TimeSpan.FromHours(48), "otherwise"));
        results[4].Decision!.Fired.Should().BeEmpty("late major failures match no rule");
        results[5].Error!.Id.Should().Be("RR0403");
        results[5].ToJson().Should().StartWith("{\"case\":\"c-1047\",\"error\":{\"id\":\"RR0403\",");
    }
}

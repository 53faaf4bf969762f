using System.Collections.Immutable;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.Decisions;

/// <summary>Decisions, their parts and case errors compare by value, arrays element by element (docs/embedding.md §5).</summary>
public sealed class DecisionEqualityTests
{
    // Two rules fire (critical-high-value, then known-outage, which stops), so the fired ids and the
    // items are arrays made for this evaluation; the cap (orderValue) limits the total.
    private const string Case =
        """{"id": "c-1", "severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold", "value": 12000}, "orderValue": 80, "failureType": "technical", "proactive": true}""";

    private static readonly RecoveryPolicy Policy = Policies.Load("retail.policy.yaml");

    private static Decision Evaluate(bool explain = true) =>
        Policy.Evaluate(Policy.ReadCase(Case), explain ? EvaluationOptions.WithExplanation : null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_evaluations_of_one_case_with_a_fixed_clock_are_equal_with_equal_hash_codes(bool explain)
    {
        var first = Evaluate(explain);
        var second = Evaluate(explain);

        second.Should().NotBeSameAs(first);
        second.Compensation.Items.Should().NotBeSameAs(first.Compensation.Items);
        first.Fired.Length.Should().BeGreaterThan(1, "the case fires several rules, so the arrays are fresh");
        second.Equals(first).Should().BeTrue();
        (second == first).Should().BeTrue();
        second.GetHashCode().Should().Be(first.GetHashCode());
        first.Equals((object?)second).Should().BeTrue();
    }

    [Fact]
    public void Copies_of_the_arrays_compare_by_their_elements()
    {
        var decision = Evaluate();
        var copy = decision with
        {
            Notes = [.. decision.Notes],
            Fired = [.. decision.Fired],
            Compensation = decision.Compensation with { Items = [.. decision.Compensation.Items.Select(i => i with { })] },
            Empowerment = decision.Empowerment! with { Actions = [.. decision.Empowerment.Actions], Rules = [.. decision.Empowerment.Rules] },
            Explanation = decision.Explanation! with
            {
                Facts = [.. decision.Explanation.Facts.Select(f => new KeyValuePair<string, string>(new string(f.Key.AsSpan()), new string(f.Value.AsSpan())))],
                Rules = [.. decision.Explanation.Rules.Select(r => r with { Conditions = [.. r.Conditions.Select(c => c with { })] })],
                CompensationRules = [.. decision.Explanation.CompensationRules],
            },
        };

        copy.Should().Be(decision);
        copy.GetHashCode().Should().Be(decision.GetHashCode());
    }

    [Fact]
    public void Amounts_that_differ_only_in_scale_are_equal()
    {
        var decision = Evaluate(explain: false);
        var a = decision with { Compensation = decision.Compensation with { Total = 80m } };
        var b = decision with { Compensation = decision.Compensation with { Total = 80.00m } };

        b.Should().Be(a);
        b.GetHashCode().Should().Be(a.GetHashCode());
    }

    [Fact]
    public void The_case_under_test_fills_every_part_of_the_decision()
    {
        var decision = Evaluate();
        decision.Escalation.Should().NotBeNull();
        decision.Escalation!.Within.Should().NotBeNull();
        decision.Empowerment.Should().NotBeNull();
        decision.Empowerment!.Limit.Should().NotBeNull();
        decision.Empowerment.Actions.Should().NotBeEmpty();
        decision.Notes.Should().NotBeEmpty();
        decision.Compensation.Items.Should().Contain(i => i.Note != null);
        decision.Explanation!.Rules.Should().Contain(r => r.Stopped || r.Outcome == RuleOutcome.Matched);
        decision.Explanation.Cap.Should().NotBeNull();
        decision.Compensation.Capped.Should().BeTrue();
    }

    [Theory]
    [InlineData("CaseId")]
    [InlineData("Policy.Id")]
    [InlineData("Policy.Version")]
    [InlineData("Policy.Hash")]
    [InlineData("Compensation.Total")]
    [InlineData("Compensation.Currency")]
    [InlineData("Compensation.Capped")]
    [InlineData("Compensation.Items.Count")]
    [InlineData("Compensation.Items.Kind")]
    [InlineData("Compensation.Items.Amount")]
    [InlineData("Compensation.Items.Rule")]
    [InlineData("Compensation.Items.Note")]
    [InlineData("Escalation")]
    [InlineData("Escalation.To")]
    [InlineData("Escalation.Within")]
    [InlineData("Escalation.Rule")]
    [InlineData("Empowerment")]
    [InlineData("Empowerment.Role")]
    [InlineData("Empowerment.Limit")]
    [InlineData("Empowerment.Actions")]
    [InlineData("Empowerment.Rules")]
    [InlineData("Notes")]
    [InlineData("Notes.Order")]
    [InlineData("Fired")]
    [InlineData("EvaluatedAt")]
    [InlineData("Explanation")]
    [InlineData("Explanation.Facts.Key")]
    [InlineData("Explanation.Facts.Value")]
    [InlineData("Explanation.Rules.Rule")]
    [InlineData("Explanation.Rules.Priority")]
    [InlineData("Explanation.Rules.Outcome")]
    [InlineData("Explanation.Rules.Stopped")]
    [InlineData("Explanation.Rules.Conditions.Condition")]
    [InlineData("Explanation.Rules.Conditions.Value")]
    [InlineData("Explanation.OtherwiseApplied")]
    [InlineData("Explanation.CompensationMode")]
    [InlineData("Explanation.EscalationMode")]
    [InlineData("Explanation.EmpowermentMode")]
    [InlineData("Explanation.CompensationRules")]
    [InlineData("Explanation.UncappedTotal")]
    [InlineData("Explanation.Cap")]
    public void A_decision_that_differs_in_any_field_is_not_equal(string field)
    {
        var decision = Evaluate();
        var changed = Change(decision, field);

        changed.Should().NotBe(decision);
        (changed == decision).Should().BeFalse();
        (changed != decision).Should().BeTrue();
        decision.Equals(changed).Should().BeFalse();
    }

    [Theory]
    [InlineData("CaseId")]
    [InlineData("Id")]
    [InlineData("Message")]
    [InlineData("Field")]
    public void Case_errors_are_equal_by_value_and_differ_in_any_field(string field)
    {
        var error = Policy.EvaluateJson("""{"id": "c-9", "severity": "urgent"}""").Error!;
        var again = Policy.EvaluateJson("""{"id": "c-9", "severity": "urgent"}""").Error!;
        again.Should().NotBeSameAs(error);
        again.Should().Be(error);
        again.GetHashCode().Should().Be(error.GetHashCode());

        var changed = field switch
        {
            "CaseId" => error with { CaseId = "c-10" },
            "Id" => error with { Id = "RR0499" },
            "Message" => error with { Message = error.Message + "!" },
            "Field" => error with { Field = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        changed.Should().NotBe(error);
    }

    [Fact]
    public void Case_results_compare_their_decisions_by_value()
    {
        var first = Policy.EvaluateJson(Case);
        var second = Policy.EvaluateJson(Case);

        second.Should().Be(first);
        second.GetHashCode().Should().Be(first.GetHashCode());
    }

    private static Decision Change(Decision d, string field)
    {
        var compensation = d.Compensation;
        var item = compensation.Items[0];
        var escalation = d.Escalation!;
        var empowerment = d.Empowerment!;
        var explanation = d.Explanation!;
        var rule = explanation.Rules[0];
        var condition = rule.Conditions[0];
        var fact = explanation.Facts[0];
        return field switch
        {
            "CaseId" => d with { CaseId = "c-2" },
            "Policy.Id" => d with { Policy = d.Policy with { Id = "other" } },
            "Policy.Version" => d with { Policy = d.Policy with { Version = "2" } },
            "Policy.Hash" => d with { Policy = d.Policy with { Hash = "sha256:00" } },
            "Compensation.Total" => d with { Compensation = compensation with { Total = compensation.Total + 0.01m } },
            "Compensation.Currency" => d with { Compensation = compensation with { Currency = "EUR" } },
            "Compensation.Capped" => d with { Compensation = compensation with { Capped = !compensation.Capped } },
            "Compensation.Items.Count" => d with { Compensation = compensation with { Items = compensation.Items.RemoveAt(0) } },
            "Compensation.Items.Kind" => d with { Compensation = compensation with { Items = compensation.Items.SetItem(0, item with { Kind = "voucher-x" }) } },
            "Compensation.Items.Amount" => d with { Compensation = compensation with { Items = compensation.Items.SetItem(0, item with { Amount = (item.Amount ?? 0m) + 1m }) } },
            "Compensation.Items.Rule" => d with { Compensation = compensation with { Items = compensation.Items.SetItem(0, item with { Rule = "other-rule" }) } },
            "Compensation.Items.Note" => d with { Compensation = compensation with { Items = compensation.Items.SetItem(0, item with { Note = item.Note + "!" }) } },
            "Escalation" => d with { Escalation = null },
            "Escalation.To" => d with { Escalation = escalation with { To = "ceo" } },
            "Escalation.Within" => d with { Escalation = escalation with { Within = escalation.Within + TimeSpan.FromMinutes(1) } },
            "Escalation.Rule" => d with { Escalation = escalation with { Rule = "other-rule" } },
            "Empowerment" => d with { Empowerment = null },
            "Empowerment.Role" => d with { Empowerment = empowerment with { Role = "director" } },
            "Empowerment.Limit" => d with { Empowerment = empowerment with { Limit = empowerment.Limit + 1m } },
            "Empowerment.Actions" => d with { Empowerment = empowerment with { Actions = empowerment.Actions.Add("upgrade-x") } },
            "Empowerment.Rules" => d with { Empowerment = empowerment with { Rules = empowerment.Rules.Add("other-rule") } },
            "Notes" => d with { Notes = d.Notes.Add("another note") },
            "Notes.Order" => d with { Notes = d.Notes.Add("another note").Reverse().ToImmutableArray() },
            "Fired" => d with { Fired = d.Fired.RemoveAt(d.Fired.Length - 1) },
            "EvaluatedAt" => d with { EvaluatedAt = d.EvaluatedAt.AddTicks(1) },
            "Explanation" => d with { Explanation = null },
            "Explanation.Facts.Key" => d with { Explanation = explanation with { Facts = explanation.Facts.SetItem(0, new(fact.Key + "x", fact.Value)) } },
            "Explanation.Facts.Value" => d with { Explanation = explanation with { Facts = explanation.Facts.SetItem(0, new(fact.Key, fact.Value + "x")) } },
            "Explanation.Rules.Rule" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Rule = "other-rule" }) } },
            "Explanation.Rules.Priority" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Priority = rule.Priority + 1 }) } },
            "Explanation.Rules.Outcome" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Outcome = rule.Outcome == RuleOutcome.Matched ? RuleOutcome.NotMatched : RuleOutcome.Matched }) } },
            "Explanation.Rules.Stopped" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Stopped = !rule.Stopped }) } },
            "Explanation.Rules.Conditions.Condition" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Conditions = rule.Conditions.SetItem(0, condition with { Condition = condition.Condition + " " }) }) } },
            "Explanation.Rules.Conditions.Value" => d with { Explanation = explanation with { Rules = explanation.Rules.SetItem(0, rule with { Conditions = rule.Conditions.SetItem(0, condition with { Value = condition.Value is null ? true : null }) }) } },
            "Explanation.OtherwiseApplied" => d with { Explanation = explanation with { OtherwiseApplied = !explanation.OtherwiseApplied } },
            "Explanation.CompensationMode" => d with { Explanation = explanation with { CompensationMode = "max" } },
            "Explanation.EscalationMode" => d with { Explanation = explanation with { EscalationMode = "first" } },
            "Explanation.EmpowermentMode" => d with { Explanation = explanation with { EmpowermentMode = "first" } },
            "Explanation.CompensationRules" => d with { Explanation = explanation with { CompensationRules = explanation.CompensationRules.Add("other-rule") } },
            "Explanation.UncappedTotal" => d with { Explanation = explanation with { UncappedTotal = explanation.UncappedTotal + 1m } },
            "Explanation.Cap" => d with { Explanation = explanation with { Cap = explanation.Cap + 1m } },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }
}

using System.Collections.Immutable;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary><see cref="DecisionComparison.Compare"/>: values, not text; every member but evaluatedAt and policy; each difference at its exact path.</summary>
public sealed class DecisionComparisonTests
{
    private static readonly PolicyIdentity Policy = new("retail-recovery", "2026.11", "sha256:0");

    private static Decision Decision(
        decimal total = 20.00m,
        TimeSpan? within = null,
        ImmutableArray<CompensationItem>? items = null,
        EmpowermentDecision? empowerment = null,
        ImmutableArray<string>? fired = null) => new()
        {
            CaseId = "c-1",
            Policy = Policy,
            Compensation = new CompensationDecision(total, "USD", false, items ?? [new CompensationItem("credit", total, "r1", null)]),
            Escalation = new EscalationDecision("supervisor", within ?? TimeSpan.FromHours(1), "r1"),
            Empowerment = empowerment ?? new EmpowermentDecision("frontline", 50m, ["refund", "replace"], ["r1"]),
            Notes = ["Call back."],
            Fired = fired ?? ["r1"],
            EvaluatedAt = Now,
        };

    private static CaseResult Result(Decision decision) => new(decision, null);

    private static ImmutableArray<DecisionDifference> Compare(Decision recorded, Decision replayed) =>
        DecisionComparison.Compare(Result(recorded), Result(replayed));

    [Fact]
    public void Amounts_compare_as_values_whatever_their_decimals()
    {
        Compare(Decision(total: 20.0m), Decision(total: 20.00m)).Should().BeEmpty();
    }

    [Fact]
    public void Durations_compare_as_values_whatever_form_they_were_read_from()
    {
        var lines = new[] { "PT1H", "PT60M", "1h", "60m", "3600s" }.Select(within =>
            ReadData("Records", "c-1042.record.jsonl").TrimEnd('\n').Replace("\"within\":\"PT1H\"", $"\"within\":\"{within}\"", StringComparison.Ordinal));
        var results = lines.Select(line =>
        {
            DecisionRecord.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var record, out var problem).Should().BeTrue(problem);
            return record!.Result;
        }).ToList();

        results.Skip(1).Should().AllSatisfy(result => DecisionComparison.Compare(results[0], result).Should().BeEmpty());
    }

    [Fact]
    public void A_changed_amount_is_a_difference_at_its_exact_path()
    {
        var recorded = Decision(total: 20m, items: [new CompensationItem("credit", 20m, "r1", null), new CompensationItem("voucher", 5m, "r2", "Sorry")]);
        var replayed = Decision(total: 25m, items: [new CompensationItem("credit", 20m, "r1", null), new CompensationItem("voucher", 10m, "r2", "Sorry")]);

        Compare(recorded, replayed).Should().Equal(
            new DecisionDifference("compensation.total", "20.00", "25.00"),
            new DecisionDifference("compensation.items[1].amount", "5.00", "10.00"));
    }

    [Fact]
    public void Every_member_but_evaluatedAt_and_policy_is_compared()
    {
        var recorded = Decision();
        var replayed = recorded with
        {
            CaseId = "c-2",
            Policy = Policy with { Version = "2027.1", Hash = "sha256:1" },
            EvaluatedAt = Now.AddDays(3),
            Compensation = recorded.Compensation with { Currency = "EUR", Capped = true, Items = [new CompensationItem("refund", null, "r9", "n")] },
            Escalation = new EscalationDecision("retention", null, "r9"),
            Empowerment = new EmpowermentDecision("manager", null, ["refund"], ["r9"]),
            Notes = ["Call back.", "Send flowers."],
            Fired = ["r9"],
        };

        Compare(recorded, replayed).Should().Equal(
            new DecisionDifference("case", "c-1", "c-2"),
            new DecisionDifference("compensation.currency", "USD", "EUR"),
            new DecisionDifference("compensation.capped", "false", "true"),
            new DecisionDifference("compensation.items[0].kind", "credit", "refund"),
            new DecisionDifference("compensation.items[0].amount", "20.00", "none"),
            new DecisionDifference("compensation.items[0].rule", "r1", "r9"),
            new DecisionDifference("compensation.items[0].note", "none", "n"),
            new DecisionDifference("escalation.to", "supervisor", "retention"),
            new DecisionDifference("escalation.within", "1h", "none"),
            new DecisionDifference("escalation.rule", "r1", "r9"),
            new DecisionDifference("empowerment.role", "frontline", "manager"),
            new DecisionDifference("empowerment.limit", "50.00", "none"),
            new DecisionDifference("empowerment.actions", "[refund, replace]", "[refund]"),
            new DecisionDifference("empowerment.rules", "[r1]", "[r9]"),
            new DecisionDifference("notes", "[\"Call back.\"]", "[\"Call back.\", \"Send flowers.\"]"),
            new DecisionDifference("fired", "[r1]", "[r9]"));
    }

    [Fact]
    public void Only_evaluatedAt_and_policy_differing_is_no_difference()
    {
        var recorded = Decision();

        Compare(recorded, recorded with { EvaluatedAt = Now.AddYears(1), Policy = Policy with { Hash = "sha256:ffff" } }).Should().BeEmpty();
    }

    [Fact]
    public void Lists_are_compared_in_the_decision_s_order()
    {
        Compare(Decision(fired: ["r1", "r2"]), Decision(fired: ["r2", "r1"]))
            .Should().Equal(new DecisionDifference("fired", "[r1, r2]", "[r2, r1]"));
        Compare(Decision(empowerment: new EmpowermentDecision("frontline", 50m, ["refund", "replace"], ["r1"])), Decision(empowerment: new EmpowermentDecision("frontline", 50m, ["replace", "refund"], ["r1"])))
            .Should().Equal(new DecisionDifference("empowerment.actions", "[refund, replace]", "[replace, refund]"));
    }

    [Fact]
    public void An_item_added_or_dropped_is_one_difference_describing_it()
    {
        var one = Decision(items: [new CompensationItem("credit", 20m, "r1", null)]);
        var two = Decision(items: [new CompensationItem("credit", 20m, "r1", null), new CompensationItem("apology", null, "r2", null)]);

        Compare(one, two).Should().Equal(new DecisionDifference("compensation.items[1]", "none", "apology (rule r2)"));
        Compare(two, one).Should().Equal(new DecisionDifference("compensation.items[1]", "apology (rule r2)", "none"));
    }

    [Fact]
    public void An_escalation_or_empowerment_that_appears_or_goes_is_one_difference()
    {
        var recorded = Decision(within: TimeSpan.FromMinutes(90));
        var replayed = recorded with { Escalation = null, Empowerment = null };

        Compare(recorded, replayed).Should().Equal(
            new DecisionDifference("escalation", "supervisor within 1h30m (rule r1)", "none"),
            new DecisionDifference("empowerment", "frontline, limit 50.00, actions [refund, replace]", "none"));
    }

    [Fact]
    public void A_decision_that_became_an_error_differs_in_error_id()
    {
        var error = new CaseError("c-1", "RR0410", "'occurredAt' is in the future", "occurredAt");

        DecisionComparison.Compare(Result(Decision()), new CaseResult(null, error))
            .Should().Equal(new DecisionDifference("error.id", "none", "RR0410"));
        DecisionComparison.Compare(new CaseResult(null, error), Result(Decision()))
            .Should().Equal(new DecisionDifference("error.id", "RR0410", "none"));
    }

    [Fact]
    public void Two_errors_compare_id_message_and_field()
    {
        var recorded = new CaseError("c-1", "RR0403", "'orderValue' is missing", "orderValue");

        DecisionComparison.Compare(new CaseResult(null, recorded), new CaseResult(null, recorded with { })).Should().BeEmpty();
        DecisionComparison.Compare(new CaseResult(null, recorded), new CaseResult(null, new CaseError("c-1", "RR0401", "'tier' is missing", null)))
            .Should().Equal(
                new DecisionDifference("error.id", "RR0403", "RR0401"),
                new DecisionDifference("error.message", "'orderValue' is missing", "'tier' is missing"),
                new DecisionDifference("error.field", "orderValue", "none"));
    }

    [Theory]
    [InlineData(80, "USD", "80.00")]
    [InlineData(80.5, "USD", "80.50")]
    [InlineData(80.125, "USD", "80.125")]
    [InlineData(1500, "JPY", "1500")]
    [InlineData(1.5, "KWD", "1.500")]
    [InlineData(-3, "EUR", "-3.00")]
    public void Amounts_are_written_with_the_currency_s_decimals_and_never_rounded(double amount, string currency, string text)
    {
        DecisionComparison.Money((decimal)amount, currency).Should().Be(text);
    }
}

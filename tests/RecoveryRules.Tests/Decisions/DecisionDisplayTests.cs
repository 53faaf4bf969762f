using System.Globalization;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Decisions;

/// <summary>The one renderer of a decision: the account, why a rule fired or did not, money and durations.</summary>
public sealed class DecisionDisplayTests
{
    private const string Critical = """{"id": "c-1", "severity": "critical", "channel": "phone", "delay": "3h", "orderValue": 80}""";

    private static RecoveryPolicy Policy() => LoadFrom("Decisions", "explain.policy.yaml");

    private static Decision Explained(string json) => Policy().Decide(json, EvaluationOptions.WithExplanation);

    [Fact]
    public void Why_not_fired_names_the_first_false_condition_and_its_operands()
    {
        DecisionDisplay.WhyNotFired(Explained(Critical), "major-on-time")
            .Should().Be("major-on-time: severity == major was false (severity is critical)");
    }

    [Fact]
    public void Why_not_fired_gives_every_operand_of_the_false_condition()
    {
        DecisionDisplay.WhyNotFired(Explained(Critical), "pricey")
            .Should().Be("pricey: (vip and orderValue >= 50) or halfOrder > 100 or customer.value >= 1000 was false (vip is false, orderValue is 80 USD, halfOrder is 40 USD, customer.value is 0 USD)");
    }

    [Fact]
    public void Why_not_fired_after_a_stop_names_the_rule_that_stopped()
    {
        DecisionDisplay.WhyNotFired(Explained(Critical), "late-goodwill")
            .Should().Be("late-goodwill: not considered (critical-outage stopped the rules after it)");
    }

    [Fact]
    public void Why_not_fired_is_null_for_a_rule_that_fired_an_unknown_rule_and_a_decision_without_explanation()
    {
        var decision = Explained(Critical);

        DecisionDisplay.WhyNotFired(decision, "critical-outage").Should().BeNull();
        DecisionDisplay.WhyNotFired(decision, "no-such-rule").Should().BeNull();
        DecisionDisplay.WhyNotFired(Policy().Decide(Critical), "major-on-time").Should().BeNull();
    }

    [Fact]
    public void Why_fired_gives_every_operand_of_every_condition_once()
    {
        var decision = Explained("""{"severity": "minor", "channel": "chat", "delay": "4h"}""");

        DecisionDisplay.WhyFired(decision, "overdue").Should().Be("overdue: fired, every condition true (overdue is 3h, delay is 4h, channel is chat)");
        DecisionDisplay.WhyFired(Explained(Critical), "critical-outage").Should().Be("critical-outage: fired, every condition true (severity is critical)");
    }

    [Fact]
    public void Why_fired_for_a_rule_without_conditions_says_so()
    {
        DecisionDisplay.WhyFired(Explained(Critical), "always").Should().Be("always: fired (no conditions)");
    }

    [Fact]
    public void Why_fired_is_null_for_a_rule_that_did_not_fire_an_unknown_rule_and_a_decision_without_explanation()
    {
        var decision = Explained(Critical);

        DecisionDisplay.WhyFired(decision, "major-on-time").Should().BeNull();
        DecisionDisplay.WhyFired(decision, "late-goodwill").Should().BeNull();
        DecisionDisplay.WhyFired(decision, "no-such-rule").Should().BeNull();
        DecisionDisplay.WhyFired(Policy().Decide(Critical), "critical-outage").Should().BeNull();
    }

    [Fact]
    public void The_account_of_an_explained_decision_is_the_golden_one()
    {
        const string golden = "Decisions/Data/explain.critical.txt";
        var account = DecisionDisplay.Explain(Explained(Critical));

        if (GoldenFiles.Accepting)
        {
            GoldenFiles.Accept(golden, account);
        }

        account.Should().Be(GoldenFiles.Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, golden))));
    }

    [Fact]
    public void The_account_shows_each_condition_with_its_value_and_operands()
    {
        var lines = DecisionDisplay.Explain(Explained(Critical)).Split('\n').Select(line => line.Trim());

        lines.Should().ContainInOrder(
            "[ ] major-on-time  (priority 100): not matched",
            "false          severity == major  (severity is critical)",
            "not evaluated  not late  (late is false, delay is 3h)",
            "[-] late-goodwill  (priority 0): not considered (critical-outage stopped)",
            "not evaluated  late  (late is false, delay is 3h)");
    }

    [Fact]
    public void Write_explanation_writes_what_explain_returns()
    {
        var decision = Explained(Critical);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };

        DecisionDisplay.WriteExplanation(writer, decision);

        writer.ToString().Should().Be(DecisionDisplay.Explain(decision));
    }

    [Fact]
    public void Without_an_explanation_the_account_gives_the_decision_only()
    {
        var account = DecisionDisplay.Explain(Policy().Decide(Critical));

        account.Should().Be(
            """
            Decision
              Compensation  0.00 USD
                              nothing to give back
              Escalation    supervisor within 1h30m  (decided by critical-outage)
              Empowerment   none
              Notes         overdue
                            always
              Fired         overdue
                            always
                            critical-outage


            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("80.00", "USD", "80.00 USD")]
    [InlineData("80", "USD", "80 USD")]
    [InlineData("8000", "JPY", "8000 JPY")]
    [InlineData("1.250", "KWD", "1.250 KWD")]
    [InlineData("-3.5", "EUR", "-3.5 EUR")]
    public void Money_is_the_amount_as_held_and_the_currency_code(string amount, string currency, string expected)
    {
        DecisionDisplay.Money(decimal.Parse(amount, CultureInfo.InvariantCulture), currency).Should().Be(expected);
    }

    [Fact]
    public void Money_of_a_decision_keeps_the_currency_minor_unit_decimals()
    {
        var decision = Load("money-jpy.policy.yaml").Decide(Case("\"orderValue\": 8000"));

        DecisionDisplay.Money(decision.Compensation.Total, decision.Compensation.Currency).Should().Be("8000 JPY");
        DecisionDisplay.Money(Policy().Decide(Critical).Compensation.Total, "USD").Should().Be("0.00 USD");
    }

    [Theory]
    [InlineData(3600, "1h")]
    [InlineData(172800, "2d")]
    [InlineData(5400, "1h30m")]
    [InlineData(1209600, "2w")]
    [InlineData(90.5, "1m30.5s")]
    [InlineData(0, "0s")]
    [InlineData(-5400, "-1h30m")]
    public void Durations_are_written_the_way_policies_write_them(double seconds, string expected)
    {
        DecisionDisplay.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }

    [Fact]
    public void The_extreme_durations_are_written_without_throwing()
    {
        DecisionDisplay.Duration(TimeSpan.MaxValue).Should().EndWith("s").And.NotStartWith("-");
        DecisionDisplay.Duration(TimeSpan.MinValue).Should().StartWith("-");
    }

    [Fact]
    public void Null_arguments_are_rejected_by_name()
    {
        var decision = Explained(Critical);

        FluentActions.Invoking(() => DecisionDisplay.Explain(null!)).Should().Throw<ArgumentNullException>().WithParameterName("decision");
        FluentActions.Invoking(() => DecisionDisplay.WriteExplanation(null!, decision)).Should().Throw<ArgumentNullException>().WithParameterName("writer");
        FluentActions.Invoking(() => DecisionDisplay.WhyNotFired(decision, null!)).Should().Throw<ArgumentNullException>().WithParameterName("rule");
        FluentActions.Invoking(() => DecisionDisplay.WhyFired(null!, "r")).Should().Throw<ArgumentNullException>().WithParameterName("decision");
        FluentActions.Invoking(() => DecisionDisplay.Money(1m, null!)).Should().Throw<ArgumentNullException>().WithParameterName("currency");
    }

    [Fact]
    public void A_hand_made_explanation_with_default_arrays_renders_without_throwing()
    {
        var decision = Explained(Critical) with
        {
            Notes = default,
            Fired = default,
            Explanation = Explained(Critical).Explanation! with
            {
                Facts = default,
                Rules = [new RuleExplanation("r", 0m, RuleOutcome.NotMatched, [new ConditionExplanation("x", false, default)], false)],
            },
        };

        DecisionDisplay.Explain(decision).Should().Contain("false          x\n");
        DecisionDisplay.WhyNotFired(decision, "r").Should().Be("r: x was false");
    }
}

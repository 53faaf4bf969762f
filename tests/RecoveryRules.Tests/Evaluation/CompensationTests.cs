using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§3.4 and §9 Combination: sum, max, first, the cap, and amounts evaluated even where they are dropped.</summary>
public sealed class CompensationTests
{
    private static readonly RecoveryPolicy Sum = Load("compensation-sum.policy.yaml");
    private static readonly RecoveryPolicy Max = Load("compensation-max.policy.yaml");
    private static readonly RecoveryPolicy First = Load("compensation-first.policy.yaml");

    [Fact]
    public void Sum_keeps_every_item_of_every_matching_rule_in_consideration_order()
    {
        var decision = Sum.Decide(Case("\"apologising\": true, \"fifteen\": true, \"dividing\": true, \"divisor\": 4"));

        decision.Compensation.Items.Select(i => (i.Kind, i.Amount, i.Rule)).Should().Equal(
            ("apology", (decimal?)null, "apology-only"),
            ("credit", 10m, "ten-plus-five"),
            ("voucher", 5m, "ten-plus-five"),
            ("refund", 15m, "fifteen-in-one"),
            ("refund", 5m, "twenty-divided"));
        decision.Compensation.Total.Should().Be(35m);
        decision.Compensation.Capped.Should().BeFalse();
    }

    [Fact]
    public void Sum_of_rules_that_do_not_compensate_is_zero_with_no_items()
    {
        var decision = Sum.Decide(Case("\"escalating\": true"));

        decision.Compensation.Total.Should().Be(0m);
        decision.Compensation.Items.Should().BeEmpty();
        decision.Raw("compensation").Should().Be("{\"total\":0.00,\"currency\":\"USD\",\"capped\":false,\"items\":[]}");
    }

    [Fact]
    public void Max_keeps_only_the_items_of_the_rule_whose_amounts_add_up_to_the_most()
    {
        var decision = Max.Decide(Case("\"fifteen\": true, \"dividing\": true, \"divisor\": 1"), EvaluationOptions.WithExplanation);

        decision.Compensation.Items.Should().Equal(new CompensationItem("refund", 20m, "twenty-divided", null));
        decision.Compensation.Total.Should().Be(20m);
        decision.Explanation!.CompensationRules.Should().Equal("twenty-divided");
        decision.Fired.Should().Equal("ten-plus-five", "fifteen-in-one", "twenty-divided");
    }

    [Fact]
    public void Max_tie_keeps_the_earlier_rule_in_consideration_order()
    {
        var decision = Max.Decide(Case("\"fifteen\": true, \"dividing\": true, \"divisor\": 4"));

        decision.ItemRules().Should().Equal("ten-plus-five", "ten-plus-five");
        decision.Amounts().Should().Equal(10m, 5m);
        decision.Compensation.Total.Should().Be(15m);
    }

    [Fact]
    public void Max_keeps_an_amountless_item_when_it_is_the_only_compensation()
    {
        var decision = Max.Decide(Case("\"escalating\": true, \"apologising\": true"));

        decision.Compensation.Items.Should().Equal(new CompensationItem("apology", null, "apology-only", null));
        decision.Compensation.Total.Should().Be(0m);
    }

    [Fact]
    public void Max_prefers_any_positive_amount_over_an_amountless_item()
    {
        Max.Decide(Case("\"apologising\": true, \"fifteen\": true")).ItemRules().Should().Equal("ten-plus-five", "ten-plus-five");
    }

    [Fact]
    public void First_keeps_the_first_rule_that_compensates_even_with_only_an_amountless_item()
    {
        var decision = First.Decide(Case("\"escalating\": true, \"apologising\": true, \"fifteen\": true"));

        decision.Compensation.Items.Should().Equal(new CompensationItem("apology", null, "apology-only", null));
        decision.Compensation.Total.Should().Be(0m);
        decision.Fired.Should().Equal("escalate-only", "apology-only", "ten-plus-five", "fifteen-in-one");
        decision.Escalation!.To.Should().Be("supervisor", "first compensation does not drop other parts of the decision");
    }

    [Fact]
    public void First_skips_matching_rules_that_do_not_compensate()
    {
        var decision = First.Decide(Case("\"escalating\": true, \"fifteen\": true"));

        decision.ItemRules().Should().Equal("ten-plus-five", "ten-plus-five");
        decision.Compensation.Total.Should().Be(15m);
    }

    [Theory]
    [InlineData("compensation-first.policy.yaml")]
    [InlineData("compensation-max.policy.yaml")]
    [InlineData("compensation-sum.policy.yaml")]
    public void Division_by_zero_in_a_fired_rule_is_a_case_error_even_when_the_mode_drops_that_rule(string file)
    {
        var error = Load(file).Reject(Case("\"fifteen\": true, \"dividing\": true, \"divisor\": 0"));

        error.Id.Should().Be("RR0420");
        error.Message.Should().Contain("'refund'").And.Contain("twenty-divided");
    }

    [Fact]
    public void Division_by_zero_in_a_rule_that_did_not_fire_is_never_evaluated()
    {
        First.Decide(Case("\"fifteen\": true, \"divisor\": 0")).Compensation.Total.Should().Be(15m);
    }

    [Fact]
    public void Cap_limits_the_total_and_says_capped_while_items_keep_their_own_amounts()
    {
        var decision = Load("cap.policy.yaml").Decide(Case("\"orderValue\": 80"), EvaluationOptions.WithExplanation);

        decision.Compensation.Total.Should().Be(80m);
        decision.Compensation.Capped.Should().BeTrue();
        decision.Compensation.Items.Should().Equal(
            new CompensationItem("refund", 80m, "refund-order", null),
            new CompensationItem("voucher", 10m, "goodwill", "For the trouble"),
            new CompensationItem("apology", null, "goodwill", null));
        decision.Explanation!.UncappedTotal.Should().Be(90m);
        decision.Explanation.Cap.Should().Be(80m);
        decision.Raw("compensation", "capped").Should().Be("true");
    }

    [Fact]
    public void Cap_is_an_expression_of_the_case()
    {
        var decision = Load("cap.policy.yaml").Decide(Case("\"orderValue\": 80, \"shipping\": 12.5"));

        decision.Compensation.Total.Should().Be(67.50m);
        decision.Raw("compensation", "total").Should().Be("67.50");
    }

    [Theory]
    [InlineData(40, 50, false, "big")]
    [InlineData(41, 50, true, "big")]
    [InlineData(5, 20, false, "small")]
    public void Cap_applies_to_the_kept_items_and_a_total_equal_to_the_cap_is_not_capped(decimal orderValue, decimal total, bool capped, string rule)
    {
        var decision = Load("cap-max.policy.yaml").Decide(Case($"\"orderValue\": {orderValue}"));

        decision.Compensation.Total.Should().Be(total);
        decision.Compensation.Capped.Should().Be(capped);
        decision.Compensation.Items.Should().OnlyContain(i => i.Rule == rule);
    }

    [Fact]
    public void Negative_cap_is_a_case_error_that_names_the_cap()
    {
        var error = Load("cap.policy.yaml").Reject(Case("\"orderValue\": 10, \"shipping\": 20"));

        error.Id.Should().Be("RR0421");
        error.Message.Should().Contain("cap").And.Contain("-10.00");
    }

    [Fact]
    public void Cap_limits_what_otherwise_gives_too()
    {
        var decision = Load("cap-otherwise.policy.yaml").Decide(Case("\"orderValue\": 20"));

        decision.Compensation.Total.Should().Be(20m);
        decision.Compensation.Capped.Should().BeTrue();
        decision.Compensation.Items.Should().Equal(new CompensationItem("goodwill", 25m, "otherwise", null));
    }

    [Fact]
    public void Cap_is_evaluated_for_every_case_so_a_negative_cap_is_an_error_even_without_compensation()
    {
        Load("cap-otherwise.policy.yaml").Reject(Case("\"orderValue\": 10, \"shipping\": 20, \"outage\": true")).Id.Should().Be("RR0421");
    }
}

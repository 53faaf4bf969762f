using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>Names and types: each error at the token or sub-expression at fault, with the message an author needs.</summary>
public sealed class TypeDiagnosticTests
{
    private static string Policy(string when = "true", string amount = "10", string extra = "") => $$"""
        policy: p
        version: "1"
        currency: USD
        facts:
          orderValue: { type: money, default: 0 }
          shippingCost: { type: money, default: 0 }
          failureType: { oneOf: [information, operation, technical], default: information }
        {{extra}}rules:
          - id: r
            when: {{when}}
            then:
              compensate:
                - refund: {{amount}}
        """;

    [Fact]
    public void Misspelled_fact_is_suggested()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0201:ordervalue|} > 50")).Message
            .Should().Be("'ordervalue' is not a fact, define or member (did you mean 'orderValue'?)");
    }

    [Fact]
    public void Misspelled_oneof_member_is_suggested()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "failureType == {|RR0201:technicl|}")).Message
            .Should().Be("'technicl' is not a fact, define or member of 'failureType' (did you mean 'technical'?)");
    }

    [Fact]
    public void Misspelled_function_is_suggested()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "{|RR0207:mn|}(orderValue, 30)")).Message
            .Should().Contain("did you mean 'min'");
    }

    [Fact]
    public void Misspelled_duration_part_is_suggested()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0209:delay.hour|} > 24")).Message
            .Should().Be("'delay' has no property 'hour' (did you mean 'hours'?)");
    }

    [Fact]
    public void A_member_of_another_scale_is_named()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "severity == {|RR0201:gold|}")).Message
            .Should().Contain("'gold' is a member of scale 'tier', not of scale 'severity'");
    }

    [Fact]
    public void Currency_mismatch_is_reported_at_the_foreign_money()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "orderValue > {|RR0205:50 EUR|}")).Message
            .Should().Be("Money in USD and EUR cannot be mixed");
    }

    [Fact]
    public void Amount_in_another_currency_is_reported_at_the_amount()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "{|RR0205:50 EUR|}")).Message
            .Should().Be("Money in EUR and USD cannot be mixed (the amount of 'refund' in rule 'r' must be in the policy's currency, USD)");
    }

    [Fact]
    public void Money_in_the_policy_currency_written_out_is_fine()
    {
        PolicyAssert.Clean(Policy(when: "orderValue > 50 USD", amount: "min(orderValue, 30 USD) + 5"));
    }

    [Fact]
    public void Percent_times_money_is_reported_at_the_percent()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "orderValue * {|RR0206:10%|}")).Message
            .Should().Be("A percent is only valid as 'P of X', such as '10% of orderValue'; it cannot be compared, added, multiplied or used alone");
    }

    [Fact]
    public void A_bare_percent_amount_is_reported()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "{|RR0206:10%|}"));
    }

    [Fact]
    public void Ordering_channels_is_reported_at_the_channel()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0204:channel|} > email")).Message
            .Should().Be("'channel' is a channel, which has no order; only == != in and not in apply. Use 'in [...]' to test several members");
    }

    [Fact]
    public void Ordering_oneof_members_is_reported()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0204:failureType|} >= operation"));
    }

    [Fact]
    public void Money_times_money_is_reported_at_the_operator()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "orderValue {|RR0202:*|} shippingCost")).Message
            .Should().Contain("money × money has no meaning");
    }

    [Fact]
    public void Arithmetic_on_a_scale_is_reported_at_the_operator()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "severity {|RR0202:+|} 1 > 2"));
    }

    [Fact]
    public void Non_boolean_when_is_reported_over_the_whole_condition()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0203:orderValue * 2|}")).Message
            .Should().Be("The condition must be a boolean, but this expression is money (USD)");
    }

    [Fact]
    public void A_bare_scale_as_a_condition_suggests_comparing_it()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0203:severity|}")).Message
            .Should().Contain("compare it, as in 'severity == critical'");
    }

    [Fact]
    public void A_condition_as_an_amount_is_a_type_mismatch()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "{|RR0203:delay > 48h|}")).Message
            .Should().Be("The amount of 'refund' in rule 'r' must be money (USD), but this expression is a boolean");
    }

    [Fact]
    public void Not_of_a_number_is_reported_at_the_operand()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "not {|RR0203:orderValue|}"));
    }

    [Fact]
    public void Define_cycle_is_reported_once_with_its_path()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "stuck", extra: """
            define:
              stuck: {|RR0210:stuck|} or delay > 7d

            """)).Message.Should().Be("The define 'stuck' refers to itself through stuck → stuck; defines cannot be recursive");
    }

    [Fact]
    public void Duration_compared_with_a_number_suggests_a_unit()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "delay > {|RR0213:24|}")).Message
            .Should().Be("Cannot compare a duration with a number (give the number a unit, such as 24h)");
    }

    [Fact]
    public void A_list_outside_in_is_reported_at_the_list()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "severity == {|RR0212:[major, critical]|}"));
    }

    [Fact]
    public void A_quoted_member_that_does_not_exist_is_an_unknown_member()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "customer.tier == {|RR0211:'platnum'|}")).Message
            .Should().Contain("did you mean 'platinum'");
    }

    [Fact]
    public void Division_by_a_literal_zero_is_reported_at_the_zero()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "orderValue / {|RR0214:0|}"));
    }

    [Fact]
    public void Wrong_argument_count_is_reported_over_the_call()
    {
        PolicyAssert.SingleDiagnostic(Policy(amount: "{|RR0208:clamp(orderValue, 10)|}")).Message
            .Should().Be("'clamp' takes three arguments (x, low, high) but was given 2");
    }

    [Fact]
    public void Unused_define_is_a_warning_at_its_name()
    {
        PolicyAssert.Diagnostics(Policy(extra: """
            define:
              {|RR1001:veryLate|}: delay > 72h

            """)).Single().Severity.Should().Be(RecoveryRules.Diagnostics.DiagnosticSeverity.Warning);
    }
}

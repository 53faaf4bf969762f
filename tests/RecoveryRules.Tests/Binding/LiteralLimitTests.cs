using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Binding;

/// <summary>
/// Issue 6 §2: no literal, however large, makes the compiler throw. Each is a diagnostic at the
/// literal (or at the constant expression that overflows), naming the largest value allowed.
/// </summary>
public sealed class LiteralLimitTests
{
    private static string Policy(string when = "delay > 24h", string amount = "10", string define = "x: 1", string within = "4h", string priority = "1") => $"""
        policy: p
        version: "1"
        facts:
          orderValue: {"{"} type: money, default: 0 {"}"}
        define:
          {define}
        rules:
          - id: r
            priority: {priority}
            when: {when}
            then:
              compensate:
                - refund: {amount}
              escalate: {"{"} to: supervisor, within: {within} {"}"}
        """;

    [Theory]
    [InlineData("delay > {|RR0107:1000000000000000000000000w|}")]
    [InlineData("delay > {|RR0107:P262514264337593543950335W|}")]
    [InlineData("delay > {|RR0107:PT99999999999999999999999999999S|}")]
    [InlineData("delay > {|RR0107:10675200d|}")]
    [InlineData("orderValue > {|RR0107:1000000000000000000000000000000|}")]
    [InlineData("orderValue > {|RR0107:79228162514264337593543950336|}")]
    [InlineData("orderValue > {|RR0107:100000000000000000000000000000.5 USD|}")]
    [InlineData("orderValue > {|RR0107:100000000000000000000000000000000000000000%|} of orderValue")]
    public void A_literal_beyond_its_kinds_range_is_reported_at_the_literal(string when) =>
        PolicyAssert.SingleDiagnostic(Policy(when: when, define: "x: orderValue + delay.hours", amount: "x"));

    [Fact]
    public void The_message_names_the_largest_value_of_the_literals_kind()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "delay > {|RR0107:99999999999w|}", define: "x: orderValue", amount: "x")).Message
            .Should().Be("'99999999999w' is too large for a duration; the largest is 10675199d");
        PolicyAssert.SingleDiagnostic(Policy(when: "orderValue > {|RR0107:1000000000000000000000000000000|}", define: "x: orderValue", amount: "x")).Message
            .Should().Be("'1000000000000000000000000000000' is too large for a number; the largest is 79228162514264337593543950335");
    }

    [Fact]
    public void The_largest_values_themselves_compile()
    {
        var policy = PolicyAssert.Clean(Policy(
            when: "delay < 10675199d and orderValue < 79228162514264337593543950335 and delay < P10675199D",
            define: "x: 79228162514264337593543950335 USD - orderValue",
            amount: "x / 79228162514264337593543950335",
            within: "10675199d",
            priority: "79228162514264337593543950335"));
        policy.Should().NotBeNull();
    }

    [Fact]
    public void A_number_with_an_exponent_is_an_invalid_literal_with_a_hint()
    {
        var diagnostic = PolicyAssert.SingleDiagnostic(Policy(when: "orderValue > {|RR0103:1e999|}", define: "x: orderValue", amount: "x"));
        diagnostic.Message.Should().Contain("without an exponent");
    }

    [Theory]
    [InlineData("{|RR0216:79228162514264337593543950335 + 1|}")]
    [InlineData("{|RR0216:x * x|}")]
    [InlineData("{|RR0216:-79228162514264337593543950335 - 1|}")]
    [InlineData("{|RR0216:200% of x|}")]
    [InlineData("{|RR0216:x / 0.1|}")]
    [InlineData("1 + ({|RR0216:x + x|})")]
    public void Constant_arithmetic_that_overflows_is_reported_at_the_expression(string amount) =>
        PolicyAssert.SingleDiagnostic(Policy(amount: amount, define: "x: 79228162514264337593543950335"));

    [Fact]
    public void Constant_arithmetic_within_range_compiles_and_decides()
    {
        var policy = PolicyAssert.Clean(Policy(amount: "x - 79228162514264337593543950334 + 50% of 10", define: "x: 79228162514264337593543950335"));
        policy.Decide("""{"id": "c", "severity": "major", "channel": "email", "delay": "30h", "orderValue": 5}""").Compensation.Total.Should().Be(6m);
    }

    [Fact]
    public void A_duration_part_compared_with_a_huge_number_compiles_and_decides()
    {
        var policy = PolicyAssert.Clean(Policy(when: "delay.days < 79228162514264337593543950335", define: "x: orderValue", amount: "x"));
        policy.Decide("""{"id": "c", "severity": "major", "channel": "email", "delay": "30h", "orderValue": 5}""").Compensation.Total.Should().Be(5m);
    }

    [Theory]
    [InlineData("{|RR0218:99999999999w|}")]
    [InlineData("{|RR0218:P99999999999W|}")]
    [InlineData("{|RR0218:1000000000000000000000000000000000000s|}")]
    public void An_sla_that_overflows_a_time_span_is_reported_at_the_value(string within) =>
        PolicyAssert.SingleDiagnostic(Policy(within: within));

    [Fact]
    public void A_priority_and_fact_defaults_beyond_range_are_reported_with_the_largest_value()
    {
        var diagnostics = PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              waited: { type: duration, default: {|RR0218:99999999999999999999999999w|} }
              points: { type: number, default: {|RR0218:-1000000000000000000000000000000|} }
              spent: { type: money, default: {|RR0218:1000000000000000000000000000000 USD|} }
            rules:
              - id: r
                priority: {|RR0218:1000000000000000000000000000000|}
                when: waited > 1h and points > 1 and spent > 1
                then:
                  escalate: supervisor
            """);
        diagnostics[0].Message.Should().Be("The default of 'waited' '99999999999999999999999999w' is too large; the largest is 10675199d");
    }
}

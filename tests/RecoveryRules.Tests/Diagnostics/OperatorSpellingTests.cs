using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>
/// An operator spelled as in another language (<c>&amp;&amp;</c>, <c>AND</c>, <c>=</c>, <c>&lt;&gt;</c>…) is
/// reported once, at its token, with the operator to write: in a condition, a define and an amount
/// (docs/policy-language.md §5, Operators and precedence).
/// </summary>
public sealed class OperatorSpellingTests
{
    private static string Policy(string when = "true", string define = "true", string amount = "10") => $$"""
        policy: p
        version: "1"
        currency: USD
        facts:
          late: bool
          big: bool
          orderValue: money
          shippingCost: { type: money, default: 0 }
        define:
          d: {{define}}
        rules:
          - id: r
            when: {{when}} and d
            then:
              compensate:
                - refund: {{amount}}
        """;

    // ---- in a condition: one test per spelling ----

    [Fact]
    public void Double_ampersand_is_reported_with_and()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0100:&&|} big")).Message
            .Should().Be("Unexpected character '&' in an expression (write 'and' instead of '&&')");
    }

    [Fact]
    public void Double_bar_is_reported_with_or()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "(late {|RR0100:|||} big)")).Message
            .Should().Be("Unexpected character '|' in an expression (write 'or' instead of '||')");
    }

    [Fact]
    public void Exclamation_mark_is_reported_with_not()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "({|RR0100:!|}late)")).Message
            .Should().Be("Unexpected character '!' in an expression (write 'not' instead of '!'; '!=' is valid)");
    }

    [Fact]
    public void Single_equals_is_reported_with_double_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0100:=|} big")).Message
            .Should().Be("Unexpected character '=' in an expression (write '==' to compare)");
    }

    [Fact]
    public void Triple_equals_is_reported_with_double_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0100:===|} big")).Message
            .Should().Be("Unexpected character '=' in an expression (write '==' to compare)");
    }

    [Fact]
    public void Bang_double_equals_is_reported_once_with_bang_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0100:!==|} big")).Message
            .Should().Be("Unexpected character '=' in an expression (write '!=' instead of '!==')");
    }

    [Fact]
    public void Equals_less_is_reported_with_less_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "orderValue {|RR0100:=<|} 50")).Message
            .Should().Be("Unexpected character '=' in an expression (write '<=' instead of '=<')");
    }

    [Fact]
    public void Equals_greater_is_reported_with_greater_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "orderValue {|RR0100:=>|} 50")).Message
            .Should().Be("Unexpected character '=' in an expression (write '>=' instead of '=>')");
    }

    [Fact]
    public void Less_greater_is_reported_with_bang_equals()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0100:<>|} big")).Message
            .Should().Be("Unexpected character '>' in an expression (write '!=' instead of '<>')");
    }

    [Fact]
    public void Bang_equals_is_valid()
    {
        PolicyAssert.Clean(Policy(when: "late != big", define: "orderValue != 5", amount: "orderValue"));
    }

    [Fact]
    public void Upper_case_and_is_reported_with_lower_case()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "late {|RR0201:AND|} big")).Message
            .Should().Be("'AND' is not a fact, define or member (write 'and': keywords are lower case)");
    }

    [Fact]
    public void Upper_case_or_is_reported_with_lower_case()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "(late {|RR0201:OR|} big)")).Message
            .Should().Be("'OR' is not a fact, define or member (write 'or': keywords are lower case)");
    }

    [Fact]
    public void Capitalized_or_is_reported_with_lower_case()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "(late {|RR0201:Or|} big)")).Message
            .Should().Be("'Or' is not a fact, define or member (write 'or': keywords are lower case)");
    }

    [Fact]
    public void Upper_case_not_is_reported_with_lower_case()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0201:NOT|} late")).Message
            .Should().Be("'NOT' is not a fact, define or member (write 'not': keywords are lower case)");
    }

    [Fact]
    public void Capitalized_not_is_reported_with_lower_case()
    {
        PolicyAssert.SingleDiagnostic(Policy(when: "{|RR0201:Not|}(late)")).Message
            .Should().Be("'Not' is not a fact, define or member (write 'not': keywords are lower case)");
    }

    [Fact]
    public void A_fact_named_like_a_keyword_in_another_case_is_still_a_fact()
    {
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              AND: bool
              Not: bool
              OR: number
            rules:
              - id: r
                when: AND and not Not
                then: { note: x }
              - id: s
                when: OR - 1 > 0 or Not
                then: { note: y }
            """);
    }

    // ---- in a define and in an amount: each spelling, at its token ----

    [Theory]
    [InlineData("late {|RR0100:&&|} big")]
    [InlineData("late {|RR0100:|||} big")]
    [InlineData("({|RR0100:!|}late)")]
    [InlineData("late {|RR0100:=|} big")]
    [InlineData("late {|RR0100:===|} big")]
    [InlineData("late {|RR0100:!==|} big")]
    [InlineData("orderValue {|RR0100:=<|} 50")]
    [InlineData("orderValue {|RR0100:=>|} 50")]
    [InlineData("late {|RR0100:<>|} big")]
    [InlineData("late {|RR0201:AND|} big")]
    [InlineData("late {|RR0201:Or|} big")]
    [InlineData("late {|RR0201:OR|} big")]
    [InlineData("{|RR0201:NOT|} late")]
    [InlineData("{|RR0201:Not|} late")]
    public void In_a_define_each_spelling_is_reported_at_its_token(string define)
    {
        PolicyAssert.SingleDiagnostic(Policy(define: define)).Message.Should().Contain("(write '");
    }

    [Theory]
    [InlineData("orderValue {0} shippingCost", "&&", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "||", "RR0100", 11)]
    [InlineData("({0}orderValue)", "!", "RR0100", 1)]
    [InlineData("orderValue {0} shippingCost", "=", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "===", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "!==", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "=<", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "=>", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "<>", "RR0100", 11)]
    [InlineData("orderValue {0} shippingCost", "AND", "RR0201", 11)]
    [InlineData("orderValue {0} shippingCost", "Or", "RR0201", 11)]
    [InlineData("orderValue {0} shippingCost", "OR", "RR0201", 11)]
    [InlineData("{0} orderValue", "NOT", "RR0201", 0)]
    [InlineData("{0} orderValue", "Not", "RR0201", 0)]
    public void In_an_amount_each_spelling_is_reported_at_its_token(string amount, string spelling, string id, int column)
    {
        // The amount then has the wrong type (a boolean), reported too, on the whole amount.
        var result = RecoveryRules.Yaml.PolicyYaml.Compile(Policy(amount: amount.Replace("{0}", spelling, StringComparison.Ordinal)), "policy.yaml");
        var first = result.Diagnostics.Should().ContainSingle(d => d.Id == id).Subject;
        first.Message.Should().Contain("(write '");
        first.Location.Span.Start.Should().Be(new RecoveryRules.Text.LinePosition(15, 18 + column));
        first.Location.Span.End.Should().Be(new RecoveryRules.Text.LinePosition(15, 18 + column + spelling.Length));
    }
}

using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>One mistake is one diagnostic: nothing downstream of an error reports again.</summary>
public sealed class NoCascadeTests
{
    [Fact]
    public void An_unknown_name_in_a_define_that_three_rules_use_is_reported_once()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            define:
              late: {|RR0201:dealy|} > 24h
            rules:
              - id: a
                when: late
                then: { note: x }
              - id: b
                when: [late, severity >= major]
                then: { note: x }
              - id: c
                when: not late or severity == critical
                then: { note: x }
            """).Message.Should().Contain("did you mean 'delay'");
    }

    [Fact]
    public void A_broken_define_used_by_another_define_is_reported_once()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            define:
              late: delay > {|RR0103:24hours|}
              veryLate: late and delay > 72h
            rules:
              - id: a
                when: veryLate
                then: { note: x }
            """);
    }

    [Fact]
    public void A_misspelled_fact_compared_with_a_member_is_one_diagnostic_about_the_fact()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: a
                when: {|RR0201:chanel|} == email
                then: { note: x }
            """).Message.Should().Contain("did you mean 'channel'");
    }

    [Fact]
    public void A_member_before_a_misspelled_fact_is_one_diagnostic_about_the_fact()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: b
                when: critical == {|RR0201:severty|}
                then: { note: x }
            """).Message.Should().Contain("did you mean 'severity'");
    }

    [Fact]
    public void A_misspelled_fact_before_in_is_one_diagnostic()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: a
                when: {|RR0201:customer.teir|} in [gold, platinum]
                then: { note: x }
            """).Message.Should().Contain("did you mean 'customer.tier'");
    }

    [Fact]
    public void An_error_deep_in_an_expression_does_not_make_its_parents_report()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: a
                when: not (max(orderValue, {|RR0201:shippingCost|}) * 2 > 100 and severity >= major)
                then: { note: x }
            """);
    }

    [Fact]
    public void A_bad_amount_literal_is_not_also_a_type_mismatch()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: a
                then:
                  compensate:
                    - voucher: {|RR0103:15USD|}
            """).Message.Should().Contain("write money with a space: '15 USD'");
    }

    [Theory]
    [InlineData("severity {|RR0100:=|} critical")]
    [InlineData("severity == critical {|RR0100:&&|} delay > 24h")]
    [InlineData("severity == critical {|RR0100:|||} delay > 24h")]
    [InlineData("severity >= major and {|RR0100:!|}(delay > 24h)")]
    public void An_operator_from_another_language_is_one_diagnostic(string condition)
    {
        PolicyAssert.SingleDiagnostic($$"""
            policy: p
            version: "1"
            rules:
              - id: a
                when: {{condition}}
                then: { note: x }
            """);
    }

    [Fact]
    public void Double_quoted_text_inside_an_expression_is_one_diagnostic()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              carrier: text
            rules:
              - id: a
                when: carrier == {|RR0100:"|}ParcelCo"
                then: { note: x }
            """);
    }

    [Fact]
    public void A_misspelled_decision_key_does_not_also_make_the_rule_decide_nothing()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: a
                when: delay > 24h
                then:
                  {|RR0006:escalte|}: supervisor
            """);
    }

    [Fact]
    public void An_alias_for_then_does_not_also_make_the_rule_decide_nothing()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: a
                then: {|RR0004:&sorry|}
                  compensate: [apology]
              - id: b
                then: {|RR0004:*sorry|}
            """);
    }

    [Fact]
    public void A_then_of_the_wrong_kind_does_not_also_make_the_rule_decide_nothing()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: a
                then: {|RR0008:apology|}
            """);
    }

    [Fact]
    public void A_define_used_only_by_a_misspelling_is_not_also_unused()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            define:
              late: delay > 24h
            rules:
              - id: a
                when: {|RR0201:lte|}
                then: { note: x }
            """).Message.Should().Contain("did you mean 'late'");
    }

    [Fact]
    public void A_define_cycle_used_by_rules_is_reported_once()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            define:
              late: delay > 24h and not veryLate
              veryLate: {|RR0210:late|} and delay > 72h
            rules:
              - id: a
                when: late
                then: { note: x }
              - id: b
                when: veryLate
                then: { note: x }
            """).Message.Should().Be("The define 'late' refers to itself through late → veryLate → late; defines cannot be recursive");
    }

    [Fact]
    public void A_wrong_argument_inside_a_function_is_reported_once()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: a
                then:
                  compensate:
                    - credit: min({|RR0206:10%|}, orderValue) + 5
            """);
    }

    [Fact]
    public void A_currency_mismatch_is_reported_once_at_the_foreign_money()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: a
                when: orderValue + {|RR0205:5 EUR|} > 100
                then: { note: x }
            """);
    }

    [Fact]
    public void A_missing_closing_parenthesis_is_reported_once()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: a
                when: (severity >= major or delay > 48h{|RR0102:|}
                then: { note: x }
            """);
    }

    [Fact]
    public void Several_unrelated_mistakes_are_all_reported_in_file_order()
    {
        var diagnostics = PolicyAssert.Diagnostics("""
            policy: {|RR0009:Late-Delivery|}
            version: "1"
            currency: EUR
            facts:
              orderValue: {|RR0017:mony|}
            rules:
              - id: late
                priority: {|RR0019:high|}
                when: delay > 24h and {|RR0204:channel|} > email
                stop: {|RR0020:yes|}
                then:
                  compensate:
                    - refund: {|RR0205:50 USD|}
                  escalate: { to: {|RR0211:duty-manger|}, within: {|RR0021:2 hours|} }
              - id: {|RR0011:late|}
                when: severity == {|RR0201:critcal|}
                then: { note: Call back. }
            """);
        diagnostics.Should().BeInAscendingOrder(d => d.Location.Span.Start);
        diagnostics.Select(d => d.Id).Should().OnlyHaveUniqueItems("each mistake is reported once");
    }
}

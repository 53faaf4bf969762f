using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>
/// An error inside an expression points at its token in the file, whatever the YAML scalar
/// style: plain, single- or double-quoted (one column after the quote), literal or folded
/// block (on the block's own lines), a list item; an escape points at the whole scalar.
/// </summary>
public sealed class ExpressionPositionTests
{
    [Fact]
    public void Misspelled_scale_member_is_reported_at_the_token_with_a_suggestion()
    {
        var diagnostic = PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: severity == {|RR0201:critcal|}
                then: { note: x }
            """);
        diagnostic.Message.Should().Contain("did you mean 'critical'");
    }

    [Fact]
    public void In_a_single_quoted_scalar_the_token_is_one_column_after_the_quote()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: 'customer.tier == {|RR0201:gld|}'
                then: { note: x }
            """).Message.Should().Contain("did you mean 'gold'");
    }

    [Fact]
    public void In_a_double_quoted_scalar_the_token_is_one_column_after_the_quote()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: "channel == {|RR0201:emial|}"
                then: { note: x }
            """).Message.Should().Contain("did you mean 'email'");
    }

    [Fact]
    public void In_a_literal_block_the_token_is_on_its_own_line()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: |
                  severity >= major and
                    delay > 24h and {|RR0201:chanel|} == email
                then: { note: x }
            """).Message.Should().Contain("did you mean 'channel'");
    }

    [Fact]
    public void In_a_folded_block_the_token_is_on_its_own_line()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: >
                  severity >= major
                  and {|RR0201:delya|} > 24h
                then: { note: x }
            """);
    }

    [Fact]
    public void In_a_multi_line_plain_scalar_the_token_is_on_its_own_line()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: severity >= major
                  and {|RR0201:delya|} > 24h
                then: { note: x }
            """);
    }

    [Fact]
    public void In_a_block_list_of_conditions_each_item_maps_on_its_own()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: r
                when:
                  - severity == {|RR0201:critcal|}
                  - 'delay > {|RR0103:24hr|}'
                  - "customer.tier >= {|RR0201:gld|}"
                then: { note: x }
            """);
    }

    [Fact]
    public void In_a_flow_list_of_conditions_each_item_maps_on_its_own()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: [severity == {|RR0201:critcal|}, "customer.tier in [gold, {|RR0201:platnum|}]", delay > 1h]
                then: { note: x }
            """);
    }

    [Fact]
    public void An_escape_in_a_double_quoted_scalar_points_at_the_whole_scalar()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: {|RR0201:"chanel == email\t"|}
                then: { note: x }
            """);
    }

    [Fact]
    public void A_doubled_quote_in_a_single_quoted_scalar_points_at_the_whole_scalar()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              carrier: text
            rules:
              - id: r
                when: {|RR0201:'carier == ''ParcelCo'''|}
                then: { note: x }
            """).Message.Should().Contain("did you mean 'carrier'");
    }

    [Fact]
    public void Amounts_in_every_item_form_map_to_their_tokens()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: r
                then:
                  compensate:
                    - refund: 100% of {|RR0201:ordrValue|}
                    - { kind: voucher, amount: "min(15, {|RR0201:ordervalue|})", note: Sorry }
                    - kind: credit
                      amount: |
                        {|RR0207:maxx|}(5, 10% of orderValue)
            """);
    }

    [Fact]
    public void Defines_cap_and_limit_map_to_their_tokens()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            define:
              late: delay > {|RR0103:24hours|}
            combine:
              cap: {|RR0201:ordervalue|} * 2
            rules:
              - id: r
                when: late
                then:
                  empower: { role: frontline, limit: {|RR0206:10%|} }
            """);
    }

    [Fact]
    public void Tabs_before_a_token_count_as_one_column()
    {
        PolicyAssert.SingleDiagnostic("policy: p\nversion: \"1\"\nrules:\n  - id: r\n    when: \"severity ==\t{|RR0201:critcal|}\"\n    then: { note: x }\n");
    }

    [Fact]
    public void Windows_line_ends_do_not_shift_positions()
    {
        PolicyAssert.SingleDiagnostic("policy: p\r\nversion: \"1\"\r\nrules:\r\n  - id: r\r\n    when: |\r\n      delay > 1h and\r\n      severity == {|RR0201:critcal|}\r\n    then: { note: x }\r\n");
    }

    [Fact]
    public void A_byte_order_mark_does_not_shift_the_first_line()
    {
        var result = RecoveryRules.Yaml.PolicyYaml.Compile("\uFEFFpolicy: Late\nversion: \"1\"\n", "policy.yaml");
        var diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0009");
        diagnostic.Location.Span.Start.Should().Be(new RecoveryRules.Text.LinePosition(0, 8), "the mark is not a column");
    }
}

using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>Diagnostics about the document's keys and values, each at its key or value.</summary>
public sealed class DocumentDiagnosticTests
{
    [Fact]
    public void Misspelled_key_is_reported_at_the_key_with_a_suggestion()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: late
                {|RR0006:priorty|}: 10
                then: { note: x }
            """).Message.Should().Be("'priorty' is not a key of the rule 'late' (did you mean 'priority'?). Expected one of: id, description, priority, when, stop, suppress, then");
    }

    [Fact]
    public void Misspelled_combine_mode_is_reported_at_the_value_with_a_suggestion()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            combine:
              escalation: {|RR0010:highst|}
            """).Message.Should().Contain("did you mean 'highest'");
    }

    [Fact]
    public void A_longer_spelling_of_a_mode_is_suggested_its_short_form()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            combine:
              compensation: {|RR0010:maximum|}
            """).Message.Should().Contain("did you mean 'max'");
    }

    [Fact]
    public void Misspelled_fact_type_is_reported_at_the_type_with_a_suggestion()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              orderValue: {|RR0017:mony|}
              proactive: { type: bool, default: false }
            """).Message.Should().Contain("did you mean 'money'");
    }

    [Fact]
    public void Duplicate_rule_id_is_reported_at_the_second_id_naming_the_first_line()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: late
                then: { note: x }
              - id: {|RR0011:late|}
                then: { note: y }
            """).Message.Should().Contain("already used at line 4");
    }

    [Theory]
    [InlineData("high")]
    [InlineData("10 + 5")]
    [InlineData("1e3")]
    public void Invalid_priority_is_reported_at_the_value(string priority)
    {
        PolicyAssert.SingleDiagnostic($$"""
            policy: p
            version: "1"
            rules:
              - id: late
                priority: {|RR0019:{{priority}}|}
                then: { note: x }
            """);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("2.5")]
    [InlineData("\"100\"")]
    public void Negative_fractional_and_quoted_priorities_are_numbers(string priority)
    {
        PolicyAssert.Clean($$"""
            policy: p
            version: "1"
            rules:
              - id: late
                priority: {{priority}}
                then: { note: x }
            """);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("True")]
    [InlineData("1")]
    public void Stop_accepts_only_true_and_false(string stop)
    {
        PolicyAssert.SingleDiagnostic($$"""
            policy: p
            version: "1"
            rules:
              - id: late
                stop: {|RR0020:{{stop}}|}
                then: { note: x }
            """).Message.Should().Contain("only true and false are booleans");
    }

    [Fact]
    public void Unknown_escalation_target_is_reported_at_the_target_with_a_suggestion()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: late
                then:
                  escalate: { to: {|RR0211:duty-manger|}, within: 1h }
            """).Message.Should().Contain("did you mean 'duty-manager'").And.Contain("Members: team-lead, supervisor, duty-manager, retention");
    }

    [Fact]
    public void Bare_escalation_target_is_checked_too()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: late
                then:
                  escalate: {|RR0211:supervsor|}
            """).Message.Should().Contain("did you mean 'supervisor'");
    }

    [Fact]
    public void Unknown_target_does_not_hide_a_malformed_sla_or_limit_beside_it()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: late
                then:
                  escalate: { to: {|RR0211:boss|}, within: {|RR0021:2 hours|} }
                  empower: { role: {|RR0211:agent|}, limit: {|RR0201:fifty|} }
            """);
    }

    [Fact]
    public void A_flow_list_when_item_that_yaml_read_as_a_list_says_so()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            facts:
              proactive: bool
            rules:
              - id: serious
                when: [proactive, {|RR0023:|}[severity == major, severity == critical]]
                then: { note: x }
            """).Message.Should().StartWith("This condition was read by YAML as a list, not as an expression");
    }

    [Fact]
    public void A_block_list_when_item_that_yaml_read_as_a_mapping_says_so()
    {
        PolicyAssert.SingleDiagnostic("""
            policy: p
            version: "1"
            rules:
              - id: critical
                when:
                  - {|RR0023:|}severity: critical
                  - delay > 24h
                then: { note: x }
            """).Message.Should().StartWith("This condition was read by YAML as a mapping");
    }

    [Fact]
    public void A_quoted_condition_with_brackets_in_a_flow_list_is_fine()
    {
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: vip
                when: ["customer.tier in [gold, platinum]", delay > 24h]
                then: { note: x }
            """);
    }

    [Fact]
    public void Missing_required_keys_are_reported_where_they_belong()
    {
        var diagnostics = PolicyAssert.Diagnostics("""
            {|RR0007:|}policy: p
            rules:
              - {|RR0007:|}when: delay > 24h
                then:
                  escalate: {|RR0007:|}{ within: 4h }
            """);
        diagnostics.Select(d => d.Message).Should().Equal(
            "The policy needs the key 'version'",
            "A rule needs the key 'id'",
            "'escalate' in the rule at line 3 needs the key 'to' (the target on the escalation scale)");
    }

    [Fact]
    public void A_rule_without_a_decision_is_a_warning_and_the_policy_loads()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - {|RR0026:|}id: late
                when: delay > 24h
            """).Single().Severity.Should().Be(RecoveryRules.Diagnostics.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void A_stop_rule_without_a_decision_is_fine()
    {
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: known-outage
                when: severity == critical
                stop: true
              - id: late
                when: delay > 24h
                then: { note: x }
            """);
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_even_after_a_document_error()
    {
        // The unknown key does not stop the binder: the expression error is reported with it.
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            {|RR0006:descripton|}: Late deliveries.
            rules:
              - id: late
                when: severity == {|RR0201:critcal|}
                then: { note: x }
            """);
    }
}

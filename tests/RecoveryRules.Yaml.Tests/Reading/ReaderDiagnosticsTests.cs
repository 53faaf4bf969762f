using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>Each diagnostic the reader reports, with its exact id and zero-based start.</summary>
public sealed class ReaderDiagnosticsTests
{
    [Fact]
    public void Invalid_yaml_is_reported_at_the_parser_position_without_the_parser_prefix()
    {
        const string text = "policy: p\nversion: \"1\"\nnote: \"unterminated\n";

        // YamlDotNet reports an unterminated quoted scalar at its opening quote.
        var diagnostic = ReaderRun.Single(text, "RR0001", 2, 6);

        diagnostic.Message.Should().StartWith("The file is not valid YAML: ").And.NotContain("(Line:");
    }

    [Fact]
    public void Invalid_yaml_stops_reading_so_no_other_problem_is_reported()
    {
        const string text = "polcy: p\nrules: [a, b\nnote: \"x\"\n";

        var (_, diagnostics) = ReaderRun.Read(text);

        diagnostics.Select(d => d.Id).Should().Equal("RR0001");
    }

    [Fact]
    public void Unicode_escape_beyond_the_last_code_point_is_invalid_yaml_not_a_crash()
    {
        // YamlDotNet throws a plain ArgumentOutOfRangeException here; it is reported after the last good token.
        ReaderRun.Single("policy: \"\\UFFFFFFFF\"\n", "RR0001", 0, 6).Message.Should().Contain("failed after this point");
    }

    [Fact]
    public void Anchor_is_reported_at_the_anchor_even_after_a_tag()
    {
        const string text = "policy: p\nversion: !!str &v \"1\"\n";

        var (_, diagnostics) = ReaderRun.Read(text);

        diagnostics.Select(d => (d.Id, d.Location.Span.Start)).Should().Equal(
            ("RR0029", new RecoveryRules.Text.LinePosition(1, 9)),
            ("RR0004", new RecoveryRules.Text.LinePosition(1, 15)));
        diagnostics[1].Message.Should().Contain("YAML anchor 'v'");
    }

    [Fact]
    public void Alias_is_reported_at_the_alias()
    {
        const string text = "policy: p\nversion: \"1\"\ndescription: *d\n";

        ReaderRun.Single(text, "RR0004", 2, 13).Message.Should().Contain("YAML alias 'd'");
    }

    [Fact]
    public void Duplicate_key_is_reported_at_the_second_key_and_the_first_is_kept()
    {
        const string text = "policy: p\nversion: \"1\"\npolicy: q\n";

        var (policy, diagnostics) = ReaderRun.Read(text);

        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        diagnostics[0].Id.Should().Be("RR0005");
        diagnostics[0].Location.Span.Should().Be(new LinePositionSpan(new LinePosition(2, 0), new LinePosition(2, 6)));
        diagnostics[0].Message.Should().Be("The key 'policy' is given twice; the first is at line 1. Remove one of them");
        policy.Id!.Value.Should().Be("p");
    }

    [Fact]
    public void Duplicate_keys_are_found_in_flow_mappings_too()
    {
        const string text = "policy: p\nversion: \"1\"\notherwise: { note: a, note: b }\n";

        ReaderRun.Single(text, "RR0005", 2, 22);
    }

    [Fact]
    public void Unknown_rule_key_is_reported_at_the_key_with_a_suggestion()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                priorty: 5
            """;

        var diagnostic = ReaderRun.Single(text, "RR0006", 4, 4);

        diagnostic.Location.Span.End.Should().Be(new LinePosition(4, 11));
        diagnostic.Message.Should().Be(
            "'priorty' is not a key of the rule 'r' (did you mean 'priority'?). Expected one of: id, description, priority, when, stop, suppress, then");
    }

    [Fact]
    public void Unknown_key_far_from_every_known_key_gets_no_suggestion()
    {
        var diagnostic = ReaderRun.Single("policy: p\nversion: \"1\"\nzebra: 1\n", "RR0006", 2, 0);

        diagnostic.Message.Should().StartWith("'zebra' is not a key of the policy. Expected one of: policy, version,");
    }

    [Fact]
    public void Missing_policy_and_version_are_reported_at_the_root_mapping()
    {
        var (_, diagnostics) = ReaderRun.Read("# header\ndescription: d\n");

        diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column, d.Message)).Should().Equal(
            ("RR0007", 1, 0, "The policy needs the key 'policy'"),
            ("RR0007", 1, 0, "The policy needs the key 'version'"));
    }

    [Fact]
    public void Missing_rule_id_is_reported_at_the_rule_and_then_is_not_required()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - when: late
              - id: no-then
            """;

        var diagnostic = ReaderRun.Single(text, "RR0007", 3, 4);

        diagnostic.Message.Should().Be("A rule needs the key 'id'");
    }

    [Fact]
    public void Value_of_the_wrong_kind_is_reported_at_the_value_and_skipped()
    {
        var (policy, diagnostics) = ReaderRun.Read("policy: p\nversion: \"1\"\nrules: none\n");

        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        diagnostics[0].Id.Should().Be("RR0008");
        diagnostics[0].Location.Span.Start.Should().Be(new LinePosition(2, 7));
        diagnostics[0].Message.Should().Be("'rules' must be a list, not a scalar");
        policy.Rules.Should().BeEmpty();
        policy.RulesLocation!.Span.Start.Should().Be(new LinePosition(2, 0));
    }

    [Fact]
    public void Key_that_is_a_list_is_reported()
    {
        ReaderRun.Single("policy: p\nversion: \"1\"\n? [a, b]\n: c\n", "RR0008", 2, 2).Message.Should().Be("A key must be a scalar, not a list");
    }

    [Fact]
    public void Compensation_item_that_is_a_list_is_reported_at_the_item()
    {
        const string text = """
            policy: p
            version: "1"
            otherwise:
              compensate:
                - [refund, 10]
            """;

        ReaderRun.Single(text, "RR0022", 4, 6).Message.Should().StartWith("A compensation item is a list; write '- refund: 20'");
    }

    [Fact]
    public void Compensation_mapping_without_kind_is_a_missing_key()
    {
        const string text = """
            policy: p
            version: "1"
            otherwise:
              compensate:
                - amount: 10
            """;

        ReaderRun.Single(text, "RR0007", 4, 6).Message.Should().Be("A compensation item needs the key 'kind'");
    }

    [Fact]
    public void Condition_that_yaml_read_as_a_list_is_reported_at_the_item()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                when: [[gold, platinum], late]
            """;

        var (policy, diagnostics) = ReaderRun.Read(text);

        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        diagnostics[0].Id.Should().Be("RR0023");
        diagnostics[0].Location.Span.Start.Should().Be(new LinePosition(4, 11));
        diagnostics[0].Message.Should().Contain("read by YAML as a list");
        policy.Rules[0].When.Select(c => c.Value).Should().Equal("late");
    }

    [Fact]
    public void Condition_with_unquoted_brackets_in_a_flow_list_is_invalid_yaml()
    {
        // docs/policy-language.md §6: such a condition must be quoted; YAML itself rejects this one.
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                when: [tier in [gold, platinum], late]
            """;

        ReaderRun.Single(text, "RR0001", 4, 19);
    }

    [Fact]
    public void Condition_that_yaml_read_as_a_mapping_is_reported_at_the_item()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                when:
                  - severity: critical
            """;

        ReaderRun.Single(text, "RR0023", 5, 8).Message.Should().Contain("read by YAML as a mapping");
    }

    [Fact]
    public void Empty_file_is_an_invalid_document()
    {
        ReaderRun.Single(string.Empty, "RR0024", 0, 0).Message.Should().Contain("no YAML document");
    }

    [Fact]
    public void Document_marker_alone_is_an_empty_document()
    {
        ReaderRun.Single("---\n", "RR0024", 0, 0).Message.Should().Contain("The document is empty");
    }

    [Fact]
    public void Scalar_document_is_an_invalid_document()
    {
        ReaderRun.Single("just text\n", "RR0024", 0, 0).Message.Should().EndWith("not a scalar");
    }

    [Fact]
    public void Second_document_is_reported_and_the_first_is_still_read()
    {
        var (policy, diagnostics) = ReaderRun.Read("policy: p\nversion: \"1\"\n---\npolicy: q\n");

        diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).Should().Equal(("RR0024", 2, 0));
        policy.Id!.Value.Should().Be("p");
    }

    [Fact]
    public void Several_problems_in_one_file_are_all_reported_in_file_order()
    {
        var (policy, diagnostics) = ReaderRun.Read(ReaderRun.ReadData("many-problems.policy.yaml"));

        diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).Should().Equal(
            [
                ("RR0007", 1, 0),  // version is missing: at the root mapping
                ("RR0006", 2, 0),  // currencyy (did you mean 'currency'?)
                ("RR0005", 5, 2),  // severity given twice
                ("RR0004", 7, 8),  // &l
                ("RR0023", 10, 10), // when: { a: b }
                ("RR0023", 12, 11), // [a] inside when
                ("RR0022", 15, 19), // [x] inside compensate
                ("RR0006", 16, 4),  // prio
                ("RR0008", 17, 10), // channels: phone
            ],
            ReaderRun.Describe(diagnostics));
        policy.Rules.Select(r => r.Id!.Value).Should().Equal("r1", "r2", "r3");
    }
}

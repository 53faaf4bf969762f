namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>The shorthand forms of docs/policy-language.md §1 and §7 and the reader's choices where it is silent.</summary>
public sealed class ReaderFormsTests
{
    [Fact]
    public void Bare_escalation_target_is_the_target_without_within()
    {
        var escalate = ReaderRun.ReadClean("policy: p\nversion: \"1\"\notherwise:\n  escalate: supervisor\n").Otherwise!.Escalate!;

        escalate.To!.Value.Should().Be("supervisor");
        escalate.Within.Should().BeNull();
        escalate.Location.Span.Start.Line.Should().Be(3);
        escalate.Location.Span.Start.Character.Should().Be(12);
    }

    [Fact]
    public void Compensation_items_are_read_in_every_form()
    {
        const string text = """
            policy: p
            version: "1"
            otherwise:
              compensate:
                - apology
                - refund: 100% of orderValue
                - { kind: voucher, amount: 15, note: Sorry }
                - { kind: upgrade }
                - kind: gift
                  note: For the trouble
                - credit:
            """;

        var items = ReaderRun.ReadClean(text).Otherwise!.Compensate;

        items.Select(i => (i.Kind.Value, i.Amount?.Value, i.Note?.Value)).Should().Equal(
            ("apology", null, null),
            ("refund", "100% of orderValue", null),
            ("voucher", "15", "Sorry"),
            ("upgrade", null, null),
            ("gift", null, "For the trouble"),
            ("credit", string.Empty, null));
        items[1].Kind.Location.Span.Start.Character.Should().Be(6);
        items[1].Amount!.Map.Map(0).Character.Should().Be(14);
    }

    [Fact]
    public void Empty_values_mean_empty_and_scalars_stay_text()
    {
        const string text = """
            policy: p
            version: 2026.11
            description:
            channels: []
            rules:
              - id: r
                when:
                stop: yes
                priority: 1.5
                then:
            """;

        var policy = ReaderRun.ReadClean(text);

        policy.Version!.Value.Should().Be("2026.11");
        policy.Description!.Value.Should().BeEmpty();
        policy.Channels!.Members.Should().BeEmpty();
        var rule = policy.Rules.Should().ContainSingle().Subject;
        rule.When.Should().BeEmpty();
        rule.Stop!.Value.Should().Be("yes");
        rule.Priority!.Value.Should().Be("1.5");
        rule.Then.Should().NotBeNull();
        rule.Then!.Location.Span.Start.Should().Be(new RecoveryRules.Text.LinePosition(9, 4), "an empty 'then' is located at its key");
        rule.Then.Compensate.Should().BeEmpty();
        rule.Then.Escalate.Should().BeNull();
    }

    [Fact]
    public void Absent_sections_are_absent()
    {
        var policy = ReaderRun.ReadClean("policy: p\nversion: \"1\"\n");

        policy.Channels.Should().BeNull();
        policy.Combine.Should().BeNull();
        policy.Otherwise.Should().BeNull();
        policy.RulesLocation.Should().BeNull();
        policy.Rules.Should().BeEmpty();
        policy.Scales.Should().BeEmpty();
        policy.Facts.Should().BeEmpty();
        policy.Defines.Should().BeEmpty();
    }

    [Fact]
    public void Quoted_keys_are_keys()
    {
        var policy = ReaderRun.ReadClean("\"policy\": p\n'version': \"1\"\n");

        policy.Id!.Value.Should().Be("p");
    }

    [Fact]
    public void Fact_with_one_of_and_default_is_read()
    {
        var fact = ReaderRun.ReadClean("policy: p\nversion: \"1\"\nfacts:\n  segment: { oneOf: [retail, business], default: retail }\n").Facts[0];

        fact.Name.Value.Should().Be("segment");
        fact.OneOf!.Members.Select(m => m.Value).Should().Equal("retail", "business");
        fact.Default!.Value.Should().Be("retail");
        fact.Type.Should().BeNull();
        fact.Location.Span.Start.Character.Should().Be(11);
    }

    [Fact]
    public void Block_condition_list_needs_no_quotes()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                when:
                  - tier in [gold, platinum]
                  - not late
            """;

        ReaderRun.ReadClean(text).Rules[0].When.Select(c => c.Value).Should().Equal("tier in [gold, platinum]", "not late");
    }

    [Fact]
    public void Merge_key_with_an_alias_is_reported_once_as_an_alias()
    {
        var (_, diagnostics) = ReaderRun.Read("policy: p\nversion: \"1\"\n<<: *base\n");

        diagnostics.Select(d => d.Id).Should().Equal("RR0004");
    }
}

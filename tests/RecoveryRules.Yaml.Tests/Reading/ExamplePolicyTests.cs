using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>The example policy (examples/retail, docs/policy-language.md §1) reads into the syntax it describes.</summary>
public sealed class ExamplePolicyTests
{
    private static readonly PolicySyntax Policy = ReaderRun.ReadClean(ReaderRun.ReadData("retail.policy.yaml"));

    [Fact]
    public void Header_scalars_are_read_with_their_text()
    {
        Policy.Path.Should().Be("test.policy.yaml");
        Policy.Location.Span.Start.Should().Be(new LinePosition(0, 0));
        Policy.Id!.Value.Should().Be("retail-recovery");
        Policy.Version!.Value.Should().Be("2026.11");
        Policy.Version.IsQuoted.Should().BeTrue();
        Policy.Id.IsQuoted.Should().BeFalse();
        Policy.Description!.Value.Should().Be("Recovery policy for online retail orders.");
        Policy.Currency!.Value.Should().Be("USD");
    }

    [Fact]
    public void Scales_and_channels_keep_their_members_in_order()
    {
        Policy.Scales.Select(s => s.Name.Value).Should().Equal("severity", "tier", "escalation", "role");
        Policy.Scales[0].Members.Members.Select(m => m.Value).Should().Equal("minor", "moderate", "major", "critical");
        Policy.Scales[0].Name.Location.Span.Start.Should().Be(new LinePosition(6, 2));
        Policy.Channels!.Members.Select(m => m.Value).Should().Equal("phone", "email", "chat", "social", "store", "app");
        Policy.Channels.Location.Span.Start.Should().Be(new LinePosition(10, 10));
    }

    [Fact]
    public void Facts_are_read_in_their_three_forms()
    {
        Policy.Facts.Select(f => f.Name.Value).Should().Equal("orderValue", "repeatFailures", "failureType", "proactive");
        Policy.Facts[0].Type!.Value.Should().Be("money");
        Policy.Facts[1].Type!.Value.Should().Be("number");
        Policy.Facts[1].Default!.Value.Should().Be("0");
        Policy.Facts[2].Type.Should().BeNull();
        Policy.Facts[2].OneOf!.Members.Select(m => m.Value).Should().Equal("information", "operation", "communication", "technical");
        Policy.Facts[3].Type!.Value.Should().Be("bool");
        Policy.Facts[0].Name.Location.Span.Start.Should().Be(new LinePosition(13, 2));
    }

    [Fact]
    public void Defines_and_combine_are_read()
    {
        Policy.Defines.Select(d => (d.Name.Value, d.Expression.Value)).Should().Equal(
            ("highValue", "customer.tier >= gold or customer.value >= 10000"),
            ("late", "delay > 24h"));
        Policy.Combine!.Compensation!.Value.Should().Be("sum");
        Policy.Combine.Cap!.Value.Should().Be("orderValue");
        Policy.Combine.Escalation!.Value.Should().Be("highest");
        Policy.Combine.Empowerment!.Value.Should().Be("highest");
    }

    [Fact]
    public void Rules_are_read_with_ids_conditions_and_decisions()
    {
        Policy.Rules.Select(r => r.Id!.Value).Should().Equal("critical-high-value", "major-on-time", "known-outage");
        Policy.RulesLocation!.Span.Start.Should().Be(new LinePosition(28, 0));

        var first = Policy.Rules[0];
        first.Location.Span.Start.Should().Be(new LinePosition(29, 4));
        first.Priority!.Value.Should().Be("100");
        first.When.Select(c => c.Value).Should().Equal("severity == critical and highValue");
        first.Then!.Compensate.Should().ContainSingle();
        first.Then.Compensate[0].Kind.Value.Should().Be("refund");
        first.Then.Compensate[0].Amount!.Value.Should().Be("100% of orderValue");
        first.Then.Escalate!.To!.Value.Should().Be("duty-manager");
        first.Then.Escalate.Within!.Value.Should().Be("1h");
        first.Then.Empower!.Role!.Value.Should().Be("frontline");
        first.Then.Empower.Limit!.Value.Should().Be("200");
        first.Then.Empower.Actions.Select(a => a.Value).Should().Equal("refund", "replace");
        first.Then.Note!.Value.Should().Be("Call the customer back personally.");

        Policy.Rules[1].When.Select(c => c.Value).Should().Equal("severity == major", "not late");
        Policy.Rules[1].Then!.Compensate[0].Amount!.Value.Should().Be("min(10% of orderValue, 30)");
        Policy.Rules[1].Stop.Should().BeNull();
        Policy.Rules[1].Priority.Should().BeNull();
    }

    [Fact]
    public void Compensation_items_are_read_in_mapping_and_bare_forms()
    {
        var outage = Policy.Rules[2];
        outage.Stop!.Value.Should().Be("true");
        outage.Then!.Compensate.Should().HaveCount(2);
        var voucher = outage.Then.Compensate[0];
        (voucher.Kind.Value, voucher.Amount!.Value, voucher.Note!.Value).Should().Be(("voucher", "15", "Sorry for the outage"));
        var apology = outage.Then.Compensate[1];
        apology.Kind.Value.Should().Be("apology");
        apology.Amount.Should().BeNull();
        apology.Note.Should().BeNull();
        apology.Location.Span.Start.Should().Be(new LinePosition(52, 10));
    }

    [Fact]
    public void Otherwise_is_read_as_a_decision()
    {
        Policy.Otherwise!.Escalate!.To!.Value.Should().Be("team-lead");
        Policy.Otherwise.Escalate.Within!.Value.Should().Be("48h");
        Policy.Otherwise.Compensate.Should().BeEmpty();
        Policy.Otherwise.CompensateLocation.Should().BeNull();
    }

    [Fact]
    public void Expression_tokens_map_to_their_file_columns()
    {
        // line 33 (one-based): "    when: severity == critical and highValue", highValue at column 36
        var when = Policy.Rules[0].When[0];
        when.Map.Map(when.Value.IndexOf("highValue", StringComparison.Ordinal)).Should().Be(new LinePosition(32, 35));
        // line 42: "    when: [severity == major, not late]", "late" at column 35
        var notLate = Policy.Rules[1].When[1];
        notLate.Map.Map(4).Should().Be(new LinePosition(41, 34));
    }
}

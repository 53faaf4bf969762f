using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

public sealed class FlowCollectionSpanTests
{
    [Fact]
    public void A_flow_list_or_mapping_ends_after_its_closing_bracket()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: a
                when: [[gold, platinum], severity == major]
                then: { escalate: { within: 1h } }
            """;

        var diagnostics = PolicyYaml.Compile(text, "p.policy.yaml").Diagnostics;

        var list = diagnostics.Single(d => d.Id == "RR0023").Location.Span;
        list.Should().Be(new LinePositionSpan(new LinePosition(4, 11), new LinePosition(4, 27)), "[gold, platinum] with its ']'");
        var mapping = diagnostics.Single(d => d.Id == "RR0007").Location.Span;
        mapping.Should().Be(new LinePositionSpan(new LinePosition(5, 22), new LinePosition(5, 36)), "{ within: 1h } with its '}'");
    }
}

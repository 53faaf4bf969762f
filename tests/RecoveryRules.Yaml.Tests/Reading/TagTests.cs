using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>YAML tags are not part of the format: reported at the tag, above all a '!' meant as 'not'.</summary>
public sealed class TagTests
{
    private const string Negation = "; to negate a condition write 'not', as in 'not late' (YAML reads a leading '!' as a tag)";

    [Theory]
    [InlineData("    when: ! late\n", 6, 10, "!", Negation)]
    [InlineData("    when: !late\n", 6, 10, "!late", Negation)]
    [InlineData("    when: [! late, true]\n", 6, 11, "!", Negation)]
    [InlineData("    when: !!str late\n", 6, 10, "!!str", "; remove it (quote a value to make it text)")]
    [InlineData("    when: !<tag:example.com,2000:x> late\n", 6, 10, "!<tag:example.com,2000:x>", "; remove it (quote a value to make it text)")]
    public void A_tag_is_reported_at_the_tag_with_the_fix(string when, int line, int column, string tag, string hint)
    {
        var yaml = "policy: p\nversion: \"1\"\ndefine:\n  late: delay > 24h\nrules:\n  - id: r\n" + when + "    then: { note: n }\n";

        var diagnostics = PolicyYaml.Compile(yaml).Diagnostics.Where(d => d.Id == "RR0029").ToList();

        diagnostics.Should().ContainSingle(ReaderRun.Describe([.. PolicyYaml.Compile(yaml).Diagnostics]));
        diagnostics[0].Location.Span.Should().Be(new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column + tag.Length)));
        diagnostics[0].Message.Should().Be($"The YAML tag '{tag}' is not part of a policy{hint}");
        PolicyYaml.Compile(yaml).Policy.Should().BeNull("a tagged policy does not load");
    }

    [Fact]
    public void A_tag_on_a_mapping_is_reported()
    {
        var diagnostics = PolicyYaml.Compile("policy: p\nversion: \"1\"\notherwise: !decision { note: n }\n").Diagnostics;

        diagnostics.Should().ContainSingle().Which.Location.Span.Start.Should().Be(new LinePosition(2, 11));
    }

    [Fact]
    public void An_exclamation_mark_inside_a_value_is_no_tag()
    {
        var diagnostics = PolicyYaml.Compile("policy: p\nversion: \"1\"\notherwise: { note: \"Sorry!\" }\nrules:\n  - id: r\n    when: severity != minor\n    then: { note: Wow! }\n").Diagnostics;

        diagnostics.Should().BeEmpty(ReaderRun.Describe(diagnostics));
    }
}

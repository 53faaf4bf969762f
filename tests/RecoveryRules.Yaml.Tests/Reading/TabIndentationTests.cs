using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>A tab used for indentation is reported at the tab, with the fix, wherever YamlDotNet notices it.</summary>
public sealed class TabIndentationTests
{
    private const string Fix = "The file is not valid YAML: a tab indents this line; YAML indents with spaces only, so replace the tab with spaces";

    [Theory]
    [InlineData("policy: p\nversion: \"1\"\nrules:\n\t- id: r\n", 3, 0)]
    [InlineData("policy: p\nversion: \"1\"\nrules:\n  - id: r\n\twhen: severity == critical\n", 4, 0)]
    [InlineData("policy: p\n\tversion: \"1\"\n", 1, 0)]
    [InlineData("policy: p\nversion: \"1\"\nrules:\n  - id: r\n    when: severity == critical\n    then:\n  \t  note: n\n", 6, 2)]
    [InlineData("policy: p\r\nversion: \"1\"\r\nrules:\r\n\t- id: r\r\n", 3, 0)]
    public void A_tab_used_for_indentation_is_reported_at_the_tab(string text, int line, int column)
    {
        var diagnostics = PolicyYaml.Compile(text).Diagnostics;

        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        diagnostics[0].Id.Should().Be("RR0001");
        diagnostics[0].Location.Span.Should().Be(new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column + 1)));
        diagnostics[0].Message.Should().Be(Fix);
    }

    [Fact]
    public void A_tab_inside_a_value_is_not_indentation()
    {
        var diagnostics = PolicyYaml.Compile("policy: p\nversion:\t\"1\"\notherwise: { note: \"a\tb\" }\n").Diagnostics;

        diagnostics.Should().BeEmpty(ReaderRun.Describe(diagnostics));
    }
}

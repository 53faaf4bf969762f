using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>Offsets inside a scalar's value map back to the file's zero-based lines and columns.</summary>
public sealed class ScalarSourceMapTests
{
    [Fact]
    public void Plain_scalar_maps_from_its_first_character()
    {
        var scalar = Define("  x: severity == critical and late");

        scalar.IsQuoted.Should().BeFalse();
        scalar.Map.IsExact.Should().BeTrue();
        scalar.Map.Map(0).Should().Be(new LinePosition(3, 5));
        scalar.Map.Map(scalar.Value.IndexOf("late", StringComparison.Ordinal)).Should().Be(new LinePosition(3, 30));
        scalar.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(3, 5), new LinePosition(3, 34)));
    }

    [Fact]
    public void Single_quoted_scalar_maps_from_after_the_quote()
    {
        var scalar = Define("  x: 'tier >= gold'");

        scalar.IsQuoted.Should().BeTrue();
        scalar.Value.Should().Be("tier >= gold");
        scalar.Map.Map(0).Should().Be(new LinePosition(3, 6));
        scalar.Map.Map(8).Should().Be(new LinePosition(3, 14));
    }

    [Fact]
    public void Double_quoted_scalar_maps_from_after_the_quote()
    {
        var scalar = Define("  x: \"tier in [gold, platinum]\"");

        scalar.IsQuoted.Should().BeTrue();
        scalar.Map.Map(8).Should().Be(new LinePosition(3, 14));
        scalar.Map.Locate(new TextSpan(9, 4)).Span.Should().Be(new LinePositionSpan(new LinePosition(3, 15), new LinePosition(3, 19)));
    }

    [Theory]
    [InlineData("  x: 'it''s'")]
    [InlineData("  x: \"a\\tb == c\"")]
    public void Scalar_with_escapes_maps_every_offset_to_the_whole_scalar(string line)
    {
        var scalar = Define(line);

        scalar.Map.IsExact.Should().BeFalse();
        scalar.Map.Map(3).Should().Be(new LinePosition(3, 5));
        scalar.Map.Locate(new TextSpan(1, 2)).Span.Should().Be(scalar.Location.Span);
    }

    [Fact]
    public void Literal_block_maps_each_line_at_the_block_indentation()
    {
        const string text = """
            policy: p
            version: "1"
            define:
              x: |
                severity == critical
                  and late
                or highValue
            """;
        var scalar = ReaderRun.ReadClean(text).Defines[0].Expression;

        scalar.Value.Should().Be("severity == critical\n  and late\nor highValue");
        scalar.Map.IsExact.Should().BeTrue();
        scalar.Map.Map(0).Should().Be(new LinePosition(4, 4));
        scalar.Map.Map(scalar.Value.IndexOf("late", StringComparison.Ordinal)).Should().Be(new LinePosition(5, 10));
        scalar.Map.Map(scalar.Value.IndexOf("highValue", StringComparison.Ordinal)).Should().Be(new LinePosition(6, 7));
    }

    [Fact]
    public void Literal_block_with_blank_lines_and_keep_chomping_still_maps_its_lines()
    {
        const string text = "policy: p\nversion: \"1\"\ndefine:\n  x: |+ # keep\n      a\n\n      b\n\n";
        var scalar = ReaderRun.ReadClean(text).Defines[0].Expression;

        scalar.Value.Should().Be("a\n\nb\n\n");
        scalar.Map.Map(0).Should().Be(new LinePosition(4, 6));
        scalar.Map.Map(3).Should().Be(new LinePosition(6, 6));
    }

    [Fact]
    public void Folded_block_maps_each_line_as_a_run_of_the_value()
    {
        const string text = """
            policy: p
            version: "1"
            define:
              x: >-
                severity == critical
                and late
            """;
        var scalar = ReaderRun.ReadClean(text).Defines[0].Expression;

        scalar.Value.Should().Be("severity == critical and late");
        scalar.Map.IsExact.Should().BeTrue();
        scalar.Map.Map(0).Should().Be(new LinePosition(4, 4));
        scalar.Map.Map(scalar.Value.IndexOf("late", StringComparison.Ordinal)).Should().Be(new LinePosition(5, 8));
    }

    [Fact]
    public void Multi_line_plain_and_quoted_scalars_map_each_line()
    {
        const string text = """
            policy: p
            version: "1"
            define:
              x: severity == critical
                   and late
              y: "tier >= gold
                 or highValue"
            """;
        var defines = ReaderRun.ReadClean(text).Defines;

        var plain = defines[0].Expression;
        plain.Value.Should().Be("severity == critical and late");
        plain.Map.Map(plain.Value.IndexOf("late", StringComparison.Ordinal)).Should().Be(new LinePosition(4, 11));

        var quoted = defines[1].Expression;
        quoted.Value.Should().Be("tier >= gold or highValue");
        quoted.Map.Map(0).Should().Be(new LinePosition(5, 6));
        quoted.Map.Map(quoted.Value.IndexOf("highValue", StringComparison.Ordinal)).Should().Be(new LinePosition(6, 8));
    }

    [Fact]
    public void Tagged_scalar_maps_from_its_content_not_its_tag()
    {
        var (policy, diagnostics) = ReaderRun.Read("policy: p\nversion: \"1\"\ndefine:\n  x: !!str delay > 24h\n");
        var scalar = policy.Defines[0].Expression;

        diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR0029", "a tag is not part of a policy");
        scalar.Value.Should().Be("delay > 24h");
        scalar.Map.Map(0).Should().Be(new LinePosition(3, 11));
    }

    [Fact]
    public void Keys_map_too_so_names_point_at_the_key()
    {
        var name = ReaderRun.ReadClean("policy: p\nversion: \"1\"\nfacts:\n  'order.value': money\n").Facts[0].Name;

        name.Value.Should().Be("order.value");
        name.IsQuoted.Should().BeTrue();
        name.Map.Map(6).Should().Be(new LinePosition(3, 9));
    }

    [Fact]
    public void Crlf_line_breaks_and_a_byte_order_mark_do_not_shift_positions()
    {
        var policy = ReaderRun.ReadClean("\uFEFFpolicy: p\r\nversion: \"1\"\r\ndefine:\r\n  x: |\r\n    a and\r\n    b\r\n");

        policy.Id!.Map.Map(0).Should().Be(new LinePosition(0, 8));
        var scalar = policy.Defines[0].Expression;
        scalar.Value.Should().Be("a and\nb\n");
        scalar.Map.Map(6).Should().Be(new LinePosition(5, 4));
    }

    [Fact]
    public void Empty_value_is_an_empty_scalar_where_the_value_would_be()
    {
        var description = ReaderRun.ReadClean("policy: p\nversion: \"1\"\ndescription:\n").Description!;

        description.Value.Should().BeEmpty();
        description.Map.Map(0).Should().Be(new LinePosition(2, 12));
    }

    private static ScalarSyntax Define(string line) =>
        ReaderRun.ReadClean("policy: p\nversion: \"1\"\ndefine:\n" + line + "\n").Defines[0].Expression;
}

using System.Diagnostics;
using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>Hostile documents fail fast with a diagnostic: size, depth, anchors and aliases.</summary>
public sealed class ReaderLimitsTests
{
    [Fact]
    public void Document_longer_than_the_limit_is_reported_at_the_start_and_not_read()
    {
        var options = new PolicyReaderOptions { MaxDocumentLength = 20 };

        var (policy, diagnostics) = ReaderRun.Read("policy: p\nversion: \"1\"\nbogus: key\n", options);

        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        diagnostics[0].Id.Should().Be("RR0002");
        diagnostics[0].Location.Span.Start.Should().Be(new LinePosition(0, 0));
        diagnostics[0].Message.Should().Contain("34 characters long; the limit is 20");
        policy.Id.Should().BeNull();
    }

    [Fact]
    public void Default_limit_is_one_mebibyte_of_characters()
    {
        var text = "policy: p\nversion: \"1\"\n#" + new string('x', 1_048_576);

        ReaderRun.Single(text, "RR0002", 0, 0).Message.Should().Contain("the limit is 1048576");
    }

    [Fact]
    public void Hundred_thousand_nested_flow_lists_stop_at_the_depth_limit_without_crashing()
    {
        var stopwatch = Stopwatch.StartNew();

        // The 65th '[' (column 65, one-based) is the first level beyond MaxDepth 64.
        var diagnostic = ReaderRun.Single(new string('[', 100_000), "RR0003", 0, 64);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        diagnostic.Message.Should().Contain("more than 64 levels");
    }

    [Fact]
    public void Nested_flow_lists_under_the_root_mapping_count_the_root_as_a_level()
    {
        // Root mapping is level 1, so the 64th '[' after "policy: " is level 65.
        ReaderRun.Single("policy: " + new string('[', 100_000), "RR0003", 0, 8 + 63);
    }

    [Fact]
    public void Hundred_thousand_nested_block_lists_and_flow_mappings_stop_at_the_depth_limit()
    {
        ReaderRun.Single(string.Concat(Enumerable.Repeat("- ", 100_000)) + "x", "RR0003", 0, 128);
        ReaderRun.Single(string.Concat(Enumerable.Repeat("{a: ", 100_000)), "RR0003", 0, 4 * 64);
    }

    [Fact]
    public void Max_depth_option_is_applied_at_the_first_level_beyond_it()
    {
        const string text = """
            policy: p
            version: "1"
            rules:
              - id: r
                then:
                  note: deep
            """;
        var options = new PolicyReaderOptions { MaxDepth = 3 };

        // root mapping 1, rules list 2, rule mapping 3, then mapping 4: reported at 'note'.
        ReaderRun.Single(text, "RR0003", 5, 6, options);
        ReaderRun.Read(text, new PolicyReaderOptions { MaxDepth = 4 }).Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void Options_reject_limits_that_are_not_positive()
    {
        var depth = () => new PolicyReaderOptions { MaxDepth = 0 };
        var length = () => new PolicyReaderOptions { MaxDocumentLength = -1 };

        depth.Should().Throw<ArgumentOutOfRangeException>();
        length.Should().Throw<ArgumentOutOfRangeException>();
        PolicyReaderOptions.Default.MaxDepth.Should().Be(64);
        PolicyReaderOptions.Default.MaxDocumentLength.Should().Be(1_048_576);
    }

    [Fact]
    public void Billion_laughs_is_reported_without_expanding_any_alias()
    {
        var text = ReaderRun.ReadData("billion-laughs.policy.yaml");
        var stopwatch = Stopwatch.StartNew();

        var (policy, diagnostics) = ReaderRun.Read(text);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        diagnostics.Where(d => d.Id == "RR0004").Should().HaveCount(9 + (8 * 9), "every anchor and every alias is reported");
        diagnostics.Should().OnlyContain(d => d.Id == "RR0004" || d.Id == "RR0006", ReaderRun.Describe(diagnostics));
        diagnostics.Should().Contain(d => d.Id == "RR0004" && d.Location.Span.Start == new LinePosition(3, 3) && d.Message.Contains("anchor 'a'"));
        diagnostics.Should().Contain(d => d.Id == "RR0004" && d.Location.Span.Start == new LinePosition(4, 7) && d.Message.Contains("alias 'a'"));
        policy.Id!.Value.Should().Be("laughs");
    }

    [Fact]
    public void Alias_used_as_a_value_is_never_expanded_and_reports_only_the_alias()
    {
        const string text = """
            policy: p
            version: "1"
            define:
              late: &late delay > 24h
              later: *late
            """;

        var (policy, diagnostics) = ReaderRun.Read(text);

        diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).Should().Equal(
            ("RR0004", 3, 8),
            ("RR0004", 4, 9));
        policy.Defines.Select(d => (d.Name.Value, d.IsMalformed)).Should().Equal(("late", false), ("later", true));
        policy.Defines[0].Expression.Value.Should().Be("delay > 24h");
    }
}

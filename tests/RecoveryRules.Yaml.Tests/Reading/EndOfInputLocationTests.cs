using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>
/// Diagnostics about the end of the input lie inside the text (docs/design.md §4): YamlDotNet marks
/// the end of the stream on a line after the last one, so a file without a final newline used to get
/// its diagnostic one line past its end. Positions are zero-based; the comments give them one-based.
/// </summary>
public sealed class EndOfInputLocationTests
{
    private const string Header = "policy: p\nversion: \"1\"\nrules:\n  - id: r\n";

    [Fact]
    public void A_file_without_a_final_newline_reports_invalid_yaml_on_its_last_line()
    {
        // (5,13): just after the 'a' of an unclosed flow list, not (6,1).
        var diagnostic = Single(Header + "    when: [a", "RR0001", 4, 12);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(4, 12));
        diagnostic.Location.ToString().Should().Be("policy.yaml(5,13)");
    }

    [Fact]
    public void A_rule_that_ends_the_file_without_a_newline_ends_on_the_last_line()
    {
        var diagnostic = Single(Header + "    when:", "RR0026", 3, 4);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(4, 9));
    }

    [Fact]
    public void An_empty_rule_item_at_the_end_of_the_file_is_reported_after_its_dash()
    {
        Single("policy: p\nversion: \"1\"\nrules:\n  -", "RR0008", 3, 3).Location.Span.End.Should().Be(new LinePosition(3, 3));
    }

    [Fact]
    public void An_empty_amount_at_the_end_of_the_file_is_reported_after_its_key()
    {
        Single(Header + "    then:\n      compensate:\n        - refund:", "RR0104", 6, 17);
    }

    [Fact]
    public void A_file_holding_only_a_document_marker_is_an_empty_document_at_the_marker()
    {
        var diagnostic = Single("---", "RR0024", 0, 0);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(0, 3));
        diagnostic.Message.Should().Contain("The document is empty");
    }

    [Fact]
    public void A_document_marker_with_a_final_newline_is_an_empty_document_at_the_marker()
    {
        Single("---\n", "RR0024", 0, 0).Location.Span.End.Should().Be(new LinePosition(0, 3));
    }

    [Fact]
    public void A_mapping_key_without_a_value_at_the_end_of_the_file_is_reported_after_the_key()
    {
        Single("policy: p\nversion: \"1\"\nfacts:\n  x:", "RR0017", 3, 4);
    }

    [Fact]
    public void A_flow_mapping_left_open_at_the_end_of_the_file_is_reported_after_its_brace()
    {
        Single("policy: p\nversion: \"1\"\nrules: {", "RR0001", 2, 8);
    }

    [Fact]
    public void A_flow_list_left_open_before_a_final_newline_is_reported_on_the_last_line()
    {
        Single("policy: p\nversion: \"1\"\nrules: [\n", "RR0001", 2, 8);
    }

    [Fact]
    public void An_unclosed_quote_at_the_end_of_the_file_ends_on_the_last_line()
    {
        var diagnostic = Single(Header + "    when: \"a ==\n      b", "RR0001", 4, 10);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(5, 7));
    }

    [Fact]
    public void A_crlf_file_without_a_final_newline_reports_the_end_on_its_last_line()
    {
        Single("policy: p\r\nversion: \"1\"\r\nrules: [", "RR0001", 2, 8);
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_counts_columns_after_the_mark()
    {
        Single("\uFEFFpolicy: p\nversion: \"1\"\nrules: [", "RR0001", 2, 8);
    }

    [Fact]
    public void A_file_that_starts_with_two_byte_order_marks_reads_like_its_text()
    {
        // The first mark is the encoding's; the second is content, a character at column 1.
        var text = "\uFEFF\uFEFF\"\\ud800\"\npolicy: p\n";
        var path = Path.Combine(Path.GetTempPath(), $"two-marks-{Guid.NewGuid():N}.policy.yaml");
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            var fromFile = PolicyYaml.CompileFile(path).Diagnostics.Select(d => (d.Id, d.Location.Span, d.Message));
            var fromText = PolicyYaml.Compile(text).Diagnostics.Select(d => (d.Id, d.Location.Span, d.Message));
            fromFile.Should().Equal(fromText);
            fromText.Should().ContainSingle().Which.Id.Should().Be("RR0001");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only\n# comments")]
    [InlineData("  \n \t\n")]
    [InlineData("\uFEFF")]
    public void A_file_without_a_document_is_reported_at_its_start(string text)
    {
        Single(text, "RR0024", 0, 0).Location.Span.End.Should().Be(new LinePosition(0, 0));
    }

    [Fact]
    public void The_end_of_a_literal_block_expression_at_the_end_of_the_file_is_its_last_character()
    {
        // The value is "a ==\n": its end is after the break, which is no column of the file.
        Single(Header + "    when: |\n      a ==\n", "RR0102", 5, 10);
    }

    [Fact]
    public void The_end_of_a_folded_expression_followed_by_empty_lines_is_its_last_character()
    {
        Single(Header + "    when: >\n      a ==\n\n", "RR0102", 5, 10);
    }

    [Fact]
    public void A_literal_block_with_empty_lines_maps_them_to_columns_that_exist()
    {
        // Value line 1 is empty, and its file line has no indentation at all.
        Find(Header + "    when: |\n      a ==\n\n      'x\n", "RR0101", 7, 6)
            .Location.Span.End.Should().Be(new LinePosition(7, 8));
    }

    [Fact]
    public void An_unterminated_string_spanning_a_literal_block_ends_on_its_last_line()
    {
        var diagnostic = Find(Header + "    when: |\n      a == 'x\n      y\n", "RR0101", 5, 11);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(6, 7));
    }

    [Fact]
    public void A_literal_block_with_crlf_line_endings_maps_an_unterminated_string_to_its_lines()
    {
        var diagnostic = Find(Crlf(Header) + "    when: |\r\n      a == 'x\r\n      y\r\n", "RR0101", 5, 11);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(6, 7));
    }

    [Fact]
    public void A_folded_block_with_crlf_line_endings_maps_tokens_on_its_second_line()
    {
        Single(Crlf(Header) + "    when: >-\r\n      a ==\r\n      zz ==\r\n", "RR0105", 6, 9).Location.Span.End.Should().Be(new LinePosition(6, 11));
    }

    [Fact]
    public void A_multi_line_plain_expression_with_crlf_line_endings_and_no_final_newline_maps_its_last_line()
    {
        Single(Crlf(Header) + "    when: a ==\r\n      zz ==", "RR0105", 5, 9).Location.Span.End.Should().Be(new LinePosition(5, 11));
    }

    [Fact]
    public void A_multi_line_quoted_expression_after_an_astral_character_maps_in_utf16_columns()
    {
        var diagnostics = Compile(Crlf(Header) + "    when: \"a ==\r\n      zz \U0001F600 ==\"");
        diagnostics.Should().ContainSingle(d => d.Id == "RR0105").Which.Location.Span
            .Should().Be(new LinePositionSpan(new LinePosition(5, 12), new LinePosition(5, 14)), ReaderRun.Describe(diagnostics));
    }

    [Fact]
    public void A_kept_literal_block_at_the_end_of_the_file_ends_on_its_last_empty_line()
    {
        Find(Header + "    when: |+\n      a == 'x\n\n\n", "RR0101", 5, 11).Location.Span.End.Should().Be(new LinePosition(7, 0));
    }

    [Fact]
    public void A_double_quoted_expression_with_escapes_at_the_end_of_the_file_points_at_the_whole_scalar()
    {
        var diagnostic = Single(Header + "    when: \"\\u00e9 ==\"", "RR0102", 4, 10);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(4, 21));
    }

    [Fact]
    public void Columns_count_utf16_characters_so_an_astral_character_takes_two()
    {
        var diagnostics = Compile(Header + "    when: x\U0001F600 ==");
        diagnostics.Should().ContainSingle(d => d.Id == "RR0102")
            .Which.Location.Span.Start.Should().Be(new LinePosition(4, 16), ReaderRun.Describe(diagnostics));
    }

    [Fact]
    public void A_nul_character_is_invalid_yaml_at_its_position_instead_of_ending_the_scalar_silently()
    {
        var diagnostic = Single("policy: p\0\nversion: \"1\"\n", "RR0001", 0, 9);
        diagnostic.Location.Span.End.Should().Be(new LinePosition(0, 10));
        diagnostic.Message.Should().Contain("NUL character");
    }

    [Fact]
    public void A_nul_character_at_the_end_of_the_file_is_inside_the_text()
    {
        Single("policy: p\nversion: \"1\"\n\0", "RR0001", 2, 0).Location.Span.End.Should().Be(new LinePosition(2, 1));
    }

    [Fact]
    public void A_tab_counts_as_one_column()
    {
        Single("policy:\tp\nversion: \"1\"\nrules:\n  - id: r\n    when:\t[a", "RR0001", 4, 12);
    }

    [Fact]
    public void A_diagnostic_one_line_past_the_end_is_outside_the_text()
    {
        var text = "a: 1\nb: [";
        var past = Diagnostic.Create(RecoveryDiagnostics.InvalidYaml, new SourceLocation("p.yaml", new LinePositionSpan(new LinePosition(2, 0), new LinePosition(2, 0))), "x");
        var pastTheLine = Diagnostic.Create(RecoveryDiagnostics.InvalidYaml, new SourceLocation("p.yaml", new LinePositionSpan(new LinePosition(1, 4), new LinePosition(1, 5))), "x");
        var atTheEnd = Diagnostic.Create(RecoveryDiagnostics.InvalidYaml, new SourceLocation("p.yaml", new LinePositionSpan(new LinePosition(1, 4), new LinePosition(1, 4))), "x");

        DiagnosticLocations.FindOutside(text, [past]).Should().StartWith("RR0001 lies outside its text: zero-based 2:0-2:0");
        DiagnosticLocations.FindOutside(text, [pastTheLine]).Should().NotBeNull();
        DiagnosticLocations.FindOutside(text, [atTheEnd]).Should().BeNull();
        DiagnosticLocations.FindOutside(text + "\n", [past with { }]).Should().NotBeNull("a final newline does not start a line");
        DiagnosticLocations.FindOutside("\uFEFF" + text, [atTheEnd]).Should().BeNull("a byte order mark is not a column");
    }

    [Fact]
    public void A_span_that_ends_before_it_starts_is_outside_the_text()
    {
        var backwards = Diagnostic.Create(RecoveryDiagnostics.InvalidYaml, new SourceLocation("p.yaml", new LinePositionSpan(new LinePosition(0, 3), new LinePosition(0, 1))), "x");
        DiagnosticLocations.FindOutside("a: 1", [backwards]).Should().NotBeNull();
    }

    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    private static ImmutableArray<Diagnostic> Compile(string text) => PolicyYaml.Compile(text).Diagnostics;

    private static Diagnostic Find(string text, string id, int line, int column)
    {
        var diagnostics = Compile(text);
        var diagnostic = diagnostics.Should().ContainSingle(d => d.Id == id, ReaderRun.Describe(diagnostics)).Subject;
        diagnostic.Location.Span.Start.Should().Be(new LinePosition(line, column), ReaderRun.Describe(diagnostics));
        return diagnostic;
    }

    private static Diagnostic Single(string text, string id, int line, int column)
    {
        var diagnostics = Compile(text);
        diagnostics.Should().ContainSingle(ReaderRun.Describe(diagnostics));
        var diagnostic = diagnostics[0];
        diagnostic.Id.Should().Be(id, ReaderRun.Describe(diagnostics));
        diagnostic.Location.Span.Start.Should().Be(new LinePosition(line, column), ReaderRun.Describe(diagnostics));
        return diagnostic;
    }
}

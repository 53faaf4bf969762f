using System.Globalization;
using System.Text.RegularExpressions;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>
/// Every file in Data/Diagnostics states the diagnostics it must produce in comments of the form
/// <c># expect: RRnnnn at LINE:COL message fragment</c>, one-based as the command line prints them;
/// the test converts them to the reader's zero-based positions and checks the exact set.
/// </summary>
public sealed partial class DiagnosticFileTests
{
    public static TheoryData<string> Files { get; } = [.. Directory
        .EnumerateFiles(Path.Combine(ReaderRun.DataDirectory, "Diagnostics"), "*.policy.yaml")
        .Select(path => Path.GetFileName(path))
        .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void File_reports_exactly_the_diagnostics_it_expects(string file)
    {
        var text = ReaderRun.ReadData(Path.Combine("Diagnostics", file));
        var expected = Expectation().Matches(text)
            .Select(m => (
                Id: m.Groups["id"].Value,
                Line: int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture) - 1,
                Column: int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture) - 1,
                Message: m.Groups["message"].Value.Trim()))
            .ToList();
        expected.Should().NotBeEmpty("each data file states what it expects");

        var (_, diagnostics) = ReaderRun.Read(text, path: file);

        var because = ReaderRun.Describe(diagnostics);
        diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column))
            .Should().BeEquivalentTo(expected.Select(e => (e.Id, e.Line, e.Column)), because);
        foreach (var expectation in expected)
        {
            diagnostics.Should().Contain(
                d => d.Id == expectation.Id && d.Location.Line == expectation.Line && d.Location.Column == expectation.Column
                    && d.Message.Contains(expectation.Message, StringComparison.Ordinal),
                $"{expectation.Id} at {expectation.Line}:{expectation.Column} should say \"{expectation.Message}\"; {because}");
        }

        diagnostics.Should().OnlyContain(d => d.Location.Path == file);
    }

    [GeneratedRegex(@"^# expect: (?<id>RR\d{4}) at (?<line>\d+):(?<column>\d+)(?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex Expectation();
}

using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>
/// Every <c>Data/RRnnnn/NAME.policy.yaml</c> is compiled as the command line's <c>check</c> would and
/// its output compared, line for line, with <c>NAME.diagnostics.txt</c> beside it
/// (<c>NAME.policy.yaml(line,col): error RRnnnn: message</c>, one-based). A file under
/// <c>RRnnnn/</c> must report RRnnnn. A comment <c># test-options: max-document-length=N max-depth=N</c>
/// sets the reader's limits. <c>RECOVERYRULES_ACCEPT=1</c> rewrites the golden files from the actual output.
/// </summary>
public sealed partial class GoldenDiagnosticTests
{
    private const string DataFolder = "Diagnostics/Data";

    public static TheoryData<string> Files { get; } = [.. PolicyFiles().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Policy_reports_exactly_the_diagnostics_of_its_golden_file(string name)
    {
        var policyPath = Path.Combine(AppContext.BaseDirectory, DataFolder, name + ".policy.yaml");
        var goldenRelative = Path.Combine(DataFolder, name + ".diagnostics.txt");
        var goldenPath = Path.Combine(AppContext.BaseDirectory, goldenRelative);
        var text = File.ReadAllText(policyPath);

        // The opt-in coverage gaps are on for the files that demonstrate them.
        var policyOptions = name.StartsWith("RR1005/", StringComparison.Ordinal) ? new RecoveryPolicyOptions { ReportCoverageGaps = true } : PolicyAssert.Analyzed;
        var result = PolicyYaml.Compile(text, Path.GetFileName(policyPath), ReaderOptions(text), policyOptions);
        PolicyAssert.CheckMessages(result.Diagnostics);
        var actual = string.Concat(result.Diagnostics.Select(d => d.ToString() + "\n"));

        if (GoldenFiles.Accepting)
        {
            GoldenFiles.Accept(goldenRelative, actual);
        }
        else
        {
            File.Exists(goldenPath).Should().BeTrue($"{name}.policy.yaml needs a golden {name}.diagnostics.txt; run with {GoldenFiles.AcceptVariable}=1 to create it, then review it");
            actual.Should().Be(GoldenFiles.Normalize(File.ReadAllText(goldenPath)), $"{name}.diagnostics.txt holds the expected output; run with {GoldenFiles.AcceptVariable}=1 to accept the actual output, then review the diff");
        }

        var folder = name.Split('/')[0];
        result.Diagnostics.Should().Contain(d => d.Id == folder, $"a file under {folder}/ demonstrates {folder}");
        result.Success.Should().Be(!result.Diagnostics.Any(d => d.IsError), "a policy loads exactly when it has no error");
    }

    [Fact]
    public void Every_policy_diagnostic_has_a_golden_file()
    {
        var covered = PolicyFiles().Select(f => f.Name.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var policyIds = RecoveryDiagnostics.All.Where(d => d.Category is not (DiagnosticCategory.Case or DiagnosticCategory.Scenario or DiagnosticCategory.Embedding)).Select(d => d.Id);
        policyIds.Where(id => !covered.Contains(id)).Should().BeEmpty("every policy diagnostic is shown by at least one file in Diagnostics/Data/RRnnnn/");
    }

    [Fact]
    public void Every_golden_folder_names_a_policy_diagnostic()
    {
        var ids = RecoveryDiagnostics.All.Where(d => d.Category is not (DiagnosticCategory.Case or DiagnosticCategory.Scenario or DiagnosticCategory.Embedding)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, DataFolder)).Select(Path.GetFileName);
        folders.Where(f => !ids.Contains(f!)).Should().BeEmpty();
    }

    /// <summary>The policy files, as "RRnnnn/name" without the extension, in order.</summary>
    private static IEnumerable<(string Name, string Path)> PolicyFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, DataFolder);
        return Directory.EnumerateFiles(root, "*.policy.yaml", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(root, path).Replace('\\', '/')[..^".policy.yaml".Length], Path: path))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
    }

    private static PolicyReaderOptions? ReaderOptions(string text)
    {
        var match = TestOptions().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var options = PolicyReaderOptions.Default;
        foreach (Match setting in Setting().Matches(match.Groups["settings"].Value))
        {
            var value = int.Parse(setting.Groups["value"].Value, CultureInfo.InvariantCulture);
            options = setting.Groups["name"].Value switch
            {
                "max-document-length" => options with { MaxDocumentLength = value },
                "max-depth" => options with { MaxDepth = value },
                var other => throw new InvalidOperationException($"Unknown test option '{other}'."),
            };
        }

        return options;
    }

    [GeneratedRegex(@"^# test-options:(?<settings>.*)$", RegexOptions.Multiline)]
    private static partial Regex TestOptions();

    [GeneratedRegex(@"(?<name>[a-z-]+)=(?<value>\d+)")]
    private static partial Regex Setting();
}

using RecoveryRules.Diagnostics;
using RecoveryRules.Testing.Reading;
using RecoveryRules.Testing.Tests.Infrastructure;

namespace RecoveryRules.Testing.Tests.Diagnostics;

/// <summary>
/// Every <c>Diagnostics/Data/RRnnnn/NAME.tests.yaml</c> is loaded as <c>recoveryrules test</c> loads it
/// and its diagnostics compared, line for line, with <c>NAME.diagnostics.txt</c> beside it
/// (<c>NAME.tests.yaml(line,col): error RRnnnn: message</c>, one-based; the policy's diagnostics with its
/// path relative to the scenario file). A file under <c>RRnnnn/</c> must report RRnnnn.
/// <c>RECOVERYRULES_ACCEPT=1</c> rewrites the golden files from the actual output.
/// </summary>
public sealed class GoldenScenarioDiagnosticTests
{
    private const string DataFolder = "Diagnostics/Data";

    public static TheoryData<string> Files { get; } = [.. ScenarioFiles()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_file_reports_exactly_the_diagnostics_of_its_golden_file(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, DataFolder, name + ".tests.yaml");
        var goldenRelative = Path.Combine(DataFolder, name + ".diagnostics.txt");
        var goldenPath = Path.Combine(AppContext.BaseDirectory, goldenRelative);

        var result = ScenarioFileReader.Read(Path.GetFileName(path), File.ReadAllText(path), Path.GetDirectoryName(path)!, RecoveryPolicyOptions.Default);
        var actual = string.Concat(result.Diagnostics.Select(d => d.ToString() + "\n"));

        if (GoldenFiles.Accepting)
        {
            GoldenFiles.Accept(goldenRelative, actual);
        }
        else
        {
            File.Exists(goldenPath).Should().BeTrue($"{name}.tests.yaml needs a golden {name}.diagnostics.txt; run with {GoldenFiles.AcceptVariable}=1 to create it, then review it");
            actual.Should().Be(GoldenFiles.Normalize(File.ReadAllText(goldenPath)), $"{name}.diagnostics.txt holds the expected output; run with {GoldenFiles.AcceptVariable}=1 to accept the actual output, then review the diff");
        }

        var folder = name.Split('/')[0];
        result.Diagnostics.Should().Contain(d => d.Id == folder, $"a file under {folder}/ demonstrates {folder}");
        result.Diagnostics.Select(d => d.Message).Should().NotContain(m => m.Contains('{', StringComparison.Ordinal) && m.Contains('}', StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(m, @"\{\d+\}"));
        result.Success.Should().Be(!result.Diagnostics.Any(d => d.IsError), "a scenario file loads exactly when it and its policy have no error");
    }

    [Fact]
    public void Every_scenario_diagnostic_has_a_golden_file()
    {
        var covered = ScenarioFiles().Select(f => f.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var ids = RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Scenario).Select(d => d.Id);
        ids.Where(id => !covered.Contains(id)).Should().BeEmpty("every scenario diagnostic is shown by at least one file in Diagnostics/Data/RRnnnn/");
    }

    [Fact]
    public void Every_golden_folder_names_a_diagnostic()
    {
        var ids = RecoveryDiagnostics.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, DataFolder)).Select(Path.GetFileName);
        folders.Where(f => !ids.Contains(f!)).Should().BeEmpty();
    }

    /// <summary>The scenario files, as "RRnnnn/name" without the extension, in order.</summary>
    private static IEnumerable<string> ScenarioFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, DataFolder);
        return Directory.EnumerateFiles(root, "*.tests.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')[..^".tests.yaml".Length])
            .Order(StringComparer.Ordinal);
    }
}

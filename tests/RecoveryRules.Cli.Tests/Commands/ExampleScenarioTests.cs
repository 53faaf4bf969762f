using System.Text.RegularExpressions;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary>
/// The suite runs every scenario file under examples/ through <c>recoveryrules test --coverage</c>: each
/// scenario passes and each example policy has every one of its rules fired (docs/auditing.md, "Coverage").
/// </summary>
public sealed partial class ExampleScenarioTests
{
    private static readonly string ExamplesRoot = Path.Combine(FindRepositoryRoot(), "examples");

    public static TheoryData<string> ScenarioFiles { get; } =
        [.. Directory.EnumerateFiles(ExamplesRoot, "*.tests.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(ExamplesRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_example_folder_has_a_scenario_file()
    {
        var folders = PolicyExamples.Folders(ExamplesRoot);
        folders.Should().NotBeEmpty();
        foreach (var folder in folders)
        {
            Directory.GetFiles(Path.Combine(ExamplesRoot, folder), "*.tests.yaml").Should().NotBeEmpty($"examples/{folder} needs scenarios covering its policy");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public async Task Every_scenario_of_an_example_passes_and_fires_every_rule(string scenarioFile)
    {
        var run = await CliRun.RunAsync("test", "--coverage", "--threshold", "100", Path.Combine(ExamplesRoot, scenarioFile));

        run.Stderr.Should().BeEmpty();
        run.ExitCode.Should().Be(0, run.Stdout);
        var totals = Totals().Match(run.StdoutLines[^1]);
        totals.Success.Should().BeTrue($"the run ends with its totals, not '{run.StdoutLines[^1]}'");
        int.Parse(totals.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        totals.Groups["failed"].Value.Should().Be("0");

        var fired = RulesFired().Match(run.Stdout);
        fired.Success.Should().BeTrue(run.Stdout);
        fired.Groups["fired"].Value.Should().Be(fired.Groups["all"].Value, run.Stdout);
        fired.Groups["percent"].Value.Should().Be("100");
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed$")]
    private static partial Regex Totals();

    [GeneratedRegex(@"rules fired: (?<fired>\d+) of (?<all>\d+) \((?<percent>[\d.]+) %\)")]
    private static partial Regex RulesFired();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RecoveryRules.sln.");
    }
}

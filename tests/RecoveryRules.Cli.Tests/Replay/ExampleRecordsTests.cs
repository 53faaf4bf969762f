using RecoveryRules.Cli.Tests.Commands;

namespace RecoveryRules.Cli.Tests.Replay;

/// <summary>
/// Every example under examples/ holds records.jsonl, its cases recorded by
/// <c>eval --policy P --cases cases.jsonl --now 2026-12-01T09:00:00+00:00 --record records.jsonl</c>; replaying them
/// with the example's policy reproduces every decision (docs/auditing.md, "Replay").
/// </summary>
public sealed class ExampleRecordsTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> Examples { get; } =
        [.. PolicyExamples.Folders(Path.Combine(Root, "examples"))];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_s_records_replay_with_its_policy_with_zero_differences(string example)
    {
        var folder = Path.Combine(Root, "examples", example);
        var records = Path.Combine(folder, "records.jsonl");
        var cases = File.ReadAllLines(Path.Combine(folder, "cases.jsonl")).Count(line => line.Trim().Length > 0);

        var run = await CliRun.RunAsync("replay", "--policy", Path.Combine(folder, example + ".policy.yaml"), records);

        run.ExitCode.Should().Be(0, run.Stdout);
        run.StdoutLines.Should().Equal($"{cases} replayed, {cases} identical, 0 changed");
        run.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task The_retail_2027_demo_changes_decisions_and_its_summary_is_the_one_in_docs_auditing()
    {
        var run = await CliRun.RunAsync("replay", "--summary", "--policy", Path.Combine(Root, "examples", "retail", "retail-2027.policy.yaml"), Path.Combine(Root, "examples", "retail", "records.jsonl"));
        var output = run.Stdout.Replace(Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Replace('\\', '/'); // as run from the repository's root
        var docs = await File.ReadAllTextAsync(Path.Combine(Root, "docs", "auditing.md"), TestContext.Current.CancellationToken);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().Contain(line => line.StartsWith("  USD  up ", StringComparison.Ordinal));
        docs.ReplaceLineEndings("\n").Should().Contain(output, "docs/auditing.md shows the demo's real output");
    }

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

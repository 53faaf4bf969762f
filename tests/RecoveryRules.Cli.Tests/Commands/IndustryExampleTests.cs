using System.Text.Json;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary>
/// Every example under examples/ (one folder per industry: a policy, its cases, its scenarios)
/// checks without a single diagnostic and decides every one of its cases.
/// </summary>
public sealed class IndustryExampleTests
{
    private static readonly string ExamplesRoot = Path.Combine(FindRepositoryRoot(), "examples");

    private static readonly string[] Folders =
        PolicyExamples.Folders(ExamplesRoot);

    public static TheoryData<string> Examples { get; } = [.. Folders];

    [Fact]
    public void The_examples_cover_retail_and_the_four_industries_of_the_domain()
    {
        Folders.Should().Contain(["airline", "hotel", "insurance", "retail", "telecom"]);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_policy_checks_without_any_diagnostic(string example)
    {
        // The example's policy and any other version of it beside it (retail-2027.policy.yaml, the replay demo).
        var policies = Directory.GetFiles(Path.Combine(ExamplesRoot, example), "*.policy.yaml").Order(StringComparer.Ordinal).ToArray();

        var run = await CliRun.RunAsync(["check", .. policies]);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal(policies.Length == 1 ? "1 file checked: 0 errors, 0 warnings" : $"{policies.Length} files checked: 0 errors, 0 warnings");
        run.Stderr.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_case_of_an_example_is_decided_in_order_with_no_error_line(string example)
    {
        var cases = Path.Combine(ExamplesRoot, example, "cases.jsonl");
        var given = File.ReadAllLines(cases).Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line, default).RootElement.GetProperty("id").GetString())
            .ToList();

        var run = await CliRun.RunAsync("eval", "--policy", PolicyOf(example), "--cases", cases);

        var decisions = run.StdoutLines.Select(line => JsonDocument.Parse(line, default).RootElement).ToList();
        decisions.Where(decision => decision.TryGetProperty("error", out _)).Select(decision => decision.GetRawText()).Should().BeEmpty();
        run.ExitCode.Should().Be(0);
        run.Stderr.Should().BeEmpty();
        decisions.Select(decision => decision.TryGetProperty("compensation", out _)).Should().AllBeEquivalentTo(true);
        decisions.Select(decision => decision.GetProperty("case").GetString()).Should().Equal(given);
    }

    private static string PolicyOf(string example)
    {
        var policy = Path.Combine(ExamplesRoot, example, example + ".policy.yaml");
        File.Exists(policy).Should().BeTrue($"examples/{example} holds its policy, {example}.policy.yaml");
        return policy;
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

using System.Text.Json;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary>The README's quick-start commands, run on the repository's own examples.</summary>
public sealed class ExampleTests
{
    private static readonly string Examples = Path.Combine(FindRepositoryRoot(), "examples", "retail");

    [Fact]
    public async Task The_quick_start_decides_every_example_case_and_exits_0()
    {
        var run = await CliRun.RunAsync("eval", "--policy", Path.Combine(Examples, "retail.policy.yaml"), "--cases", Path.Combine(Examples, "cases.jsonl"));

        run.ExitCode.Should().Be(0);
        run.Stderr.Should().BeEmpty();
        run.StdoutLines.Should().HaveCount(File.ReadAllLines(Path.Combine(Examples, "cases.jsonl")).Length)
            ;
        run.StdoutLines.Select(line => JsonDocument.Parse(line, default).RootElement.TryGetProperty("compensation", out var _))
            .Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public async Task The_example_with_errors_gives_an_error_line_for_each_wrong_case_and_exits_1()
    {
        var run = await CliRun.RunAsync("eval", "--policy", Path.Combine(Examples, "retail.policy.yaml"), "--cases", Path.Combine(Examples, "cases-with-errors.jsonl"));

        run.ExitCode.Should().Be(1);
        var errors = run.StdoutLines
            .Select(line => JsonDocument.Parse(line, default).RootElement)
            .Where(line => line.TryGetProperty("error", out _))
            .Select(line => (Case: line.GetProperty("case").GetString(), Id: line.GetProperty("error").GetProperty("id").GetString()));
        errors.Should().Equal(("c-1047", "RR0403"), ("c-1048", "RR0402"), ("c-1049", "RR0404"));
        run.StderrLines.Should().Equal("recoveryrules: 3 of 4 cases could not be evaluated; each has an error line in its place.");
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

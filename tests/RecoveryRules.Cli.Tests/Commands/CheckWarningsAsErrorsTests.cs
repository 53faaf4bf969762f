namespace RecoveryRules.Cli.Tests.Commands;

/// <summary><c>check --warnaserror</c> (docs/cli.md, "Failing on warnings"): warnings left after severity configuration fail the check.</summary>
public sealed class CheckWarningsAsErrorsTests
{
    [Fact]
    public async Task Warnaserror_fails_on_a_warning_and_says_so_in_the_summary()
    {
        var path = TestData.Path("warning.policy.yaml");

        var run = await CliRun.RunAsync("check", "--warnaserror", path);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().HaveCount(2);
        run.StdoutLines[0].Should().StartWith($"{path}(6,11): warning RR0026: ");
        run.StdoutLines[1].Should().Be("1 file checked: 0 errors, 1 warning; --warnaserror: the warnings fail the check");
        run.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Warnaserror_passes_a_policy_without_warnings()
    {
        var run = await CliRun.RunAsync("check", "--warnaserror", TestData.Retail);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal("1 file checked: 0 errors, 0 warnings");
    }

    [Fact]
    public async Task Warnaserror_counts_only_the_warnings_left_after_severity_configuration()
    {
        // RR1004 is configured 'none' by the policy; RR1003 stays a warning until the policy says otherwise.
        var path = TestData.Path("configured.policy.yaml");

        var plain = await CliRun.RunAsync("check", path);
        var strict = await CliRun.RunAsync("check", path, "--warnaserror");

        plain.ExitCode.Should().Be(0);
        plain.StdoutLines.Should().HaveCount(2);
        plain.StdoutLines[0].Should().StartWith($"{path}(6,5): warning RR1003: ");
        plain.StdoutLines[1].Should().Be("1 file checked: 0 errors, 1 warning");
        strict.ExitCode.Should().Be(1);
        strict.StdoutLines[^1].Should().Be("1 file checked: 0 errors, 1 warning; --warnaserror: the warnings fail the check");
    }

    [Fact]
    public async Task Without_warnaserror_a_warning_still_passes()
    {
        var run = await CliRun.RunAsync("check", TestData.Path("warning.policy.yaml"));

        run.ExitCode.Should().Be(0);
        run.StdoutLines[^1].Should().Be("1 file checked: 0 errors, 1 warning");
    }
}

namespace RecoveryRules.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Fact]
    public async Task Eval_help_describes_every_option_and_exits_0()
    {
        var run = await CliRun.RunAsync("eval", "--help");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("recoveryrules eval [options]")
            .And.Contain("--policy <FILE>")
            .And.Contain("--case <FILE>")
            .And.Contain("--cases <FILE.jsonl>")
            .And.Contain("--explain");
    }

    [Fact]
    public async Task Root_help_lists_the_commands()
    {
        var run = await CliRun.RunAsync("--help");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("check <FILE>").And.Contain("eval");
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_the_error_on_stderr()
    {
        var run = await CliRun.RunAsync("frobnicate");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("frobnicate").And.Contain("recoveryrules --help");
    }

    [Fact]
    public async Task A_bare_command_prints_the_help_on_stderr_and_exits_2()
    {
        var run = await CliRun.RunAsync();

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("Usage:").And.Contain("check <FILE>").And.Contain("eval");
    }

    [Fact]
    public async Task A_mistyped_command_gets_a_did_you_mean()
    {
        var run = await CliRun.RunAsync("chek", "retail.policy.yaml");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal(
            "'chek' is not a command of 'recoveryrules' (did you mean 'check'?). The commands are: check, eval, test, replay, coverage",
            "Run 'recoveryrules --help' for usage.");
    }

    [Fact]
    public async Task A_mistyped_option_gets_a_did_you_mean()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cas", "cases.jsonl");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal(
            "'--cas' is not an option of 'recoveryrules eval' (did you mean '--case'?)",
            "'recoveryrules eval' takes no argument 'cases.jsonl'",
            "Run 'recoveryrules eval --help' for usage.");
    }

    [Theory]
    [InlineData("--sarif", "json")]
    [InlineData("--verbose")]
    [InlineData("-x")]
    public async Task An_unknown_option_of_check_is_a_usage_error_not_a_file(params string[] option)
    {
        var run = await CliRun.RunAsync(["check", .. option, TestData.Retail]);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        // A "did you mean" may come between (-x: -o).
        run.StderrLines[0].Should().StartWith($"'{option[0]}' is not an option of 'recoveryrules check'")
            .And.EndWith($"; a file whose name starts with '-' is written './{option[0]}'");
        run.StderrLines[^1].Should().Be("Run 'recoveryrules check --help' for usage.");
    }

    [Fact]
    public async Task A_file_whose_name_starts_with_a_dash_is_read_when_written_with_its_folder()
    {
        var folder = Directory.CreateTempSubdirectory("recoveryrules-");
        try
        {
            var file = Path.Combine(folder.FullName, "-retail.policy.yaml");
            File.Copy(TestData.Retail, file);

            var run = await CliRun.RunAsync("check", file);

            run.ExitCode.Should().Be(0);
            run.StdoutLines[^1].Should().Be("1 file checked: 0 errors, 0 warnings");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

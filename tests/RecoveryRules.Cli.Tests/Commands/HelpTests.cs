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
}

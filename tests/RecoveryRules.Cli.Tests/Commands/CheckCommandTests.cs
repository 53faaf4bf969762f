namespace RecoveryRules.Cli.Tests.Commands;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_on_a_good_policy_prints_only_the_summary_and_exits_0()
    {
        var run = await CliRun.RunAsync("check", TestData.Retail);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal("1 file checked: 0 errors, 0 warnings");
        run.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Check_prints_each_diagnostic_with_path_line_and_column_and_exits_1()
    {
        var path = TestData.Path("bad.policy.yaml");

        var run = await CliRun.RunAsync("check", path);

        run.ExitCode.Should().Be(1);
        var lines = run.StdoutLines;
        lines.Should().HaveCount(4);
        lines[0].Should().StartWith($"{path}(1,9): error RR0009: ").And.Contain("'Bad'");
        lines[1].Should().StartWith($"{path}(5,23): error RR0201: ").And.Contain("'critcal'");
        lines[2].Should().StartWith($"{path}(6,11): warning RR0026: ").And.Contain("'a'");
        lines[3].Should().Be("1 file checked: 2 errors, 1 warning");
    }

    [Fact]
    public async Task Check_prints_paths_as_given_on_the_command_line()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, TestData.Path("bad.policy.yaml"));

        var run = await CliRun.RunAsync("check", relative);

        run.StdoutLines[0].Should().StartWith($"{relative}(1,9): error RR0009: ");
    }

    [Fact]
    public async Task Check_on_several_files_prints_each_files_diagnostics_in_order_and_one_summary()
    {
        var bad = TestData.Path("bad.policy.yaml");
        var warning = TestData.Path("warning.policy.yaml");

        var run = await CliRun.RunAsync("check", warning, TestData.Retail, bad);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Select(line => line.Split(": ")[0] + ": " + line.Split(": ")[1]).Should().Equal(
            $"{warning}(6,11): warning RR0026",
            $"{bad}(1,9): error RR0009",
            $"{bad}(5,23): error RR0201",
            $"{bad}(6,11): warning RR0026",
            "3 files checked: 2 errors, 2 warnings");
    }

    [Fact]
    public async Task Check_with_only_warnings_exits_0()
    {
        var run = await CliRun.RunAsync("check", TestData.Path("warning.policy.yaml"));

        run.ExitCode.Should().Be(0);
        run.StdoutLines[^1].Should().Be("1 file checked: 0 errors, 1 warning");
    }

    [Fact]
    public async Task Check_runs_the_policy_analyzers_that_eval_leaves_out()
    {
        // RR1003 comes from the analysis (RecoveryPolicyOptions.Analyze), which `check` turns on and loading
        // a policy to evaluate does not (docs/design.md, "Policy analysis").
        var check = await CliRun.RunAsync("check", TestData.Path("never-matches.policy.yaml"));
        var eval = await CliRun.RunAsync(["eval", "--policy", TestData.Path("never-matches.policy.yaml")],
            """{"id": "n-1", "severity": "critical", "channel": "phone", "delay": "1h"}""");

        check.ExitCode.Should().Be(0);
        check.StdoutLines.Should().HaveCount(2);
        check.StdoutLines[0].Should().Contain("never-matches.policy.yaml(4,5): warning RR1003: ");
        check.StdoutLines[^1].Should().Be("1 file checked: 0 errors, 1 warning");
        eval.ExitCode.Should().Be(0);
        eval.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Check_reports_a_missing_file_as_a_diagnostic_not_a_stack_trace()
    {
        var run = await CliRun.RunAsync("check", "no/such/file.policy.yaml", TestData.Retail);

        run.ExitCode.Should().Be(1);
        run.StdoutLines[0].Should().StartWith("no/such/file.policy.yaml(1,1): error RR0024: ");
        run.StdoutLines[^1].Should().Be("2 files checked: 1 error, 0 warnings");
        run.Stderr.Should().BeEmpty();
        run.Stdout.Should().NotContain("   at ");
    }

    [Fact]
    public async Task Check_without_files_is_bad_usage_and_exits_2()
    {
        var run = await CliRun.RunAsync("check");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("FILE").And.Contain("recoveryrules check --help");
    }
}

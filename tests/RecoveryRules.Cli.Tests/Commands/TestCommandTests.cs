using System.Xml.Linq;

namespace RecoveryRules.Cli.Tests.Commands;

public sealed class TestCommandTests
{
    private static readonly string Scenarios = TestData.Path("scenarios");

    private static string Scenario(string name) => Path.Combine(Scenarios, name);

    [Fact]
    public async Task Passing_scenarios_print_only_the_summary_and_exit_0()
    {
        var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"));

        run.ExitCode.Should().Be(0);
        run.Stderr.Should().BeEmpty();
        run.StdoutLines.Should().Equal("2 passed, 0 failed");
    }

    [Fact]
    public async Task Each_failure_and_error_is_one_line_at_the_case_name_with_why_lines_below_and_exit_1()
    {
        var file = Scenario("failing.tests.yaml");

        var run = await CliRun.RunAsync("test", file);

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().BeEmpty();
        run.StdoutLines.Should().Equal(
            $"{file}(7,11): FAIL late by email: compensation.total: expected 10.00 USD, got 0.00 USD; escalation: expected supervisor, got none; fired: expected [late-phone], got []",
            "    late-phone: channel == phone was false (channel is email)",
            $"{file}(13,11): ERROR no order value: RR0401: The case has no 'orderValue' (money (USD)); the policy declares no default for it",
            "1 passed, 2 failed");
    }

    [Fact]
    public async Task Explain_adds_how_the_policy_decided_below_a_failure()
    {
        var run = await CliRun.RunAsync("test", Scenario("failing.tests.yaml"), "--explain");

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().Contain("  how the policy decided:")
            .And.Contain("    Rules, in consideration order");
        run.StdoutLines[^1].Should().Be("1 passed, 2 failed");
    }

    [Fact]
    public async Task A_file_that_does_not_load_prints_its_diagnostics_on_stderr_runs_nothing_and_exits_2()
    {
        var broken = Scenario("broken.tests.yaml");

        var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"), broken);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal(
            $"{broken}(1,9): error RR0500: The policy file 'smal.policy.yaml' does not exist (looked for {Scenario("smal.policy.yaml")}); 'policy' is a path relative to the scenario file",
            "1 scenario file does not load; nothing was run.");
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var run = await CliRun.RunAsync("test", Scenario("nowhere.tests.yaml"));

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines[0].Should().StartWith($"{Scenario("nowhere.tests.yaml")}(1,1): error RR0024: The file cannot be read: ");
    }

    [Fact]
    public async Task Warnings_are_printed_as_check_prints_them_and_the_scenarios_run()
    {
        var file = Scenario("warning.tests.yaml");

        var run = await CliRun.RunAsync("test", file);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal(
            $"{file}(5,5): warning RR0509: The case 'anything goes' expects nothing, so it passes whatever the policy decides; name at least one of compensation, escalation, empowerment, notes, fired or error",
            "1 passed, 0 failed");
    }

    [Fact]
    public async Task A_folder_runs_every_scenario_file_under_it()
    {
        var run = await CliRun.RunAsync("test", Path.Combine(Scenarios, "suite"));

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal("3 passed, 0 failed");
    }

    [Fact]
    public async Task A_folder_without_scenario_files_exits_2()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"recoveryrules-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            var run = await CliRun.RunAsync("test", Path.Combine(Scenarios, "suite"), empty);

            run.ExitCode.Should().Be(2);
            run.Stdout.Should().BeEmpty();
            run.StderrLines.Should().Equal($"recoveryrules: error: no scenario files (*.tests.yaml) under '{empty}'.");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Coverage_lists_what_no_scenario_exercised_per_policy()
    {
        var policy = Scenario("small.policy.yaml");

        var run = await CliRun.RunAsync("test", Path.Combine(Scenarios, "suite"), "--coverage");

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal(
            $"coverage of {policy} (small 1), 3 scenarios:",
            "  rules never fired:",
            "    after-stop",
            "  conditions never true:",
            $"    {policy}(35,11): after-stop: severity == minor",
            "  conditions never false:",
            $"    {policy}(21,18): late-phone: channel == phone",
            $"    {policy}(30,31): social-minor: channel == social",
            "  escalation targets never produced: none",
            "  roles never produced: none",
            "  rules fired: 3 of 4 (75 %)",
            "3 passed, 0 failed");
    }

    [Theory]
    [InlineData("75", 0)]
    [InlineData("75.1", 1)]
    [InlineData("100", 1)]
    [InlineData("0", 0)]
    public async Task Threshold_exits_1_when_fewer_rules_fired_than_it_asks(string threshold, int exitCode)
    {
        var run = await CliRun.RunAsync("test", Path.Combine(Scenarios, "suite"), "--threshold", threshold);

        run.ExitCode.Should().Be(exitCode);
        run.StdoutLines.Should().Contain("  rules fired: 3 of 4 (75 %)", "--threshold implies --coverage");
        if (exitCode == 1)
        {
            run.StdoutLines[^2].Should().Be($"{Scenario("small.policy.yaml")}: coverage below the threshold: 75 % of the rules fired, --threshold {threshold} %");
        }

        run.StdoutLines[^1].Should().Be("3 passed, 0 failed");
    }

    [Fact]
    public async Task Threshold_met_does_not_hide_failures()
    {
        var run = await CliRun.RunAsync("test", Scenario("failing.tests.yaml"), "--threshold", "10");

        run.ExitCode.Should().Be(1);
    }

    [Theory]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task A_threshold_outside_0_to_100_is_a_usage_error(string threshold)
    {
        var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"), "--threshold", threshold);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Junit_on_stdout_is_well_formed_xml_with_a_testcase_per_scenario_and_the_text_report_on_stderr()
    {
        var file = Scenario("failing.tests.yaml");

        var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"), file, "--format", "junit");

        run.ExitCode.Should().Be(1);
        run.StderrLines[^1].Should().Be("3 passed, 2 failed");
        var xml = XDocument.Parse(run.Stdout);
        var root = xml.Root!;
        root.Name.LocalName.Should().Be("testsuites");
        (root.Attribute("tests")!.Value, root.Attribute("failures")!.Value, root.Attribute("errors")!.Value).Should().Be(("5", "1", "1"));
        var suites = root.Elements("testsuite").ToList();
        suites.Select(s => s.Attribute("name")!.Value).Should().Equal(Scenario("passing.tests.yaml"), file);
        var cases = suites[1].Elements("testcase").ToList();
        cases.Select(c => c.Attribute("name")!.Value).Should().Equal("critical by email", "late by email", "no order value");
        cases.Select(c => c.Attribute("line")!.Value).Should().Equal("3", "7", "13");
        cases[0].HasElements.Should().BeFalse();
        var failure = cases[1].Element("failure")!;
        failure.Attribute("message")!.Value.Should().Be($"{file}(7,11): FAIL late by email: compensation.total: expected 10.00 USD, got 0.00 USD; escalation: expected supervisor, got none; fired: expected [late-phone], got []");
        failure.Value.Should().Contain("    late-phone: channel == phone was false (channel is email)").And.Contain("how the policy decided:");
        var error = cases[2].Element("error")!;
        error.Attribute("type")!.Value.Should().Be("RR0401");
        error.Attribute("message")!.Value.Should().StartWith($"{file}(13,11): ERROR no order value: RR0401: ");
    }

    [Fact]
    public async Task Junit_to_a_file_keeps_the_text_report_on_stdout()
    {
        var report = Path.Combine(Path.GetTempPath(), $"recoveryrules-junit-{Guid.NewGuid():N}.xml");
        try
        {
            var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"), "--format", "junit", "--output", report);

            run.ExitCode.Should().Be(0);
            run.StdoutLines.Should().Equal("2 passed, 0 failed");
            var xml = XDocument.Load(report);
            xml.Root!.Elements("testsuite").Elements("testcase").Should().HaveCount(2);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Junit_to_a_file_reports_a_file_that_does_not_load_as_an_error()
    {
        var report = Path.Combine(Path.GetTempPath(), $"recoveryrules-junit-{Guid.NewGuid():N}.xml");
        try
        {
            var run = await CliRun.RunAsync("test", Scenario("broken.tests.yaml"), "--format", "junit", "--output", report);

            run.ExitCode.Should().Be(2);
            var error = XDocument.Load(report).Root!.Element("testsuite")!.Element("testcase")!.Element("error")!;
            error.Attribute("type")!.Value.Should().Be("RR0500");
            error.Value.Should().Contain("error RR0500");
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Output_without_junit_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("test", Scenario("passing.tests.yaml"), "--output", "report.xml");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines[0].Should().Be("--output writes JUnit XML; give it with --format junit.");
    }

    [Fact]
    public async Task Junit_replaces_characters_xml_cannot_hold()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"recoveryrules-junit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Scenario("small.policy.yaml"), Path.Combine(folder, "small.policy.yaml"));
            File.WriteAllText(Path.Combine(folder, "odd.tests.yaml"), "policy: small.policy.yaml\ncases:\n  - name: \"bell \\a here\"\n    given: {severity: critical, channel: email, delay: 1h, orderValue: 80}\n    expect:\n      compensation: 1\n");

            var run = await CliRun.RunAsync("test", Path.Combine(folder, "odd.tests.yaml"), "--format", "junit");

            run.ExitCode.Should().Be(1);
            XDocument.Parse(run.Stdout).Root!.Descendants("testcase").Single().Attribute("name")!.Value.Should().Be("bell \uFFFD here");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_retail_scenarios_pass_and_fire_every_rule()
    {
        var file = Path.Combine(RepositoryRoot(), "examples", "retail", "retail.tests.yaml");

        var run = await CliRun.RunAsync("test", file, "--threshold", "100");

        run.ExitCode.Should().Be(0, run.Stdout);
        run.StdoutLines.Should().Contain("  rules never fired: none").And.Contain("  rules fired: 3 of 3 (100 %)");
        run.StdoutLines[^1].Should().Be("9 passed, 0 failed");
    }

    [Fact]
    public async Task Test_help_describes_every_option()
    {
        var run = await CliRun.RunAsync("test", "--help");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("recoveryrules test <FILE>... [options]")
            .And.Contain("--format <text|junit>")
            .And.Contain("--output <FILE>")
            .And.Contain("--coverage")
            .And.Contain("--threshold <N>")
            .And.Contain("--explain");
    }

    private static string RepositoryRoot()
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

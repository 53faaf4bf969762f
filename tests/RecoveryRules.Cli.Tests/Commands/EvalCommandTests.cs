using System.Text.Json;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Commands;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task Eval_case_gives_the_decision_of_the_format_example()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"));

        run.ExitCode.Should().Be(0);
        run.Stderr.Should().BeEmpty();
        run.StdoutLines.Should().ContainSingle();
        using var json = JsonDocument.Parse(run.StdoutLines[0]);
        var decision = json.RootElement;
        decision.GetProperty("case").GetString().Should().Be("c-1042");
        var policy = decision.GetProperty("policy");
        policy.GetProperty("id").GetString().Should().Be("retail-recovery");
        policy.GetProperty("version").GetString().Should().Be("2026.11");
        policy.GetProperty("hash").GetString().Should().MatchRegex("^sha256:[0-9a-f]{64}$");
        var compensation = decision.GetProperty("compensation");
        compensation.GetProperty("total").GetDecimal().Should().Be(80.00m);
        compensation.GetProperty("currency").GetString().Should().Be("USD");
        compensation.GetProperty("capped").GetBoolean().Should().BeFalse();
        var item = compensation.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("kind").GetString().Should().Be("refund");
        item.GetProperty("amount").GetDecimal().Should().Be(80.00m);
        item.GetProperty("rule").GetString().Should().Be("critical-high-value");
        var escalation = decision.GetProperty("escalation");
        escalation.GetProperty("to").GetString().Should().Be("duty-manager");
        escalation.GetProperty("within").GetString().Should().Be("PT1H");
        escalation.GetProperty("rule").GetString().Should().Be("critical-high-value");
        var empowerment = decision.GetProperty("empowerment");
        empowerment.GetProperty("role").GetString().Should().Be("frontline");
        empowerment.GetProperty("limit").GetDecimal().Should().Be(200.00m);
        Strings(empowerment.GetProperty("actions")).Should().Equal("refund", "replace");
        Strings(empowerment.GetProperty("rules")).Should().Equal("critical-high-value");
        Strings(decision.GetProperty("notes")).Should().Equal("Call the customer back personally.");
        Strings(decision.GetProperty("fired")).Should().Equal("critical-high-value");
        decision.GetProperty("evaluatedAt").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Eval_prints_money_with_its_minor_unit_decimals()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"));

        run.Stdout.Should().Contain("\"total\":80.00,").And.Contain("\"limit\":200.00,");
    }

    [Fact]
    public async Task Eval_cases_prints_a_bad_cases_error_in_its_place_decides_the_others_and_exits_1()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"));

        run.ExitCode.Should().Be(1);
        run.StderrLines.Should().Equal("recoveryrules: 1 of 5 cases could not be evaluated; each has an error line in its place.");
        var lines = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Select(line => line.GetProperty("case").GetString()).Should().Equal("c-1042", "c-1043", "c-1047", "c-1044", "c-1045");
        lines.Select(line => line.TryGetProperty("error", out _)).Should().Equal(false, false, true, false, false);
        var error = lines[2].GetProperty("error");
        error.GetProperty("id").GetString().Should().Be("RR0403");
        error.GetProperty("message").GetString().Should().Contain("critcal");
    }

    [Fact]
    public async Task Eval_reads_json_lines_from_standard_input_when_no_case_file_is_given()
    {
        var stdin = TestData.ReadAllText("cases-with-bad-line.jsonl");

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Select(CaseId).Should().Equal("c-1042", "c-1043", "c-1047", "c-1044", "c-1045");
    }

    [Fact]
    public async Task Eval_reads_pretty_printed_objects_from_standard_input()
    {
        var stdin = TestData.ReadAllText("cases-pretty.json");

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Select(CaseId).Should().Equal("c-1043", "c-1045");
    }

    [Fact]
    public async Task Eval_reads_one_multi_line_case_from_standard_input()
    {
        var stdin = TestData.ReadAllText("case-c-1042.json");

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Select(CaseId).Should().Equal("c-1042");
    }

    [Fact]
    public async Task Eval_reports_malformed_json_on_standard_input_as_a_case_error_after_the_cases_before_it()
    {
        var stdin = TestData.ReadAllText("cases-pretty.json") + "{\n  \"id\": \n}\n";

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().HaveCount(3);
        using var error = JsonDocument.Parse(run.StdoutLines[2]);
        error.RootElement.GetProperty("error").GetProperty("id").GetString().Should().Be("RR0400");
        error.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain("line 13");
    }

    [Fact]
    public async Task Eval_on_empty_standard_input_prints_nothing_and_exits_0()
    {
        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], "\n  \n");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Eval_skips_blank_lines_and_accepts_a_byte_order_mark_and_crlf_line_ends()
    {
        var lines = TestData.ReadAllText("cases-with-bad-line.jsonl").Replace("\n", "\r\n", StringComparison.Ordinal);

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--cases", "-"], "\uFEFF\r\n" + lines + "\r\n\r\n");

        run.StdoutLines.Select(CaseId).Should().Equal("c-1042", "c-1043", "c-1047", "c-1044", "c-1045");
    }

    [Fact]
    public async Task Eval_case_accepts_a_file_with_a_byte_order_mark()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-with-bom.json"));

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Select(CaseId).Should().Equal("c-1042");
    }

    [Fact]
    public async Task Eval_case_with_two_objects_is_one_case_error()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("cases-pretty.json"));

        run.ExitCode.Should().Be(1);
        using var error = JsonDocument.Parse(run.StdoutLines.Should().ContainSingle().Subject);
        error.RootElement.GetProperty("error").GetProperty("id").GetString().Should().Be("RR0400");
    }

    [Fact]
    public async Task Eval_explain_shows_every_rule_with_its_outcome_and_each_condition_value_with_its_operands()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"), "--explain");

        run.ExitCode.Should().Be(0);
        var text = run.Stdout;
        text.Should().StartWith("Case c-1042 (line 1): decided\n");
        text.Should().MatchRegex(@"Compensation\s+80\.00 USD");
        text.Should().MatchRegex(@"- refund\s+80\.00 USD\s+from critical-high-value");
        text.Should().MatchRegex(@"Escalation\s+duty-manager within 1h\s+\(decided by critical-high-value");
        text.Should().MatchRegex(@"Empowerment\s+frontline, limit 200\.00 USD, may refund, replace\s+\(from critical-high-value");
        text.Should().Contain("Call the customer back personally.");
        Lines(text).Should().ContainInOrder(
            "[x] critical-high-value  (priority 100): matched",
            "true           severity == critical  (severity is critical)",
            "true           highValue  (highValue is true, customer.tier is gold, customer.value is 12000 USD)",
            "decided: refund 80.00 USD, escalation to duty-manager, empowerment of frontline",
            "[ ] major-on-time  (priority 0): not matched",
            "false          severity == major  (severity is critical)",
            "not evaluated  not late  (late is false, delay is 3h)",
            "[ ] known-outage  (priority 0): not matched",
            "false          proactive  (proactive is false)",
            "not evaluated  failureType == technical  (failureType is technical)",
            "otherwise: not applied (a rule matched)");
        Lines(text).Should().Contain("customer.tier   gold");
    }

    [Fact]
    public async Task Eval_explain_marks_rules_after_a_stopping_rule_as_not_considered()
    {
        const string policy = """
            policy: stops
            version: "1"
            rules:
              - id: first
                priority: 10
                when: severity == critical
                stop: true
                then: { escalate: { to: supervisor } }
              - id: second
                when: [severity == critical, channel == phone]
                then: { compensate: [ { refund: 5 } ] }
            """;
        var path = Path.Combine(Path.GetTempPath(), $"stops-{Guid.NewGuid():N}.policy.yaml");
        await File.WriteAllTextAsync(path, policy, TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync(
                ["eval", "--policy", path, "--explain"],
                """{"id": "s-1", "severity": "critical", "channel": "phone", "delay": "1h"}""");

            // eval does not run the analyzers (RecoveryPolicyOptions.Analyze); `check` would report RR1002 here.
            run.Stderr.Should().BeEmpty();
            Lines(run.Stdout).Should().ContainInOrder(
                "[x] first  (priority 10): matched, and stopped the rules after it",
                "[-] second  (priority 0): not considered (first stopped)",
                "not evaluated  severity == critical  (severity is critical)",
                "not evaluated  channel == phone  (channel is phone)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Eval_explain_gives_a_bad_cases_error_with_its_line()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--explain");

        run.ExitCode.Should().Be(1);
        Lines(run.Stdout).Should().ContainInOrder(
            "Case c-1042 (line 1): decided",
            "Case c-1043 (line 2): decided",
            "Case c-1047 (line 4): not decided",
            "Case c-1044 (line 5): decided",
            "Case c-1045 (line 6): decided");
        Lines(run.Stdout).Should().Contain(line => line.StartsWith("error RR0403: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eval_with_a_policy_that_has_errors_prints_its_diagnostics_on_stderr_and_exits_2()
    {
        var path = TestData.Path("bad.policy.yaml");

        var run = await CliRun.RunAsync(["eval", "--policy", path], TestData.ReadAllText("case-c-1042.json"));

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().HaveCount(4);
        run.StderrLines[0].Should().StartWith($"{path}(1,9): error RR0009: ");
        run.StderrLines[1].Should().StartWith($"{path}(5,23): error RR0201: ");
        run.StderrLines[2].Should().StartWith($"{path}(6,11): warning RR0026: ");
        run.StderrLines[3].Should().Be($"recoveryrules: error: the policy {path} has 2 errors; no case was evaluated.");
    }

    [Fact]
    public async Task Eval_with_a_missing_policy_file_exits_2_with_the_diagnostic()
    {
        var run = await CliRun.RunAsync("eval", "--policy", "missing.policy.yaml", "--case", TestData.Path("case-c-1042.json"));

        run.ExitCode.Should().Be(2);
        run.StderrLines[0].Should().StartWith("missing.policy.yaml(1,1): error RR0024: ");
    }

    [Fact]
    public async Task Eval_prints_policy_warnings_on_stderr_and_still_evaluates()
    {
        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Path("warning.policy.yaml")], """{"severity": "critical", "channel": "phone", "delay": "1h"}""");

        run.ExitCode.Should().Be(0);
        run.StderrLines.Should().ContainSingle().Which.Should().Contain("warning RR0026");
        run.StdoutLines.Should().ContainSingle().Which.Should().Contain("\"case\":null").And.Contain("\"total\":10.00");
    }

    [Fact]
    public async Task Eval_without_policy_is_bad_usage_and_exits_2()
    {
        var run = await CliRun.RunAsync("eval", "--case", TestData.Path("case-c-1042.json"));

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("--policy").And.Contain("recoveryrules eval --help");
    }

    [Fact]
    public async Task Eval_with_both_case_and_cases_is_bad_usage_and_exits_2()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", "a.json", "--cases", "b.jsonl");

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("Give --case or --cases, not both.");
    }

    [Fact]
    public async Task Eval_with_an_unknown_option_is_bad_usage_and_exits_2_without_touching_stdout()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--frobnicate");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("--frobnicate");
    }

    [Theory]
    [InlineData("--cases")]
    [InlineData("--case")]
    public async Task Eval_with_a_missing_case_file_says_so_in_one_line_and_exits_2(string option)
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, option, "no-such-cases.jsonl");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().ContainSingle().Which.Should().StartWith("recoveryrules: error: cannot read no-such-cases.jsonl: ");
    }

    [Fact]
    public async Task Eval_with_a_directory_for_cases_says_so_and_exits_2()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", AppContext.BaseDirectory);

        run.ExitCode.Should().Be(2);
        run.StderrLines.Should().ContainSingle().Which.Should().Contain("is a directory");
    }

    [Fact]
    public async Task Eval_keeps_input_order_across_a_batch_evaluated_in_parallel()
    {
        var template = TestData.ReadAllText("cases-with-bad-line.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var input = new System.Text.StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            if (i % 97 == 0)
            {
                input.Append('\n'); // blank lines are not cases
            }

            var line = template[i % template.Length];
            var id = $"n-{i}";
            input.Append(line.Replace("\"id\": \"c-", $"\"id\": \"{id}-", StringComparison.Ordinal)).Append('\n');
            expected.Add(id + "-" + line.Split("\"id\": \"c-")[1].Split('"')[0]);
        }

        var options = new BatchOptions { Workers = 4, ChunkBytes = 4096 };
        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--cases", "-"], input.ToString(), options);

        run.ExitCode.Should().Be(1);
        var ids = run.StdoutLines.Select(CaseId).ToList();
        ids.Should().Equal(expected);
        run.StdoutLines.Count(line => line.Contains("\"error\":", StringComparison.Ordinal)).Should().Be(1000);
    }

    [Fact]
    public async Task Eval_reports_a_line_longer_than_the_limit_as_a_case_error_and_goes_on()
    {
        var lines = TestData.ReadAllText("cases-with-bad-line.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var huge = "{\"id\": \"huge\", \"note\": \"" + new string('x', 20_000) + "\"}";
        var input = string.Join('\n', lines[0], huge, lines[1]) + "\n";
        var options = new BatchOptions { Workers = 2, ChunkBytes = 1024, MaxLineBytes = 4096 };

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], input, options);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().HaveCount(3);
        run.StdoutLines[0].Should().Contain("\"case\":\"c-1042\"");
        run.StdoutLines[1].Should().Contain("RR0400").And.Contain("line 2 is longer than 4096 bytes");
        run.StdoutLines[2].Should().Contain("\"case\":\"c-1043\"");
    }

    private static string? CaseId(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("case").GetString();
    }

    private static string[] Lines(string text) => text.Split('\n').Select(line => line.Trim()).ToArray();

    private static string?[] Strings(JsonElement array) => array.EnumerateArray().Select(element => element.GetString()).ToArray();
}

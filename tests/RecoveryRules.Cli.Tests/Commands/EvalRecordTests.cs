using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary><c>eval --record FILE</c>, <c>--now</c> and <c>--record-explain</c> (docs/cli.md; docs/auditing.md, "Decision records").</summary>
public sealed class EvalRecordTests : IDisposable
{
    private const string Now = "2026-11-22T10:00:00+00:00";

    private static readonly RecoveryPolicy Retail = PolicyYaml.CompileFile(TestData.Retail).Policy!;

    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-records-").FullName;

    private string RecordPath => Path.Combine(_folder, "decisions.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private List<DecisionRecordLine> ReadRecords()
    {
        using var file = File.OpenRead(RecordPath);
        return [.. DecisionRecordReader.Read(file)];
    }

    private static string[] CaseIds(IEnumerable<string> jsonLines) =>
        [.. jsonLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("case").GetString() ?? "null")];

    [Fact]
    public async Task Records_are_appended_one_per_case_including_error_cases_besides_the_usual_output()
    {
        await File.WriteAllTextAsync(RecordPath, "{\"kept\": \"a line already there\"}\n", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", RecordPath, "--now", Now);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().HaveCount(5);
        var lines = await File.ReadAllLinesAsync(RecordPath, TestContext.Current.CancellationToken);
        lines[0].Should().Be("{\"kept\": \"a line already there\"}", "a record file is appended to, never truncated");
        CaseIds(lines[1..]).Should().Equal(CaseIds(run.StdoutLines)).And.Equal("c-1042", "c-1043", "c-1047", "c-1044", "c-1045");
        var error = ReadRecords().Single(line => line.Record?.CaseId == "c-1047").Record!;
        error.Result.Error!.Id.Should().Be("RR0403");
        error.Policy.Should().Be(Retail.Identity);
        error.EvaluatedAt.Should().Be(DateTimeOffset.Parse(Now, CultureInfo.InvariantCulture));
        lines[3].Should().StartWith("{\"case\":\"c-1047\",\"policy\":{\"id\":\"retail-recovery\",\"version\":\"2026.11\",\"hash\":\"" + Retail.Identity.Hash + "\"},\"error\":{\"id\":\"RR0403\",")
            .And.EndWith(",\"evaluatedAt\":\"2026-11-22T10:00:00+00:00\",\"given\":{\"id\":\"c-1047\",\"severity\":\"critcal\",\"channel\":\"phone\",\"delay\":\"1h\",\"orderValue\":80,\"failureType\":\"technical\",\"proactive\":false}}");
    }

    [Fact]
    public async Task Each_record_is_the_printed_decision_with_the_case_as_given()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"), "--record", RecordPath);

        run.ExitCode.Should().Be(0, run.Stderr);
        var line = (await File.ReadAllLinesAsync(RecordPath, TestContext.Current.CancellationToken)).Should().ContainSingle().Subject;
        line.Should().Be(run.StdoutLines.Single()[..^1]
            + ",\"given\":{\"id\":\"c-1042\",\"severity\":\"critical\",\"channel\":\"phone\",\"delay\":\"3h\",\"customer\":{\"tier\":\"gold\",\"value\":12000},\"orderValue\":80,\"failureType\":\"technical\",\"proactive\":false}}");
    }

    [Fact]
    public async Task Now_fixes_evaluatedAt_and_the_clock_occurredAt_is_measured_against()
    {
        const string Cases = """
            {"id": "a", "severity": "major", "channel": "email", "occurredAt": "2026-11-22T07:00:00Z", "orderValue": 120, "failureType": "operation", "proactive": false}
            {"id": "b", "severity": "major", "channel": "email", "occurredAt": "2026-11-22T12:00:00+01:00", "orderValue": 120, "failureType": "operation", "proactive": false}
            """;

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--record", RecordPath, "--now", "2026-11-22T11:00:00+02:00"], Cases);

        run.ExitCode.Should().Be(1);
        using var decision = JsonDocument.Parse(run.StdoutLines[0]);
        decision.RootElement.GetProperty("evaluatedAt").GetString().Should().Be("2026-11-22T11:00:00+02:00");
        run.StdoutLines[1].Should().Contain("\"id\":\"RR0410\"").And.Contain("after the engine's clock (2026-11-22T11:00:00+02:00)");
        ReadRecords().Select(line => DecisionRecordTexts.Of(line.Record!)).Should().Equal(
            "a decision 2026-11-22T11:00:00+02:00",
            "b RR0410 2026-11-22T11:00:00+02:00");
    }

    [Fact]
    public async Task Without_now_each_record_holds_the_clock_its_case_was_evaluated_at()
    {
        var before = DateTimeOffset.UtcNow;

        await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", RecordPath);

        ReadRecords().Should().HaveCount(5).And.AllSatisfy(line => line.Record!.EvaluatedAt.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(1, 64 * 1024)]
    [InlineData(2, 700)]
    [InlineData(4, 300)]
    public async Task A_parallel_batch_records_in_input_order_and_every_record_replays_identically(int workers, int chunkBytes)
    {
        var cases = Enumerable.Range(0, 600).Select(Case).ToList();

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--cases", "-", "--record", RecordPath, "--now", Now],
            string.Join("\n", cases) + "\n", new BatchOptions { Workers = workers, ChunkBytes = chunkBytes });

        run.ExitCode.Should().Be(1, "every tenth case gives occurredAt in the future");
        var records = ReadRecords();
        records.Select(line => line.Record!.CaseId).Should().Equal(Enumerable.Range(0, 600).Select(i => $"c-{i}"));
        records.Select(line => line.Line).Should().Equal(Enumerable.Range(1, 600).Select(i => (long)i));
        records.Should().AllSatisfy(line => DecisionComparison.Compare(line.Record!.Result, line.Record.Replay(Retail)).Should().BeEmpty());
        records.Count(line => !line.Record!.Result.IsDecision).Should().Be(60);
    }

    [Fact]
    public async Task Cases_from_standard_input_in_several_objects_are_recorded_a_malformed_one_as_its_text()
    {
        var stdin = TestData.ReadAllText("cases-pretty.json") + "{\n  \"id\": \"broken\",\n  \"severity\":\n}\n" + "{\"id\": \"c-1\", \"severity\": \"minor\", \"channel\": \"chat\", \"delay\": \"1h\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": false}\n";

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--record", RecordPath, "--now", Now], stdin);

        run.ExitCode.Should().Be(1);
        var records = ReadRecords();
        records.Should().HaveCount(run.StdoutLines.Length);
        var broken = records[^2].Record!;
        broken.Given.ValueKind.Should().Be(JsonValueKind.String);
        broken.Given.GetString().Should().Be("{\n  \"id\": \"broken\",\n  \"severity\":\n}\n");
        broken.Result.Error!.Id.Should().Be("RR0400");
        records.Should().AllSatisfy(line => DecisionComparison.Compare(line.Record!.Result, line.Record.Replay(Retail)).Should().BeEmpty());
        records[0].Record!.Given.GetRawText().Should().StartWith("{\"id\":\"c-1043\",\"severity\":\"major\",");
    }

    [Fact]
    public async Task Record_explain_puts_the_explanation_into_each_record_but_not_into_the_output()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"), "--record", RecordPath, "--record-explain");

        run.StdoutLines.Single().Should().NotContain("explanation");
        using var record = JsonDocument.Parse(File.ReadAllLines(RecordPath).Single());
        record.RootElement.GetProperty("explanation").GetProperty("rules").GetArrayLength().Should().Be(Retail.RuleIds.Length);
        DecisionComparison.Compare(ReadRecords().Single().Record!.Result, ReadRecords().Single().Record!.Replay(Retail)).Should().BeEmpty();
    }

    [Fact]
    public async Task With_explain_the_output_is_the_account_and_the_record_holds_no_explanation_unless_asked()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"), "--record", RecordPath, "--explain");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().NotStartWith("{");
        File.ReadAllLines(RecordPath).Single().Should().NotContain("\"explanation\"").And.StartWith("{\"case\":\"c-1042\"");
    }

    [Fact]
    public async Task Running_twice_appends_the_second_run_s_records_after_the_first()
    {
        await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", RecordPath, "--now", Now);
        await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", RecordPath, "--now", "2026-11-23T10:00:00+00:00");

        var records = ReadRecords();
        records.Should().HaveCount(10).And.AllSatisfy(line => line.Problem.Should().BeNull());
        records.Select(line => line.Record!.EvaluatedAt.Day).Should().Equal(22, 22, 22, 22, 22, 23, 23, 23, 23, 23);
    }

    [Theory]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22T10:00:00")]
    [InlineData("yesterday")]
    [InlineData("2026-13-22T10:00:00Z")]
    public async Task A_bad_now_is_a_usage_error_that_names_it_and_nothing_is_evaluated(string now)
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", RecordPath, "--now", now);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal(
            $"--now: '{now}' is not an ISO 8601 date and time with an offset, such as 2026-11-22T10:00:00+00:00.",
            "Run 'recoveryrules eval --help' for usage.");
        File.Exists(RecordPath).Should().BeFalse();
    }

    [Fact]
    public async Task Record_explain_without_a_record_file_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--case", TestData.Path("case-c-1042.json"), "--record-explain");

        run.ExitCode.Should().Be(2);
        run.StderrLines[0].Should().Be("--record-explain puts the explanation into decision records; give the record file with --record.");
    }

    [Fact]
    public async Task A_record_file_that_cannot_be_opened_stops_the_command_before_any_case_with_one_line()
    {
        var missingFolder = Path.Combine(_folder, "missing", "decisions.jsonl");

        var run = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", missingFolder);
        var directory = await CliRun.RunAsync("eval", "--policy", TestData.Retail, "--cases", TestData.Path("cases-with-bad-line.jsonl"), "--record", _folder);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().ContainSingle().Which.Should().StartWith($"recoveryrules: error: cannot open the record file {missingFolder}: ");
        directory.ExitCode.Should().Be(2);
        directory.Stdout.Should().BeEmpty();
        directory.StderrLines.Should().Equal($"recoveryrules: error: cannot open the record file {_folder}: it is a directory; give a file to append decision records to.");
    }

    [Fact]
    public async Task A_killed_process_leaves_whole_records_and_at_most_one_torn_last_line_which_the_reader_reports()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "the process is killed as a shell's kill -9 would");
        var input = Path.Combine(_folder, "cases.jsonl");
        await using (var writer = new StreamWriter(input))
        {
            for (var i = 0; i < 300_000; i++)
            {
                await writer.WriteLineAsync(Case(i).AsMemory(), TestContext.Current.CancellationToken);
            }
        }

        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "RecoveryRules.Cli.dll"), "eval", "--policy", TestData.Retail, "--cases", input, "--record", RecordPath, "--now", Now })
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(start)!)
        {
            var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
            while (!process.HasExited && (!File.Exists(RecordPath) || new FileInfo(RecordPath).Length < 2_000_000))
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            await drain;
        }

        var lines = ReadRecords();
        lines.Should().NotBeEmpty();
        lines.SkipLast(1).Should().AllSatisfy(line => line.Problem.Should().BeNull());
        lines.Select(line => line.Line).Should().Equal(Enumerable.Range(1, lines.Count).Select(n => (long)n));
        if (lines[^1].Problem is { } problem)
        {
            problem.Should().MatchRegex($"^line {lines.Count}: not a whole record \\(the (line ends before its JSON object does|file ends before the line's newline)\\)$");
        }

        lines.Where(line => line.Record is not null).Select(line => line.Record!.CaseId)
            .Should().Equal(Enumerable.Range(0, lines.Count(line => line.Record is not null)).Select(i => $"c-{i}"), "records are whole lines in input order");
    }

    /// <summary>A valid case; every tenth gives an occurredAt after <see cref="Now"/>.</summary>
    private static string Case(int i) => i % 10 == 9
        ? $"{{\"id\": \"c-{i}\", \"severity\": \"minor\", \"channel\": \"chat\", \"occurredAt\": \"2026-11-22T11:00:00+00:00\", \"orderValue\": {i % 90}, \"failureType\": \"technical\", \"proactive\": false}}"
        : $"{{\"id\": \"c-{i}\", \"severity\": \"{(i % 3 == 0 ? "critical" : "major")}\", \"channel\": \"phone\", \"delay\": \"{i % 50}h\", \"customer\": {{\"tier\": \"gold\"}}, \"orderValue\": {i % 300}.5, \"failureType\": \"technical\", \"proactive\": {(i % 7 == 0 ? "true" : "false")}}}";

    private static string DotnetHost() => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>A record in one short line: case, decision or error id, and evaluatedAt.</summary>
    private static class DecisionRecordTexts
    {
        public static string Of(DecisionRecord record) =>
            $"{record.CaseId} {(record.Result.IsDecision ? "decision" : record.Result.Error!.Id)} {record.EvaluatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}";
    }
}

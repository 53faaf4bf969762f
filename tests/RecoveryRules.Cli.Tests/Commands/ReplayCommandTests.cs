using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Tests.Replay;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary><c>recoveryrules replay</c> (docs/cli.md, "replay"; docs/auditing.md, "Replay").</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly BatchOptions SmallChunks = new() { ChunkBytes = 700, Workers = 3 };

    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-replay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Records_replayed_with_the_policy_that_made_them_are_identical_and_exit_0()
    {
        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, ReplayData.Records);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.StdoutLines.Should().Equal("12 replayed, 12 identical, 0 changed");
        run.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Chunks_and_workers_do_not_change_the_output_or_its_order()
    {
        var whole = await CliRun.RunAsync("replay", "--policy", ReplayData.ShopNext, ReplayData.Records);
        var chunked = await CliRun.RunAsync(["replay", "--policy", ReplayData.ShopNext, ReplayData.Records], batchOptions: SmallChunks);

        chunked.ExitCode.Should().Be(1);
        chunked.Stdout.Should().Be(whole.Stdout);
        var summaryWhole = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.ShopNext, ReplayData.Records);
        var summaryChunked = await CliRun.RunAsync(["replay", "--summary", "--policy", ReplayData.ShopNext, ReplayData.Records], batchOptions: SmallChunks);
        summaryChunked.Stdout.Should().Be(summaryWhole.Stdout);
    }

    [Fact]
    public async Task Values_are_compared_not_text_so_a_hand_written_record_with_20_0_and_PT60M_replays_identical()
    {
        // handwritten.jsonl says 70.0, 20.0, 50, 200.000 and PT60M, members in another order; the policy decides 70.00, 20.00, 50.00, 200.00 and 1h.
        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, ReplayData.Path("handwritten.jsonl"));

        run.ExitCode.Should().Be(0, run.Stdout);
        run.StdoutLines.Should().Equal("1 replayed, 1 identical, 0 changed");
    }

    [Fact]
    public async Task Each_difference_is_one_line_naming_the_case_its_line_the_field_and_both_values_and_the_exit_code_is_1()
    {
        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.ShopNext, ReplayData.Records);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().Contain(
        [
            "case s-03 (line 3): compensation.total: recorded 20.00, replayed 10.00",
            "case s-04 (line 4): escalation.within: recorded 4h, replayed 2h",
            "case s-01 (line 1): empowerment.actions: recorded [refund, replace], replayed [refund]",
            "case s-05 (line 5): fired: recorded [], replayed [repeat-contact]",
        ]);
        run.StdoutLines[^1].Should().Be("12 replayed, 1 identical, 11 changed, 12 made under another policy");
        var expected = ReplayData.ReadRecords(ReplayData.Records)
            .SelectMany(line => DecisionComparison.Compare(line.Record!.Result, line.Record.Replay(ReplayData.Load(ReplayData.ShopNext)))
                .Select(d => $"case {line.Record.CaseId} (line {line.Line}): {d.Field}: recorded {d.Recorded}, replayed {d.Replayed}"));
        run.StdoutLines[..^1].Should().Equal(expected);
    }

    [Fact]
    public async Task Records_of_case_errors_compare_the_error_id_recorded_and_replayed()
    {
        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.ShopNext, ReplayData.Records);

        // s-07 and s-08 give 'technical', which shop-2 no longer has; s-09 has no orderValue, which shop-2 defaults; s-11's error stays.
        run.StdoutLines.Should().Contain(
        [
            "case s-07 (line 7): error.id: recorded none, replayed RR0403",
            "case s-08 (line 8): error.id: recorded none, replayed RR0403",
            "case s-09 (line 9): error.id: recorded RR0401, replayed none",
        ]);
        run.StdoutLines.Should().NotContain(line => line.StartsWith("case s-11 ", StringComparison.Ordinal));
        ReplayData.ReadRecords(ReplayData.Records).Single(line => line.Record!.CaseId == "s-11").Record!.Result.Error!.Id.Should().Be("RR0403");
    }

    [Fact]
    public async Task A_truncated_records_file_reports_its_last_line_replays_the_others_and_exits_2()
    {
        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, ReplayData.Path("truncated.jsonl"));

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().Equal(
            "line 4: not a whole record (the line ends before its JSON object does)",
            "3 replayed, 3 identical, 0 changed, 1 line not a record");
    }

    [Fact]
    public async Task A_whole_last_record_without_its_newline_is_reported_as_the_core_reader_does()
    {
        var lines = File.ReadAllLines(ReplayData.Records);
        var path = Write("no-newline.jsonl", string.Join('\n', lines[..2]));

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, path);

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().Equal(
            "line 2: not a whole record (the file ends before the line's newline)",
            "1 replayed, 1 identical, 0 changed, 1 line not a record");
        ReplayData.ReadRecords(path).Select(line => line.Problem).Should().Equal(null, "line 2: not a whole record (the file ends before the line's newline)");
    }

    [Fact]
    public async Task Lines_that_are_not_records_are_reported_with_their_line_numbers_blank_lines_counted_and_replay_goes_on()
    {
        var lines = File.ReadAllLines(ReplayData.Records);
        var path = Write("mixed.jsonl", string.Join('\n', lines[0], "", "{\"case\": \"x\"}", "not json", lines[1], "  ", "[1, 2]", lines[2]) + "\n");

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, path);

        run.ExitCode.Should().Be(2);
        var problems = ReplayData.ReadRecords(path).Where(line => line.Problem is not null).Select(line => line.Problem!).ToList();
        problems.Should().HaveCount(3);
        run.StdoutLines.Should().Equal([.. problems, "3 replayed, 3 identical, 0 changed, 3 lines not records"]);
        problems.Select(problem => problem[..problem.IndexOf(':', StringComparison.Ordinal)]).Should().Equal("line 3", "line 4", "line 7");
    }

    [Fact]
    public async Task Exit_2_for_a_line_that_is_not_a_record_wins_over_exit_1_for_a_changed_decision()
    {
        var path = Write("changed-and-bad.jsonl", File.ReadAllLines(ReplayData.Records)[2] + "\n{\n");

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.ShopNext, path);

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().Equal(
            "case s-03 (line 1): compensation.total: recorded 20.00, replayed 10.00",
            "case s-03 (line 1): compensation.items[0].amount: recorded 20.00, replayed 10.00",
            "line 2: not a whole record (the line ends before its JSON object does)",
            "1 replayed, 0 identical, 1 changed, 1 made under another policy, 1 line not a record");
    }

    [Fact]
    public async Task With_several_files_each_line_starts_with_its_file_and_the_summary_counts_them_all()
    {
        var first = Write("first.jsonl", string.Join('\n', File.ReadAllLines(ReplayData.Records)[..3]) + "\n");
        var second = Write("second.jsonl", string.Join('\n', File.ReadAllLines(ReplayData.Records)[3..5]) + "\n{\n");

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.ShopNext, first, second);

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().StartWith($"{first}: case s-01 (line 1): escalation.to: recorded duty-manager, replayed retention");
        run.StdoutLines.Should().Contain(
        [
            $"{first}: case s-03 (line 3): compensation.total: recorded 20.00, replayed 10.00",
            $"{second}: case s-04 (line 1): escalation.within: recorded 4h, replayed 2h",
            $"{second}: case s-05 (line 2): fired: recorded [], replayed [repeat-contact]",
            $"{second}: line 3: not a whole record (the line ends before its JSON object does)",
        ]);
        run.StdoutLines[..^1].Should().AllSatisfy(line => line.Should().Match(l => l.StartsWith(first + ": ", StringComparison.Ordinal) || l.StartsWith(second + ": ", StringComparison.Ordinal)));
        run.StdoutLines[^1].Should().Be("5 replayed, 0 identical, 5 changed, 5 made under another policy, 1 line not a record");
    }

    [Fact]
    public async Task Records_are_read_from_standard_input_given_as_dash()
    {
        var run = await CliRun.RunAsync(["replay", "--policy", ReplayData.Shop, "-"], File.ReadAllText(ReplayData.Records));

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Equal("12 replayed, 12 identical, 0 changed");
    }

    [Fact]
    public async Task Policy_dir_replays_each_record_under_the_version_with_its_hash_and_reports_an_unknown_hash()
    {
        // mixed-versions.jsonl: records of shop.policy.yaml and shop-2.policy.yaml, and one (line 4) whose hash neither has.
        var path = ReplayData.Path("mixed-versions.jsonl");
        var unknown = ReplayData.ReadRecords(path)[3].Record!;
        new[] { ReplayData.Load(ReplayData.Shop).Identity.Hash, ReplayData.Load(ReplayData.ShopNext).Identity.Hash }.Should().NotContain(unknown.Policy.Hash);

        var run = await CliRun.RunAsync("replay", "--policy-dir", ReplayData.Folder, path);

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().Equal(
            $"line 4: case s-06 was decided by shop-recovery 0.9 ({unknown.Policy.Hash}), and no *.policy.yaml in {ReplayData.Folder} has that hash; not replayed",
            $"6 replayed, 6 identical, 0 changed, 1 made under a policy not in {ReplayData.Folder}");
    }

    [Fact]
    public async Task Policy_dir_reproduces_every_decision_that_one_policy_alone_does_not()
    {
        var path = Write("two-versions.jsonl", string.Join('\n', File.ReadAllLines(ReplayData.Path("mixed-versions.jsonl")).Where((_, i) => i != 3)) + "\n");

        var byHash = await CliRun.RunAsync("replay", "--policy-dir", ReplayData.Folder, path);
        var oneVersion = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, path);

        byHash.ExitCode.Should().Be(0, byHash.Stdout);
        byHash.StdoutLines.Should().Equal("6 replayed, 6 identical, 0 changed");
        oneVersion.ExitCode.Should().Be(1);
        oneVersion.StdoutLines[^1].Should().Be("6 replayed, 3 identical, 3 changed, 3 made under another policy");
    }

    [Fact]
    public async Task Policy_and_policy_dir_together_or_neither_are_usage_errors()
    {
        var both = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, "--policy-dir", ReplayData.Folder, ReplayData.Records);
        var neither = await CliRun.RunAsync("replay", ReplayData.Records);
        var noFile = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop);

        foreach (var run in new[] { both, neither, noFile })
        {
            run.ExitCode.Should().Be(2);
            run.Stdout.Should().BeEmpty();
            run.StderrLines[^1].Should().Be("Run 'recoveryrules replay --help' for usage.");
        }

        both.StderrLines[0].Should().Be("Give --policy or --policy-dir, not both.");
        neither.StderrLines[0].Should().Be("Give --policy FILE (one policy for every record) or --policy-dir DIR (the version that made each record).");
    }

    [Fact]
    public async Task A_policy_with_errors_replays_nothing_and_exits_2_with_its_diagnostics_on_stderr()
    {
        var run = await CliRun.RunAsync("replay", "--policy", TestData.Path("bad.policy.yaml"), ReplayData.Records);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Contain(line => line.Contains(": error RR", StringComparison.Ordinal));
        run.StderrLines[^1].Should().Be($"recoveryrules: error: the policy {TestData.Path("bad.policy.yaml")} has errors; no record was replayed.");
    }

    [Fact]
    public async Task A_policy_dir_with_a_policy_that_has_errors_or_no_policy_at_all_replays_nothing()
    {
        File.Copy(ReplayData.Shop, Path.Combine(_folder, "shop.policy.yaml"));
        File.Copy(TestData.Path("bad.policy.yaml"), Path.Combine(_folder, "bad.policy.yaml"));
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;

        var withErrors = await CliRun.RunAsync("replay", "--policy-dir", _folder, ReplayData.Records);
        var none = await CliRun.RunAsync("replay", "--policy-dir", empty, ReplayData.Records);
        var missing = await CliRun.RunAsync("replay", "--policy-dir", Path.Combine(_folder, "nowhere"), ReplayData.Records);

        withErrors.ExitCode.Should().Be(2);
        withErrors.Stdout.Should().BeEmpty();
        withErrors.StderrLines[^1].Should().Be($"recoveryrules: error: 1 of the 2 policies in {_folder} has errors ({Path.Combine(_folder, "bad.policy.yaml")}); no record was replayed.");
        none.ExitCode.Should().Be(2);
        none.StderrLines.Should().Equal($"recoveryrules: error: --policy-dir {empty} holds no *.policy.yaml file.");
        missing.ExitCode.Should().Be(2);
        missing.StderrLines.Should().Equal($"recoveryrules: error: --policy-dir {Path.Combine(_folder, "nowhere")}: no such folder.");
    }

    [Fact]
    public async Task A_missing_records_file_fails_before_any_file_is_replayed()
    {
        var missing = Path.Combine(_folder, "missing.jsonl");

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, ReplayData.Records, missing);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal($"recoveryrules: error: cannot read {missing}: no such file.");
    }

    [Fact]
    public async Task A_case_id_or_value_with_a_line_break_stays_on_one_output_line()
    {
        var record = File.ReadAllLines(ReplayData.Records)[2].Replace("\"case\":\"s-03\"", "\"case\":\"s-\\n03\"", StringComparison.Ordinal);
        var path = Write("newline-id.jsonl", record + "\n");

        var run = await CliRun.RunAsync("replay", "--policy", ReplayData.Shop, path);

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().Equal(
            "case s-\\n03 (line 1): case: recorded s-\\n03, replayed s-03",
            "1 replayed, 0 identical, 1 changed");
    }

    [Fact]
    public async Task Replay_help_names_every_option()
    {
        var run = await CliRun.RunAsync("replay", "--help");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("--policy <FILE>").And.Contain("--policy-dir <DIR>").And.Contain("--summary").And.Contain("--format").And.Contain("RECORDS.jsonl");
    }

    [Fact]
    public async Task Format_accepts_only_text_or_markdown()
    {
        var run = await CliRun.RunAsync("replay", "--format", "html", "--policy", ReplayData.Shop, ReplayData.Records);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("html");
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_one_problem_and_the_records_around_it_replay()
    {
        var lines = File.ReadAllLines(ReplayData.Records);
        var path = Write("long.jsonl", lines[0] + "\n" + "{\"case\": \"" + new string('x', 5000) + "\"}\n" + lines[1] + "\n");

        var run = await CliRun.RunAsync(["replay", "--policy", ReplayData.Shop, path], batchOptions: new BatchOptions { ChunkBytes = 1024, MaxLineBytes = 2048 });

        run.ExitCode.Should().Be(2);
        run.StdoutLines.Should().Equal(
            "line 2: not a record (longer than 2048 bytes, the longest record line read)",
            "2 replayed, 2 identical, 0 changed, 1 line not a record");
    }
}

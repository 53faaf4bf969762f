using System.Text;
using System.Text.Json;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>
/// Nothing lost, never a crash: every kind of bad line among good ones is that line's error, with
/// its line in the file, and every good case around it is decided, in input order; exit code 1.
/// </summary>
public sealed class BadLineTests
{
    private static string Policy => TestData.Path("two-amounts.policy.yaml");

    private static byte[] Good(string id) =>
        Encoding.UTF8.GetBytes($$"""{"id": "{{id}}", "severity": "minor", "channel": "phone", "delay": "30m", "orderValue": 80}""");

    /// <summary>A bad line of each kind, with the error id and field it must give.</summary>
    private static readonly (string Kind, byte[] Line, string Id, string? Field)[] BadLines =
    [
        ("lone surrogate in a value", Encoding.UTF8.GetBytes("""{"id": "b-surrogate", "severity": "\ud800", "channel": "phone", "delay": "30m", "orderValue": 80}"""), "RR0412", "severity"),
        ("lone surrogate in a key", Encoding.UTF8.GetBytes("""{"id": "b-key", "sev\udc00": "minor", "channel": "phone", "delay": "30m", "orderValue": 80}"""), "RR0412", "sev\\udc00"),
        ("invalid UTF-8", [.. Encoding.UTF8.GetBytes("""{"id": "b-utf8", "severity": "crit"""), 0xFF, .. Encoding.UTF8.GetBytes("""ical", "channel": "phone", "delay": "30m", "orderValue": 80}""")], "RR0412", "severity"),
        ("huge duration", Encoding.UTF8.GetBytes("""{"id": "b-duration", "severity": "minor", "channel": "phone", "delay": "1000000000000000000000000w", "orderValue": 80}"""), "RR0413", "delay"),
        ("overflowing sum", Encoding.UTF8.GetBytes("""{"id": "b-sum", "severity": "critical", "channel": "phone", "delay": "30m", "orderValue": 5e28}"""), "RR0423", null),
        ("malformed JSON", Encoding.UTF8.GetBytes("""{"id": "b-malformed", "severity": """), "RR0400", null),
        ("a NUL", [.. Encoding.UTF8.GetBytes("""{"id": "b-nul", "severity": "mi"""), 0x00, .. Encoding.UTF8.GetBytes("""nor"}""")], "RR0400", null),
        ("a line too long", Encoding.UTF8.GetBytes("""{"id": "b-long", "channel": """ + "\"" + new string('x', 3000) + "\"}"), "RR0400", null),
    ];

    private static readonly BatchOptions SmallLines = new() { MaxLineBytes = 2048 };

    /// <summary>The batch: good lines, each bad line after one, blank and white-space lines and a CRLF among them.</summary>
    private static (byte[] Input, List<(long Line, string? GoodId, int Bad)> Expected) Batch(int goodBetween)
    {
        var input = new List<byte>();
        var expected = new List<(long, string?, int)>();
        var line = 0L;
        var goods = 0;
        void Add(byte[] bytes, string? goodId, int bad, string end = "\n")
        {
            line++;
            input.AddRange(bytes);
            input.AddRange(Encoding.UTF8.GetBytes(end));
            if (goodId is not null || bad >= 0)
            {
                expected.Add((line, goodId, bad));
            }
        }

        void AddGoods()
        {
            for (var i = 0; i < goodBetween; i++)
            {
                var id = $"g-{++goods}";
                Add(Good(id), id, -1, i % 5 == 4 ? "\r\n" : "\n");
            }
        }

        AddGoods();
        for (var bad = 0; bad < BadLines.Length; bad++)
        {
            Add([], null, -1);
            Add(BadLines[bad].Line, null, bad);
            Add(" \t "u8.ToArray(), null, -1);
            AddGoods();
        }

        return ([.. input], expected);
    }

    private static async Task<CliRun> RunAsync(string[] args, byte[] stdin, BatchOptions options)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await CommandLine.InvokeAsync(args, input, output, error, options);
        return new CliRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    private static void ShouldDecideEveryGoodCaseAndReportEveryBadLine(CliRun run, List<(long Line, string? GoodId, int Bad)> expected)
    {
        run.ExitCode.Should().Be(1, run.Stderr);
        run.StderrLines.Should().Equal($"recoveryrules: {BadLines.Length} of {expected.Count} cases could not be evaluated; each has an error line in its place.");
        var lines = run.StdoutLines;
        lines.Should().HaveCount(expected.Count, "one output line per case, in input order");
        for (var i = 0; i < expected.Count; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            var (line, goodId, bad) = expected[i];
            if (goodId is not null)
            {
                root.TryGetProperty("error", out _).Should().BeFalse(lines[i]);
                root.GetProperty("case").GetString().Should().Be(goodId);
                continue;
            }

            var (kind, _, id, field) = BadLines[bad];
            var error = root.GetProperty("error");
            error.GetProperty("id").GetString().Should().Be(id, $"the {kind} on line {line}: {lines[i]}");
            error.GetProperty("line").GetInt64().Should().Be(line, $"the {kind} is reported with its line in the file");
            if (field is null)
            {
                error.TryGetProperty("field", out _).Should().BeFalse(lines[i]);
            }
            else
            {
                error.GetProperty("field").GetString().Should().Be(field, kind);
            }
        }
    }

    [Fact]
    public async Task Every_kind_of_bad_line_is_its_own_error_line_with_its_file_line_and_every_good_case_is_decided()
    {
        var (input, expected) = Batch(goodBetween: 2);
        var path = Path.Combine(Path.GetTempPath(), $"bad-lines-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(path, input, TestContext.Current.CancellationToken);
        try
        {
            var run = await RunAsync(["eval", "--policy", Policy, "--cases", path], [], SmallLines);

            ShouldDecideEveryGoodCaseAndReportEveryBadLine(run, expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bad_lines_in_the_middle_of_a_batch_of_many_small_chunks_lose_no_case_before_or_after_them()
    {
        var (input, expected) = Batch(goodBetween: 60);

        var run = await RunAsync(["eval", "--policy", Policy, "--cases", "-"], input, SmallLines with { ChunkBytes = 512, Workers = 3 });

        ShouldDecideEveryGoodCaseAndReportEveryBadLine(run, expected);
        expected.Count(e => e.GoodId is not null).Should().Be(60 * (BadLines.Length + 1));
    }

    [Fact]
    public async Task Bad_lines_on_standard_input_detected_as_json_lines_are_reported_the_same_way()
    {
        var (input, expected) = Batch(goodBetween: 3);

        var run = await RunAsync(["eval", "--policy", Policy], input, SmallLines with { ChunkBytes = 1024, Workers = 2 });

        ShouldDecideEveryGoodCaseAndReportEveryBadLine(run, expected);
    }

    [Fact]
    public async Task Bad_lines_with_explain_are_each_reported_and_the_batch_goes_on()
    {
        var (input, expected) = Batch(goodBetween: 1);

        var run = await RunAsync(["eval", "--policy", Policy, "--cases", "-", "--explain"], input, SmallLines with { ChunkBytes = 512 });

        run.ExitCode.Should().Be(1);
        var headers = run.StdoutLines.Where(line => line.StartsWith("Case ", StringComparison.Ordinal)).ToList();
        headers.Should().HaveCount(expected.Count);
        headers.Select(h => System.Text.RegularExpressions.Regex.Match(h, @"\(line (\d+)\): not decided$")).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Should().Equal(expected.Where(e => e.Bad >= 0).Select(e => e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_error_line_has_the_case_the_error_and_the_line_in_the_file()
    {
        var input = Encoding.UTF8.GetBytes("\n\n" + """{"id": "b-1", "severity": "\ud800", "channel": "phone", "delay": "30m", "orderValue": 80}""" + "\n");

        var run = await RunAsync(["eval", "--policy", Policy, "--cases", "-"], input, BatchOptions.Default);

        run.StdoutLines.Should().Equal(
            """{"case":"b-1","error":{"id":"RR0412","message":"The case field 'severity' has a value that is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate such as \\ud800); give well-formed text","field":"severity","line":3}}""");
    }

    [Fact]
    public async Task A_single_case_error_names_line_1()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-case-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"id": "b-1", "severity": "minor", "channel": "phone", "delay": "99999999999999999999999999999999s", "orderValue": 80}""", TestContext.Current.CancellationToken);
        try
        {
            var run = await RunAsync(["eval", "--policy", Policy, "--case", path], [], BatchOptions.Default);

            run.ExitCode.Should().Be(1);
            using var json = JsonDocument.Parse(run.StdoutLines.Single());
            json.RootElement.GetProperty("error").GetProperty("id").GetString().Should().Be("RR0413");
            json.RootElement.GetProperty("error").GetProperty("line").GetInt64().Should().Be(1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

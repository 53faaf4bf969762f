using System.Buffers;
using System.Text;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Output;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>
/// <c>eval --case</c> decides its one case through <see cref="CaseEvaluator.EvaluateOne"/>, which where code is compiled at
/// run time avoids the batch's <c>[AggressiveOptimization]</c> methods (docs/design.md §27). Both routes must give the same
/// bytes: every example case, each as the one case and with errors made from it, in every output mode, with and without a record.
/// </summary>
public sealed class OneCaseRouteTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static readonly string ExamplesRoot = Path.Combine(FindRepositoryRoot(), "examples");

    /// <summary>The example policies that have cases beside them.</summary>
    public static TheoryData<string> Policies() =>
        [.. Directory.EnumerateFiles(ExamplesRoot, "*.policy.yaml", SearchOption.AllDirectories)
            .Where(path => Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "case*.json*").Any())
            .Select(path => Path.GetRelativePath(ExamplesRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The output modes: (explain, record, record the explanation).</summary>
    private static readonly (bool Explain, bool Record, bool RecordExplain)[] Modes =
    [
        (false, false, false),
        (true, false, false),
        (false, true, false),
        (false, true, true),
        (true, true, true),
    ];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Each_case_gives_the_same_bytes_through_the_one_case_route_as_through_the_batch_route(string policyFile)
    {
        var policy = PolicyYaml.CompileFile(Path.Combine(ExamplesRoot, policyFile)).Policy!;
        var cases = Cases(Path.GetDirectoryName(Path.Combine(ExamplesRoot, policyFile))!);
        cases.Should().NotBeEmpty();

        var decided = 0;
        var errors = 0;
        var recordPath = Path.GetTempFileName();
        try
        {
            using var recordFile = RecordFile.Open(recordPath);
            foreach (var (explain, record, recordExplain) in Modes)
            {
                var recording = record ? new CaseRecording(recordFile, recordExplain, explain) : null;
                var options = new EvaluationOptions { Explain = explain || recordExplain, Now = Now };
                foreach (var json in cases)
                {
                    var (oneCase, oneRecord, oneDecided, oneTaken) = Run(policy, json, explain, options, recording, oneCaseRoute: true);
                    var (batch, batchRecord, batchDecided, batchTaken) = Run(policy, json, explain, options, recording, oneCaseRoute: false);

                    var because = $"{policyFile}, explain {explain}, record {record}/{recordExplain}, case {Encoding.UTF8.GetString(json.Span)}";
                    oneTaken.Should().BeTrue("the one-case route must run: " + because);
                    batchTaken.Should().BeFalse("the batch route must run: " + because);
                    oneCase.Should().Be(batch, because);
                    oneRecord.Should().Be(batchRecord, because);
                    oneDecided.Should().Be(batchDecided, because);
                    oneCase.Should().NotBeEmpty();
                    (record ? oneRecord : "x").Should().NotBeEmpty();
                    if (oneDecided)
                    {
                        decided++;
                    }
                    else
                    {
                        errors++;
                    }
                }
            }
        }
        finally
        {
            File.Delete(recordPath);
        }

        // Not vacuous: decisions and case errors both went through both routes.
        decided.Should().BeGreaterThan(cases.Count);
        errors.Should().BeGreaterThan(cases.Count);
    }

    [Fact]
    public async Task Eval_with_one_case_prints_what_eval_with_that_case_as_json_lines_prints()
    {
        var cases = Cases(Path.Combine(ExamplesRoot, "retail"));
        var policy = Path.Combine(ExamplesRoot, "retail", "retail.policy.yaml");
        var file = Path.GetTempFileName();
        try
        {
            foreach (var json in cases.Where(json => !json.IsEmpty && json.Span.IndexOf((byte)'\n') < 0))
            {
                await File.WriteAllBytesAsync(file, json.ToArray(), TestContext.Current.CancellationToken);
                foreach (var explain in new[] { false, true })
                {
                    string[] extra = explain ? ["--explain"] : [];
                    var one = await CliRun.RunAsync(["eval", "--policy", policy, "--case", file, "--now", "2026-11-22T10:00:00Z", .. extra]);
                    var lines = await CliRun.RunAsync(["eval", "--policy", policy, "--cases", file, "--now", "2026-11-22T10:00:00Z", .. extra]);
                    var because = Encoding.UTF8.GetString(json.Span);
                    one.ExitCode.Should().Be(lines.ExitCode, because);
                    one.Stdout.Should().Be(lines.Stdout, because);
                    one.Stderr.Should().Be(lines.Stderr, because);
                }
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (string Output, string Records, bool Decided, bool OneCaseRouteTaken) Run(
        RecoveryPolicy policy, ReadOnlyMemory<byte> json, bool explain, EvaluationOptions options, CaseRecording? recording, bool oneCaseRoute)
    {
        OutcomeWriter writer = explain ? new ExplanationOutcomeWriter() : new JsonLineOutcomeWriter();
        var evaluator = new CaseEvaluator(policy, writer, options, int.MaxValue, recording) { OneCaseRoute = oneCaseRoute };
        var output = new ArrayBufferWriter<byte>();
        var records = recording is null ? null : new ArrayBufferWriter<byte>();

        // A copy each: the case may keep the bytes it was given.
        var decided = evaluator.EvaluateOne(json.ToArray(), 1, output, records);
        return (Encoding.UTF8.GetString(output.WrittenSpan), records is null ? string.Empty : Encoding.UTF8.GetString(records.WrittenSpan), decided, evaluator.OneCaseRouteTaken);
    }

    /// <summary>The example's cases (each line of its JSON Lines files, each of its single-case files), and cases made from them.</summary>
    private static List<ReadOnlyMemory<byte>> Cases(string folder)
    {
        var given = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "case*.json*").Order(StringComparer.Ordinal))
        {
            if (path.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                given.AddRange(File.ReadLines(path).Where(line => line.Trim().Length > 0));
            }
            else
            {
                given.Add(File.ReadAllText(path));
            }
        }

        var random = new Random(11);
        var cases = new List<ReadOnlyMemory<byte>>();
        foreach (var json in given)
        {
            cases.Add(Encoding.UTF8.GetBytes(json));
            cases.Add(Encoding.UTF8.GetBytes(json.Replace("{\"id\": \"", "{\"id\": \"é\\u0041-", StringComparison.Ordinal))); // an id that is not plain ASCII
            cases.Add(Encoding.UTF8.GetBytes(json.TrimEnd().TrimEnd('}') + ", \"unknownMember\": 1}")); // a member the policy does not know
            cases.Add(Encoding.UTF8.GetBytes(json[..random.Next(1, json.Length)])); // malformed: cut short
            cases.Add(Encoding.UTF8.GetBytes(json.Replace("\"severity\": \"", "\"severity\": \"no-", StringComparison.Ordinal))); // not a severity
            cases.Add(Encoding.UTF8.GetBytes(json.Replace(": \"", ": 7, \"x\": \"", StringComparison.Ordinal))); // numbers where text goes
            var digit = json.IndexOfAny("123456789".ToCharArray());
            if (digit > 0)
            {
                cases.Add(Encoding.UTF8.GetBytes(json[..digit] + "-" + json[digit..])); // a negative number
                cases.Add(Encoding.UTF8.GetBytes(json[..digit] + "99999999999" + json[digit..])); // a large number
            }
        }

        cases.Add("[]"u8.ToArray());
        cases.Add(Array.Empty<byte>());
        cases.Add("{\"id\": \"a\"} {\"id\": \"b\"}"u8.ToArray());
        return cases;
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

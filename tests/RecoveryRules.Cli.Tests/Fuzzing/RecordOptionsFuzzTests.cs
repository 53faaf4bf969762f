using System.Text;
using CsCheck;

namespace RecoveryRules.Cli.Tests.Fuzzing;

/// <summary>
/// <c>eval --record</c>, <c>--now</c> and <c>--record-explain</c> with any clock text and any input
/// (docs/fuzzing.md, "Decision records"): a documented exit code and no internal error; a usage error
/// evaluates nothing and creates no record file; otherwise the record file holds exactly one whole record
/// per case printed, each of which replays as recorded.
/// </summary>
public sealed class RecordOptionsFuzzTests : IDisposable
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 200;

    private static readonly RecoveryPolicy Retail = Yaml.PolicyYaml.CompileFile(TestData.Retail).Policy!;

    private static readonly string[] Clocks =
    [
        "2026-11-22T10:00:00+00:00", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.1234567-05:00", "2026-11-22T10:00:00+14:00",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z",
        "2026-11-22", "2026-11-22T10:00:00", "T+", "-", "", " ", "\ud800", "2026-11-22T10:00:00+25:00", "2026-02-30T10:00:00Z", "now",
    ];

    private static readonly string[] Inputs =
    [
        "", "\n", "{", "[]", "null", "\uFEFF", "{\"id\": \"\\ud800\"}\n", "\"text\"\n{\"id\": 7}\n",
        "{\"id\": \"o\", \"severity\": \"minor\", \"channel\": \"chat\", \"occurredAt\": \"2026-11-22T09:00:00Z\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": true}\n",
        "{\"id\": \"f\", \"severity\": \"minor\", \"channel\": \"chat\", \"occurredAt\": \"9999-12-31T23:59:59Z\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": true}\n",
        TestData.ReadAllText("case-c-1042.json"), TestData.ReadAllText("cases-with-bad-line.jsonl"), TestData.ReadAllText("cases-pretty.json"),
        TestData.ReadAllText("cases-pretty.json") + "{\n  \"id\":\n}\n" + TestData.ReadAllText("cases-pretty.json"),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-record-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Any_clock_and_input_ends_with_a_documented_exit_code_and_one_replayable_record_per_case()
    {
        var runs = 0;
        Gen.Select(Gen.Int[-1, Clocks.Length - 1], Gen.Int[0, Inputs.Length - 1], Gen.Bool, Gen.Bool, Gen.Int[0, 2])
            .Sample(
                pick =>
                {
                    var (clock, input, explain, recordExplain, source) = pick;
                    var record = Path.Combine(_folder, $"run-{Interlocked.Increment(ref runs)}.jsonl");
                    var casesFile = Path.Combine(_folder, $"cases-{runs}.txt");
                    File.WriteAllText(casesFile, Inputs[input]);
                    List<string> args = ["eval", "--policy", TestData.Retail, "--record", record];
                    args.AddRange(source switch { 0 => [], 1 => ["--cases", casesFile], _ => ["--case", casesFile] });
                    if (clock >= 0)
                    {
                        args.AddRange(["--now", Clocks[clock]]);
                    }

                    if (explain)
                    {
                        args.Add("--explain");
                    }

                    if (recordExplain)
                    {
                        args.Add("--record-explain");
                    }

                    var run = CliRun.RunAsync([.. args], Inputs[input]).GetAwaiter().GetResult();
                    var description = Describe(args, run);

                    run.ExitCode.Should().BeOneOf([0, 1, 2], description);
                    run.Stderr.Should().NotContain("internal error").And.NotContain("   at ", description);
                    if (run.ExitCode == 2)
                    {
                        run.Stdout.Should().BeEmpty(description);
                        (!File.Exists(record) || new FileInfo(record).Length == 0).Should().BeTrue("nothing is recorded: " + description);
                        return;
                    }

                    using var file = File.OpenRead(record);
                    var lines = DecisionRecordReader.Read(file).ToList();
                    if (!explain)
                    {
                        lines.Should().HaveCount(run.StdoutLines.Length, description);
                    }

                    foreach (var line in lines)
                    {
                        line.Problem.Should().BeNull(description);
                        DecisionComparison.Compare(line.Record!.Result, line.Record.Replay(Retail)).Should().BeEmpty(description);
                    }
                },
                iter: Iterations,
                threads: 1);
    }

    private static string Describe(IEnumerable<string> args, CliRun run) =>
        new StringBuilder("recoveryrules ").AppendJoin(' ', args.Select(a => $"[{a}]")).Append(" → exit ").Append(run.ExitCode)
            .Append(", stderr: ").Append(run.Stderr).ToString();
}

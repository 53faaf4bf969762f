using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Replay;
using RecoveryRules.Tests.Fuzzing;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Replay;

/// <summary>
/// The replay's fast record reader and replay (src/RecoveryRules/Replay; docs/performance.md, "Replay throughput")
/// give exactly what <see cref="DecisionRecord.TryParse"/> and <see cref="DecisionRecord.Replay"/> give, for real
/// records and for any damage done to them: the same record (written back to the same line), or the same problem.
/// A failing input is kept under Fuzzing/Regressions/replay and checked from then on, with the record fuzzing's own.
/// </summary>
public sealed class RecordLineReaderTests
{
    private static string RegressionFolder => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", "replay");

    private static readonly string[] RealRecordFiles =
    [
        .. Directory.EnumerateDirectories(RepositoryRoot.Combine("examples")).Select(folder => Path.Combine(folder, "records.jsonl")).Where(File.Exists),
        RepositoryRoot.Combine("tests", "RecoveryRules.Cli.Tests", "Replay", "Data", "records.jsonl"),
        RepositoryRoot.Combine("tests", "RecoveryRules.Cli.Tests", "Replay", "Data", "handwritten.jsonl"),
        RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Records", "Data", "c-1042.record.jsonl"),
        RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Records", "Data", "other-implementation.jsonl"),
    ];

    private static readonly byte[][] Seeds = [.. RealRecordFiles.SelectMany(File.ReadAllLines).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes)];

    /// <summary>One reader per thread, kept across inputs, so its caches meet texts of earlier lines.</summary>
    private static readonly ThreadLocal<RecordLineReader> Reader = new(() => new RecordLineReader());

    private static RecoveryPolicy Retail => CaseFuzzing.Policy("retail")[0];

    [Fact]
    public void Every_real_record_reads_as_the_core_reads_it_and_replays_alike()
    {
        Seeds.Length.Should().BeGreaterThan(50);
        var reader = new RecordLineReader();
        foreach (var seed in Seeds)
        {
            reader.TryRead(seed, out var record, out var problem).Should().BeTrue(problem);
            Check(reader, seed);
        }
    }

    [Theory]
    [InlineData("members in another order, unknown ones and an explanation",
        "{\"explanation\":{\"rules\":[1,2,{\"x\":[]}]},\"fired\":[\"a\"],\"notes\":[],\"empowerment\":null,\"escalation\":{\"rule\":\"a\",\"within\":\"PT60M\",\"to\":\"team-lead\",\"extra\":1},\"compensation\":{\"items\":[{\"rule\":\"a\",\"amount\":20.0,\"kind\":\"credit\",\"note\":null}],\"capped\":false,\"currency\":\"USD\",\"total\":20.0},\"given\":{\"id\":\"x\"},\"evaluatedAt\":\"2026-12-01T10:00:00+01:00\",\"policy\":{\"hash\":\"sha256:0\",\"version\":\"1\",\"id\":\"p\"},\"case\":\"x\"}")]
    [InlineData("a member given twice (the core decides which counts)",
        "{\"case\":\"a\",\"case\":\"b\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"compensation\":{\"total\":0,\"currency\":\"USD\",\"capped\":false,\"items\":[]},\"notes\":[],\"fired\":[],\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}}")]
    [InlineData("a byte order mark", "\uFEFF{\"case\":null,\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0400\",\"message\":\"m\"},\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":\"{\"}")]
    [InlineData("a numeric case id and escaped names", "{\"c\\u0061se\":12.50,\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0401\",\"message\":\"m\",\"field\":\"orderValue\"},\"evaluatedAt\":\"2026-12-01T09:00:00.5-03:30\",\"given\":{\"id\":12.50}}")]
    [InlineData("an error and a malformed decision member (ignored)", "{\"case\":\"e\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0403\",\"message\":\"m\"},\"compensation\":7,\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}}")]
    [InlineData("a timestamp without an offset", "{\"case\":\"e\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0403\",\"message\":\"m\"},\"evaluatedAt\":\"2026-12-01T09:00:00\",\"given\":{}}")]
    [InlineData("a missing member", "{\"case\":\"e\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"compensation\":{\"total\":0,\"currency\":\"USD\",\"capped\":false,\"items\":[]},\"notes\":[],\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}}")]
    [InlineData("JSON after the record", "{\"case\":\"e\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0403\",\"message\":\"m\"},\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}} {}")]
    [InlineData("an unknown member whose name is a lone surrogate", "{\"\\ud800\":1,\"case\":\"e\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0403\",\"message\":\"m\"},\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}}")]
    [InlineData("a nested unknown member whose name is a lone surrogate", "{\"case\":\"e\",\"policy\":{\"id\":\"p\",\"\\udc00x\":1,\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0403\",\"message\":\"m\"},\"evaluatedAt\":\"2026-12-01T09:00:00Z\",\"given\":{}}")]
    public void Unusual_lines_read_exactly_as_the_core_reads_them(string what, string line)
    {
        _ = what;
        Check(new RecordLineReader(), Encoding.UTF8.GetBytes(line));
    }

    [Fact]
    public void Mutated_record_lines_read_and_replay_exactly_as_through_the_core()
    {
        var inputs = Gen.Select(Gen.Int[0, Seeds.Length - 1], CaseMutations.Mutations, (seed, mutations) => CaseMutations.Apply(Seeds[seed], mutations));
        var gate = new object();
        byte[]? smallest = null;
        try
        {
            inputs.Sample(
                input =>
                {
                    try
                    {
                        Check(Reader.Value!, input);
                    }
                    catch
                    {
                        lock (gate)
                        {
                            if (smallest is null || input.Length < smallest.Length)
                            {
                                smallest = input;
                            }
                        }

                        throw;
                    }
                },
                iter: CaseFuzzing.Iterations,
                print: CaseFuzzing.Print);
        }
        catch when (smallest is not null)
        {
            Directory.CreateDirectory(RegressionFolder);
            var kept = Path.Combine(RegressionFolder, $"fuzz-{Convert.ToHexStringLower(SHA256.HashData(smallest))[..12]}.jsonl");
            File.WriteAllBytes(kept, smallest);
            throw new Xunit.Sdk.XunitException($"A mutated record line read or replayed unlike the core; the smallest failing input is kept as {kept}: {CaseFuzzing.Print(smallest)}");
        }
    }

    public static TheoryData<string> KeptInputs { get; } =
    [
        .. new[] { "records", "replay" }
            .Select(folder => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.jsonl"))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(KeptInputs))]
    public void Every_kept_record_line_reads_and_replays_as_through_the_core(string file)
    {
        foreach (var line in File.ReadAllBytes(RepositoryRoot.Combine(file)).AsSpan().ToArray().Split((byte)'\n'))
        {
            Check(new RecordLineReader(), line);
        }
    }

    /// <summary>The fast reader and the core agree on the line; when it is a record, the fast replay and the core's agree too.</summary>
    private static void Check(RecordLineReader reader, byte[] input)
    {
        var fast = reader.TryRead(input, out var fastRecord, out var fastProblem, out var given);
        var core = DecisionRecord.TryParse(input, out var coreRecord, out var coreProblem);

        fast.Should().Be(core, $"the core says {coreProblem ?? "it is a record"}");
        fastProblem.Should().Be(coreProblem);
        if (!core)
        {
            return;
        }

        fastRecord!.ToJson().Should().Be(coreRecord!.ToJson());
        fastRecord.Policy.Should().Be(coreRecord.Policy);
        fastRecord.EvaluatedAt.Offset.Should().Be(coreRecord.EvaluatedAt.Offset);
        fastRecord.Result.Should().Be(coreRecord.Result);
        var replayed = RecordReplay.Replay(fastRecord, Retail, given);
        Outcome(replayed).Should().Be(Outcome(coreRecord.Replay(Retail)));
        Outcome(RecordReplay.Replay(fastRecord, Retail)).Should().Be(Outcome(replayed));
        RecordReplay.Compare(fastRecord.Result, replayed).Should().Equal(DecisionComparison.Compare(coreRecord.Result, replayed));
    }

    private static string Outcome(CaseResult result) => result.IsDecision ? result.Decision!.ToJson() : result.Error!.ToJson();
}

/// <summary>Splits bytes at a separator.</summary>
internal static class ByteLines
{
    public static IEnumerable<byte[]> Split(this byte[] bytes, byte separator)
    {
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == separator)
            {
                if (i > start)
                {
                    yield return bytes[start..i];
                }

                start = i + 1;
            }
        }
    }
}

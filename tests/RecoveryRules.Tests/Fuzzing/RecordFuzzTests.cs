using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Fuzzes decision record lines (docs/fuzzing.md; docs/auditing.md, "Decision records"): real records damaged by
/// the case mutations. <see cref="DecisionRecord.TryParse"/> and <see cref="DecisionRecordReader"/> never throw;
/// what reads as a record writes back to a line that reads as the same record; replaying it never throws. A
/// failing input is kept under Regressions/records and replayed from then on.
/// </summary>
public sealed class RecordFuzzTests
{
    private static string RegressionFolder => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", "records");

    private static readonly byte[][] Seeds =
    [
        .. new[]
        {
            RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Records", "Data", "c-1042.record.jsonl"),
            RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Records", "Data", "other-implementation.jsonl"),
        }.SelectMany(File.ReadAllLines).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        .. (
            "{\"case\":\"late\",\"policy\":{\"id\":\"retail-recovery\",\"version\":\"2026.11\",\"hash\":\"sha256:0\"},\"error\":{\"id\":\"RR0410\",\"message\":\"m\",\"field\":\"occurredAt\"},"
            + "\"evaluatedAt\":\"2026-11-22T09:00:00+01:00\",\"given\":{\"id\":\"late\",\"severity\":\"minor\",\"channel\":\"chat\",\"occurredAt\":\"2026-11-22T09:30:00+01:00\",\"orderValue\":5,\"failureType\":\"technical\",\"proactive\":true}}\n"
            + "{\"case\":null,\"policy\":{\"id\":\"retail-recovery\",\"version\":\"2026.11\",\"hash\":\"sha256:0\"},\"error\":{\"id\":\"RR0400\",\"message\":\"m\"},\"evaluatedAt\":\"2026-11-22T10:00:00Z\",\"given\":\"{\\\"id\\\": \"}")
            .Split('\n').Select(Encoding.UTF8.GetBytes),
    ];

    private static RecoveryPolicy Retail => CaseFuzzing.Policy("retail")[0];

    [Fact]
    public void Mutated_record_lines_never_throw_and_what_reads_as_a_record_writes_back_alike()
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
                        Check(input);
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
            throw new Xunit.Sdk.XunitException($"A mutated record line failed; the smallest failing input is kept as {kept}: {CaseFuzzing.Print(smallest)}");
        }
    }

    private static string[] KeptFiles() =>
        [.. Directory.EnumerateFiles(RegressionFolder, "*.jsonl").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> KeptInputs { get; } = [.. KeptFiles()];

    [Theory]
    [MemberData(nameof(KeptInputs))]
    public void Every_kept_record_line_is_still_handled(string file)
    {
        Check(File.ReadAllBytes(Path.Combine(RegressionFolder, file)));
    }

    [Fact]
    public void The_regression_folder_holds_the_hostile_records_written_by_hand()
    {
        KeptFiles().Should().Contain(["deep-given.jsonl", "lone-surrogates.jsonl", "error-with-text-given.jsonl"]);
    }

    private static void Check(byte[] input)
    {
        if (DecisionRecord.TryParse(input, out var record, out var problem))
        {
            problem.Should().BeNull();
            var line = record.ToJson();
            line.Should().NotContain("\n");
            DecisionRecord.TryParse(Encoding.UTF8.GetBytes(line), out var again, out problem).Should().BeTrue(problem);
            again!.ToJson().Should().Be(line);
            DecisionComparison.Compare(record.Result, again.Result).Should().BeEmpty();
            var replayed = record.Replay(Retail);
            (replayed.Decision is null).Should().Be(replayed.Error is not null);
            _ = DecisionComparison.Compare(record.Result, replayed);
        }
        else
        {
            record.Should().BeNull();
            problem.Should().MatchRegex("^not a (whole )?record");
        }

        // The reader over the input as a file: the line, twice, the second time without its newline.
        var file = new MemoryStream([.. input, (byte)'\n', .. input]);
        foreach (var entry in DecisionRecordReader.Read(file))
        {
            (entry.Record is null).Should().Be(entry.Problem is not null);
            entry.Problem?.Should().StartWith($"line {entry.Line}: ");
        }
    }
}

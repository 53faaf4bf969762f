using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Replay;

/// <summary>
/// Fuzzes <c>recoveryrules replay</c> (docs/fuzzing.md): files of real record lines, some damaged (cut, bytes
/// flipped or dropped, hostile text inserted, lines joined or split), replayed in small chunks on several workers.
/// The command never crashes (exit 0, 1 or 2, never an internal error); each line that the core's
/// <see cref="DecisionRecordReader"/> finds not to be a record is reported with its line number and the reader's
/// words, in file order, and every other line is replayed. A failing file is kept under Replay/Regressions.
/// </summary>
public sealed class ReplayFuzzTests : IDisposable
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 20000) : 300;

    private static readonly string RegressionFolder = Path.Combine(FindTestsFolder(), "Replay", "Regressions");

    private static readonly byte[][] Lines = [.. File.ReadAllLines(ReplayData.Records).Select(Encoding.UTF8.GetBytes)];

    private static readonly byte[][] Hostile =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00],
        "\\ud800"u8.ToArray(), "null"u8.ToArray(), "1e400"u8.ToArray(), "79228162514264337593543950336"u8.ToArray(), "-5e28"u8.ToArray(), "\"PT99999999999999999999H\""u8.ToArray(),
        "\"2026-13-45T99:00:00+25:00\""u8.ToArray(), "\"regional-director\""u8.ToArray(), "[]"u8.ToArray(), ",\"x\":1"u8.ToArray(), "\uFEFF"u8.ToArray(),
    ];

    private static readonly BatchOptions SmallChunks = new() { ChunkBytes = 512, Workers = 3 };

    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-replay-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>One change to one line: which line, what kind, where in it, which hostile text.</summary>
    private readonly record struct Damage(int Line, int Kind, double At, int Pick);

    [Fact]
    public async Task Damaged_records_files_never_crash_and_every_bad_line_is_reported_with_its_line()
    {
        var files = Gen.Select(
            Gen.Int[0, Lines.Length - 1].Array[1, 10],
            Gen.Select(Gen.Int[0, 9], Gen.Int[0, 5], Gen.Double[0, 1], Gen.Int[0, 1000], (line, kind, at, pick) => new Damage(line, kind, at, pick)).Array[0, 4],
            Gen.Bool,
            (picks, damages, newlineAtEnd) => Build(picks, damages, newlineAtEnd));
        byte[]? smallest = null;
        try
        {
            files.Sample(
                file =>
                {
                    try
                    {
                        CheckAsync(file).GetAwaiter().GetResult();
                    }
                    catch
                    {
                        if (smallest is null || file.Length < smallest.Length)
                        {
                            smallest = file;
                        }

                        throw;
                    }
                },
                iter: Iterations,
                threads: 1);
        }
        catch when (smallest is not null)
        {
            Directory.CreateDirectory(RegressionFolder);
            var kept = Path.Combine(RegressionFolder, $"fuzz-{Convert.ToHexStringLower(SHA256.HashData(smallest))[..12]}.jsonl");
            await File.WriteAllBytesAsync(kept, smallest, TestContext.Current.CancellationToken);
            throw new Xunit.Sdk.XunitException($"A damaged records file broke replay; it is kept as {kept}.");
        }
    }

    public static TheoryData<string> KeptFiles { get; } =
        [.. (Directory.Exists(RegressionFolder) ? Directory.EnumerateFiles(RegressionFolder, "*.jsonl") : []).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(KeptFiles))]
    public async Task Every_kept_records_file_is_still_replayed_without_a_crash(string file)
    {
        await CheckAsync(await File.ReadAllBytesAsync(Path.Combine(RegressionFolder, file), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_regression_folder_holds_the_hostile_files_written_by_hand()
    {
        KeptFiles.Select(row => row.Data).Should().Contain("hostile-by-hand.jsonl");
    }

    private async Task CheckAsync(byte[] file)
    {
        var path = Path.Combine(_folder, "records.jsonl");
        await File.WriteAllBytesAsync(path, file, TestContext.Current.CancellationToken);
        List<DecisionRecordLine> expected;
        using (var stream = File.OpenRead(path))
        {
            expected = [.. DecisionRecordReader.Read(stream)];
        }

        var run = await CliRun.RunAsync(["replay", "--policy", ReplayData.Shop, path], batchOptions: SmallChunks);

        var context = $"file: {Encoding.UTF8.GetString(file)}\nstdout: {run.Stdout}\nstderr: {run.Stderr}";
        run.ExitCode.Should().BeOneOf([0, 1, 2], context);
        run.Stderr.Should().NotContain("internal error", context);
        var problems = expected.Where(line => line.Problem is not null).Select(line => line.Problem!).ToList();
        run.StdoutLines.Where(line => line.StartsWith("line ", StringComparison.Ordinal)).Should().Equal(problems.Select(OneLine), context);
        var replayed = expected.Count(line => line.Record is not null);
        run.StdoutLines[^1].Should().StartWith(string.Create(CultureInfo.InvariantCulture, $"{replayed} replayed, "), context);
        (run.ExitCode == 2).Should().Be(problems.Count > 0, context);
    }

    /// <summary>A problem as the command prints it: one line, control characters escaped.</summary>
    private static string OneLine(string text) => string.Concat(text.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        < ' ' or '\u007f' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
        _ => c.ToString(),
    }));

    private static byte[] Build(int[] picks, Damage[] damages, bool newlineAtEnd)
    {
        var lines = picks.Select(pick => Lines[pick]).ToList();
        foreach (var damage in damages)
        {
            var index = damage.Line % lines.Count;
            var line = lines[index];
            var at = (int)(damage.At * line.Length);
            lines[index] = damage.Kind switch
            {
                0 => line[..at], // cut
                1 => [.. line[..at], .. Hostile[damage.Pick % Hostile.Length], .. line[at..]], // hostile text inserted
                2 => [.. line[..at], .. line[Math.Min(line.Length, at + 1 + (damage.Pick % 40))..]], // bytes dropped
                3 when at < line.Length => [.. line[..at], (byte)(line[at] ^ (1 << (damage.Pick % 8))), .. line[(at + 1)..]], // a bit flipped
                4 => [], // a blank line
                _ => [.. line, .. line], // two records on one line
            };
        }

        var bytes = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            bytes.AddRange(lines[i]);
            if (i < lines.Count - 1 || newlineAtEnd)
            {
                bytes.Add((byte)'\n');
            }
        }

        return [.. bytes];
    }

    private static string FindTestsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "RecoveryRules.Cli.Tests");
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RecoveryRules.sln.");
    }
}

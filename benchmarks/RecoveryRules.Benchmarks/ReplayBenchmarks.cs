using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Replay;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The cost of replaying one decision record (docs/auditing.md, "Replay"; docs/performance.md, "Replay throughput"):
/// reading the record line, re-evaluating its given at its evaluatedAt, and comparing the two outcomes, for the
/// three representative retail cases. <see cref="ReadReplayCompare"/> is what <c>recoveryrules replay</c> does per
/// record on a worker (less counting and output). The <c>…WithCoreApi</c> rows are the public way, for comparison:
/// <see cref="DecisionRecord.TryParse"/> (a <see cref="System.Text.Json.JsonDocument"/> per line) and, after it,
/// <see cref="DecisionRecord.Replay"/>, which parses the given once more to learn it is an object, and
/// <see cref="DecisionComparison.Compare"/>, which builds its list of differences even when there is none.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ReplayBenchmarks
{
    /// <summary>The evaluation clock of every generated record.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private RecoveryPolicy _policy = null!;
    private byte[] _line = null!;
    private DecisionRecord _record = null!;
    private CaseResult _replayed = null!;
    private RecordLineReader _reader = null!;

    /// <summary>c-1042 (critical), c-1043 (major, on time), c-1045 (otherwise), as in <see cref="RetailEvaluationBenchmarks"/>.</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        var (json, _) = RetailFixtures.Get(Case);
        _line = Encoding.UTF8.GetBytes(DecisionRecord.Evaluate(_policy.ReadCase(json), new EvaluationOptions { Now = Now }).ToJson());
        if (!DecisionRecord.TryParse(_line, out var record, out var problem))
        {
            throw new InvalidOperationException("The generated record does not read back: " + problem);
        }

        _record = record;
        _reader = new RecordLineReader();
        _replayed = RecordReplay.Replay(_record, _policy);
        if (!DecisionComparison.Compare(_record.Result, _replayed).IsEmpty)
        {
            throw new InvalidOperationException("The generated record does not replay identically.");
        }
    }

    [Benchmark(Baseline = true)]
    public int ReadReplayCompare()
    {
        _reader.TryRead(_line, out var record, out _, out var given);
        return RecordReplay.Compare(record!.Result, RecordReplay.Replay(record, _policy, given)).Length;
    }

    [Benchmark]
    public DecisionRecord? ReadRecord() => _reader.TryRead(_line, out var record, out _) ? record : null;

    [Benchmark]
    public DecisionRecord? ParseRecordWithCoreApi() => DecisionRecord.TryParse(_line, out var record, out _) ? record : null;

    [Benchmark]
    public CaseResult Replay() => RecordReplay.Replay(_record, _policy);

    [Benchmark]
    public CaseResult ReplayWithCoreApi()
    {
        // A fresh record each time: the public Replay parses the given once per record (then keeps it).
        DecisionRecord.TryParse(_line, out var record, out _);
        return record!.Replay(_policy);
    }

    [Benchmark]
    public int Compare() => RecordReplay.Compare(_record.Result, _replayed).Length;

    [Benchmark]
    public int CompareWithCoreApi() => DecisionComparison.Compare(_record.Result, _replayed).Length;

    /// <summary>
    /// Writes <paramref name="count"/> decision records of generated retail cases (fixed seed, every fact varied, as
    /// benchmarks/generate-cases.py does for cases), all evaluated at <see cref="Now"/>: the input of the replay
    /// throughput measurement. <c>dotnet run -c Release --project benchmarks/RecoveryRules.Benchmarks -- --write-records OUT N</c>.
    /// </summary>
    public static int WriteRecords(string path, int count)
    {
        var policy = RetailFixtures.LoadPolicy();
        var options = new EvaluationOptions { Now = Now };
        string[] severities = ["minor", "moderate", "major", "critical"], channels = ["phone", "email", "chat", "social", "store", "app"];
        string[] tiers = ["standard", "silver", "gold", "platinum"], failures = ["information", "operation", "communication", "technical"];
        string[] delays = ["30m", "1h", "3h", "5h", "PT2H", "1d", "2d", "36h", "PT90M"], orderValues = ["20", "45.5", "80", "120", "300", "\"80 USD\""];
        int[] values = [0, 500, 5000, 12000];
        var random = new Random(42);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using (var writer = new DecisionRecordWriter(new BufferedLines(file)))
        {
            for (var i = 0; i < count; i++)
            {
                var json = new StringBuilder(256);
                json.Append(CultureInfo.InvariantCulture,
                    $"{{\"id\":\"c-{i}\",\"severity\":\"{Pick(random, severities)}\",\"channel\":\"{Pick(random, channels)}\",\"delay\":\"{Pick(random, delays)}\",");
                json.Append(CultureInfo.InvariantCulture,
                    $"\"customer\":{{\"tier\":\"{Pick(random, tiers)}\",\"value\":{Pick(random, values)}}},\"orderValue\":{Pick(random, orderValues)},");
                json.Append(CultureInfo.InvariantCulture, $"\"failureType\":\"{Pick(random, failures)}\",\"proactive\":{(random.NextDouble() < 0.3 ? "true" : "false")}");
                if (i % 3 == 0)
                {
                    json.Append(CultureInfo.InvariantCulture, $",\"repeatFailures\":{random.Next(0, 5)}");
                }

                json.Append('}');
                writer.Write(DecisionRecord.Evaluate(policy.ReadCase(json.ToString()), options));
            }
        }

        Console.WriteLine($"{count} records written to {path} ({new FileInfo(path).Length} bytes).");
        return 0;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    /// <summary>The file stream, with the writer's flush after every line left to the file's own buffer (a generator need not be crash-safe).</summary>
    private sealed class BufferedLines(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

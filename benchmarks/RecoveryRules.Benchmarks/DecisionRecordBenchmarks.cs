using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// What a decision record costs per decision (docs/auditing.md, "Decision records"; docs/performance.md,
/// "Decision records"): a plain record (<c>eval --record</c>) against one that carries the explanation
/// (<c>--record-explain</c>), each as evaluating the case and serializing its record line, and reading a
/// record line back (what <c>replay</c> does before it re-evaluates). The baseline is the evaluation alone.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class DecisionRecordBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private Utf8JsonWriter _writer = null!;
    private byte[] _line = null!;
    private EvaluationOptions _plain = null!;
    private EvaluationOptions _explained = null!;

    /// <summary>c-1042 (the critical case of examples/retail/cases.jsonl), c-1045 (no rule matches: otherwise).</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        _case = _policy.ReadCase(RetailFixtures.Get(Case).Json);
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _plain = new EvaluationOptions { Now = Now };
        _explained = new EvaluationOptions { Now = Now, Explain = true };
        _line = System.Text.Encoding.UTF8.GetBytes(DecisionRecord.Evaluate(_case, _plain).ToJson());
        _ = DecisionRecord.Evaluate(_case, _explained); // the explaining program, built on first use
    }

    [Benchmark(Baseline = true)]
    public Decision Evaluate() => _policy.Evaluate(_case, _plain);

    [Benchmark]
    public int EvaluateAndRecord() => Write(DecisionRecord.Evaluate(_case, _plain));

    [Benchmark]
    public int EvaluateAndRecordWithExplanation() => Write(DecisionRecord.Evaluate(_case, _explained));

    [Benchmark]
    public DecisionRecord? ParseRecord() => DecisionRecord.TryParse(_line, out var record, out _) ? record : null;

    private int Write(DecisionRecord record)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        record.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Reading a case line into a thread's reused slots, as the batch path does per line (docs/performance.md, "Reading a
/// case line"; docs/design.md §22): the <c>Utf8JsonReader</c> pass alone (the path before the scanner) against the
/// case-shape scanner with that pass behind it. <see cref="Lines"/> retail lines of the shape
/// <c>benchmarks/generate-cases.py</c> writes (the lines of the CLI measurement), read round-robin; the time is per line.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CaseLineReadingBenchmarks
{
    private const int Lines = 1000;

    private RecoveryPolicy _policy = null!;
    private byte[][] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        _lines = [.. GeneratedLines(Lines)];
        foreach (var line in _lines)
        {
            if (!Read(line, CaseReader.PlainReaders.Scanner) || !Read(line, CaseReader.PlainReaders.Reader))
            {
                throw new InvalidOperationException("A generated line is not read by both passes: " + Encoding.UTF8.GetString(line));
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int Utf8JsonReaderPass() => ReadAll(CaseReader.PlainReaders.Reader);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Scanner() => ReadAll(CaseReader.PlainReaders.ScannerThenReader);

    private int ReadAll(CaseReader.PlainReaders readers)
    {
        var read = 0;
        foreach (var line in _lines)
        {
            if (Read(line, readers))
            {
                read++;
            }
        }

        return read;
    }

    private bool Read(byte[] line, CaseReader.PlainReaders readers)
    {
        var state = _policy.Reader.ForMapping();
        try
        {
            return _policy.Reader.TryReadPlainInto(line, state, readers, out _, out _);
        }
        finally
        {
            state.Release();
        }
    }

    /// <summary>Retail lines as <c>benchmarks/generate-cases.py</c> writes them (its vocabularies, values and spacing).</summary>
    private static IEnumerable<byte[]> GeneratedLines(int count)
    {
        string[] severities = ["minor", "moderate", "major", "critical"];
        string[] channels = ["phone", "email", "chat", "social", "store", "app"];
        string[] tiers = ["standard", "silver", "gold", "platinum"];
        string[] failureTypes = ["information", "operation", "communication", "technical"];
        string[] delays = ["30m", "1h", "3h", "5h", "PT2H", "1d", "2d", "36h", "PT90M"];
        string[] values = ["0", "500", "5000", "12000"];
        string[] orderValues = ["20", "45.5", "80", "120", "300", "\"80 USD\""];
        var random = new Random(42);
        string Pick(string[] from) => from[random.Next(from.Length)];
        for (var i = 0; i < count; i++)
        {
            var repeat = i % 3 == 0 ? ", \"repeatFailures\": " + random.Next(5).ToString(CultureInfo.InvariantCulture) : string.Empty;
            yield return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"id": "c-{{i}}", "severity": "{{Pick(severities)}}", "channel": "{{Pick(channels)}}", "delay": "{{Pick(delays)}}", "customer": {"tier": "{{Pick(tiers)}}", "value": {{Pick(values)}}}, "orderValue": {{Pick(orderValues)}}, "failureType": "{{Pick(failureTypes)}}", "proactive": {{(random.Next(10) < 3 ? "true" : "false")}}{{repeat}}}"""));
        }
    }
}

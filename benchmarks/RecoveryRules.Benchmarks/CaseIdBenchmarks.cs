using System.Text;
using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The case id of a plain line read by the case-shape scanner into a thread's reused slots (docs/design.md §22, §25): made a
/// <see cref="string"/> (<c>IdAsString</c>, what every reader but the decision line's does) or left as its range of the
/// line (<c>IdAsBytes</c>, what <c>RecoveryPolicy.TryWritePlainUtf8Line</c> asks for). 256 generated retail cases read
/// round-robin; the time is per line.
/// </summary>
[MemoryDiagnoser]
public class CaseIdBenchmarks
{
    private const int Lines = 256;

    private RecoveryPolicy _policy = null!;
    private byte[][] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        _lines = [.. RetailFixtures.RandomCases(Lines).Select(c => Encoding.UTF8.GetBytes(RetailFixtures.ToJson(c)))];
        if (IdAsString() != Lines || IdAsBytes() != Lines)
        {
            throw new InvalidOperationException("A benchmark line was not read by the scanner with its id.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int IdAsString() => ReadAll(asBytes: false);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int IdAsBytes() => ReadAll(asBytes: true);

    private int ReadAll(bool asBytes)
    {
        var withId = 0;
        foreach (var line in _lines)
        {
            var state = _policy.Reader.ForMapping();
            try
            {
                state.IdAsBytes = asBytes;
                if (_policy.Reader.TryReadPlainInto(line, state, CaseReader.PlainReaders.Scanner, out _, out _) && (state.Id is not null || state.IdStart >= 0))
                {
                    withId++;
                }
            }
            finally
            {
                state.IdAsBytes = false;
                state.Release();
            }
        }

        return withId;
    }
}

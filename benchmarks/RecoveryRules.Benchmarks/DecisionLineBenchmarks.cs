using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The per-case work of <c>eval --cases</c> after a line is cut (docs/performance.md, "Writing a decision line"): read a
/// plain case from its UTF-8 bytes into reused slots, evaluate it and write its decision line, per case. <c>Objects</c>:
/// the path through a <see cref="Decision"/> (<c>TryEvaluatePlainUtf8</c>, then <c>DecisionJson.TryWriteLine</c>);
/// <c>Direct</c>: the line written straight from the evaluation (<c>TryWritePlainUtf8Line</c>, docs/design.md §21).
/// Retail: 256 generated cases of the §1 policy; 200 rules: the case of <see cref="LargePolicyBenchmarks"/> (about 30
/// rules fire, a line of about 5 KB). Both paths are checked to write the same bytes before they are measured.
/// </summary>
[MemoryDiagnoser]
public class DecisionLineBenchmarks
{
    private const int Cases = 256;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly EvaluationOptions AtNow = new() { Now = Now };

    private RecoveryPolicy _policy = null!;
    private byte[][] _cases = null!;
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);

    [Params("retail", "200 rules")]
    public string Workload { get; set; } = "retail";

    [GlobalSetup]
    public void Setup()
    {
        var compiled = new RecoveryPolicyOptions { Execution = RuleExecution.Compiled };
        if (Workload == "retail")
        {
            _policy = RetailFixtures.LoadPolicy();
            _cases = [.. RetailFixtures.RandomCases(Cases).Select(c => Encoding.UTF8.GetBytes(RetailFixtures.ToJson(c)))];
        }
        else
        {
            _policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml", policyOptions: compiled).GetPolicyOrThrow();
            _cases = [.. Enumerable.Repeat(Encoding.UTF8.GetBytes(LargePolicyGenerator.CaseJson), Cases)];
        }

        Objects();
        var objects = _output.WrittenSpan.ToArray();
        Direct();
        if (!_output.WrittenSpan.SequenceEqual(objects))
        {
            throw new InvalidOperationException("The direct decision lines differ from the lines written through the decisions.");
        }

        Console.WriteLine($"// {Workload}: {objects.Length / Cases} bytes of output per case");
    }

    /// <summary>Through a <see cref="Decision"/>: evaluated into objects, then written as bytes.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    public int Objects()
    {
        _output.ResetWrittenCount();
        foreach (var json in _cases)
        {
            if (!_policy.TryEvaluatePlainUtf8(json, AtNow, out _, out _, out var decision, out _) || !DecisionJson.TryWriteLine(_output, decision!))
            {
                throw new InvalidOperationException("A benchmark case was not plain and decided.");
            }
        }

        return _output.WrittenCount;
    }

    /// <summary>Written straight from the evaluation.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int Direct()
    {
        _output.ResetWrittenCount();
        foreach (var json in _cases)
        {
            if (_policy.TryWritePlainUtf8Line(json, Now, _output, out _, out _, out _) != PlainLine.Written)
            {
                throw new InvalidOperationException("A benchmark case was not plain and written.");
            }
        }

        return _output.WrittenCount;
    }
}

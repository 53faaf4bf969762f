using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// <c>DecisionLine.Write</c> alone (docs/design.md §21, §28, §32): the lines of 256 different cases of the 200-rule policy,
/// whose frames (the fired rules, the amounts, the cap) were filled by the rule program once in the setup, written one after
/// the other into one output. Different cases, so the branches of the line's passes see the variety of a batch (one case
/// repeated lets the predictor learn every branch). As in a batch, the line is written from one frame that was just filled:
/// each case's fired rules and amounts are copied into it first (a copy of a few KB, the same for every version of
/// <c>Write</c>, included in the time), so that they are in the cache as the rule program leaves them. The cases are the first 256 lines of
/// <c>RECOVERYRULES_LARGE_CASES</c> (default <c>/tmp/inputs/large-300k.jsonl</c>, made by <c>benchmarks/generate-cases.py
/// … --large</c>) when that file exists, else <see cref="LargePolicyGenerator.CaseJson"/> with its order value varied.
/// </summary>
[MemoryDiagnoser]
public class DecisionLineWriteBenchmarks
{
    private const int Cases = 256;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private DecisionLine _line = null!;
    private CaseFrame[] _frames = null!;
    private readonly CaseFrame _live = new();
    private byte[][] _ids = null!;
    private readonly ArrayBufferWriter<byte> _output = new(Cases * 8192);

    [GlobalSetup]
    public void Setup()
    {
        var compiled = new RecoveryPolicyOptions { Execution = RuleExecution.Compiled };
        var policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml", policyOptions: compiled).GetPolicyOrThrow();
        var path = Environment.GetEnvironmentVariable("RECOVERYRULES_LARGE_CASES") ?? "/tmp/inputs/large-300k.jsonl";
        var cases = File.Exists(path)
            ? File.ReadLines(path).Take(Cases).Select(Encoding.UTF8.GetBytes).ToArray()
            : [.. Enumerable.Range(0, Cases).Select(i => Encoding.UTF8.GetBytes(
                LargePolicyGenerator.CaseJson.Replace("\"orderValue\": 150", string.Create(CultureInfo.InvariantCulture, $"\"orderValue\": {20 + (i * 7.35m)}"), StringComparison.Ordinal)))];
        _line = policy.Evaluator.Line ?? throw new InvalidOperationException("The 200-rule policy has no decision line.");

        // Each case run once through the batch's path; the thread's frame keeps what Write reads (fired, amounts, cap) after it.
        var current = typeof(CaseFrame).GetField("t_current", BindingFlags.NonPublic | BindingFlags.Static)!;
        var expected = new ArrayBufferWriter<byte>();
        var frames = new List<CaseFrame>();
        var ids = new List<byte[]>();
        foreach (var json in cases)
        {
            if (policy.TryWritePlainUtf8Line(json, Now, expected, out _, out _, out _) != PlainLine.Written)
            {
                continue;
            }

            var frame = (CaseFrame)current.GetValue(null)!;
            frames.Add(new CaseFrame
            {
                Fired = [.. frame.Fired],
                FiredCount = frame.FiredCount,
                Amounts = [.. frame.Amounts],
                Cap = frame.Cap,
            });
            ids.Add(Encoding.UTF8.GetBytes($"c-{ids.Count}"));
        }

        _frames = [.. frames];
        _ids = [.. ids];
        _live.Fired = new int[_frames.Max(f => f.Fired.Length)];
        _live.Amounts = new decimal[_frames.Max(f => f.Amounts.Length)];
        Write();
        Console.WriteLine($"// {_frames.Length} cases, {_output.WrittenCount / _frames.Length} bytes of output per case, "
            + $"{_frames.Average(f => f.FiredCount):F1} fired rules per case");
    }

    /// <summary>Every case's line written once.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int Write()
    {
        _output.ResetWrittenCount();
        var frames = _frames;
        var live = _live;
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = frames[i];
            frame.Fired.AsSpan(0, frame.FiredCount).CopyTo(live.Fired);
            frame.Amounts.CopyTo(live.Amounts, 0);
            live.FiredCount = frame.FiredCount;
            live.Cap = frame.Cap;
            _line.Write(live, null, _ids[i], true, Now, _output);
        }

        return _output.WrittenCount;
    }
}

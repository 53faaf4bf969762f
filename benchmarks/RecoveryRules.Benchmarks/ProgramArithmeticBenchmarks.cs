using BenchmarkDotNet.Attributes;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The rule program alone, per case (docs/design.md §24, docs/performance.md "Integer fast paths in the program"): the
/// compiled IL program (<c>Il</c>) and the closure program (<c>Closures</c>) of the generated 200-rule policy and of the
/// retail policy, run over 256 generated cases whose facts are already in their slots, the delay written as
/// <c>eval --cases</c> writes it. No case reading, no decision objects: the conditions, defines, amounts and cap, where
/// the decimal arithmetic and comparisons are.
/// </summary>
[MemoryDiagnoser]
public class ProgramArithmeticBenchmarks
{
    private const int Cases = 256;

    private Action<CaseFrame> _program = null!;
    private CaseFrame[] _frames = null!;

    [Params("200 rules", "retail")]
    public string Workload { get; set; } = "200 rules";

    [Params("Il", "Closures")]
    public string Backend { get; set; } = "Il";

    [GlobalSetup]
    public void Setup()
    {
        var compiled = new RecoveryPolicyOptions { Execution = RuleExecution.Compiled };
        RecoveryPolicy policy;
        string[] json;
        if (Workload == "retail")
        {
            policy = RetailFixtures.LoadPolicy();
            json = [.. RetailFixtures.RandomCases(Cases).Select(RetailFixtures.ToJson)];
        }
        else
        {
            policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml", policyOptions: compiled).GetPolicyOrThrow();
            json = LargeCases(Cases);
        }

        var bound = policy.Bound;
        _program = Backend == "Il" ? PolicyProgram.Compile(bound, explain: false) : ClosureProgram.Compile(bound, explain: false);
        var at = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        _frames = new CaseFrame[Cases];
        for (var i = 0; i < Cases; i++)
        {
            var frame = FrameOf(policy, json[i], at);
            frame.Start(bound);
            _frames[i] = frame;
        }

        var fired = Run();
        Console.WriteLine($"// {Workload}, {Backend}: {fired / (double)Cases:F1} rules fire per case");
    }

    /// <summary>
    /// A frame holding only <paramref name="json"/>'s case arrays (as a worker's frame holds them before the program runs), with
    /// its <c>occurredAt</c> turned into the <c>delay</c> it gives at <paramref name="at"/>; the caller starts it where it needs to.
    /// </summary>
    internal static CaseFrame FrameOf(RecoveryPolicy policy, string json, DateTimeOffset at)
    {
        var recoveryCase = policy.ReadCase(json);
        var frame = new CaseFrame();
        frame.Decimals = (decimal[])recoveryCase.Decimals.Clone();
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        if (recoveryCase.OccurredAt is { } occurred)
        {
            frame.Decimals[policy.Bound.Facts.First(f => f.Name == "delay").Slot] = (decimal)(at - occurred).Ticks / TimeSpan.TicksPerSecond;
        }

        return frame;
    }

    /// <summary>The cases of <c>benchmarks/generate-cases.py --large</c>, drawn alike (another generator, a fixed seed).</summary>
    public static string[] LargeCases(int count)
    {
        var random = new Random(42);
        string[] delays = ["30m", "1h", "3h", "5h", "PT2H", "1d", "2d", "36h", "PT90M"];
        string[] orderValues = ["20", "45.5", "80", "120", "300", "\"80 USD\""];
        int[] values = [0, 500, 5000, 12000];
        var cases = new string[count];
        for (var i = 0; i < count; i++)
        {
            T Pick<T>(T[] items) => items[random.Next(items.Length)];
            var repeat = i % 3 == 0 ? $", \"repeatFailures\": {random.Next(0, 5)}" : "";
            var items = i % 2 == 0 ? $", \"itemCount\": {random.Next(1, 7)}" : "";
            cases[i] = $$"""{"id": "c-{{i}}", "severity": "{{Pick(LargePolicyGenerator.Severities)}}", "channel": "{{Pick(LargePolicyGenerator.Channels)}}", "delay": "{{Pick(delays)}}", "customer": {"tier": "{{Pick(LargePolicyGenerator.Tiers)}}", "value": {{Pick(values)}}}, "orderValue": {{Pick(orderValues)}}, "failureType": "{{Pick(LargePolicyGenerator.FailureTypes)}}", "proactive": {{(random.NextDouble() < 0.3 ? "true" : "false")}}{{repeat}}, "region": "{{Pick(LargePolicyGenerator.Regions)}}"{{items}}}""";
        }

        return cases;
    }

    /// <summary>Every case once through the program; the rules fired, summed.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int Run()
    {
        var fired = 0;
        foreach (var frame in _frames)
        {
            frame.FiredCount = 0;
            frame.Cap = 0;
            _program(frame);
            fired += frame.FiredCount;
        }

        return fired;
    }
}

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Issue 6 §4: compiling a chain of N doubling defines (<c>d1: orderValue + orderValue</c>,
/// <c>d2: d1 + d1</c>, …). Each define is emitted once, so the cost grows linearly with N; when
/// every use inlined the body, 20 defines took 15.8 s and 2.2 GB, 22 took 103 s and 10 GB.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class DefineChainBenchmarks
{
    private string _yaml = null!;

    private static readonly RecoveryPolicyOptions Compiled = new() { Execution = RuleExecution.Compiled };

    private static readonly RecoveryPolicyOptions Interpreted = new() { Execution = RuleExecution.Interpreted };

    [Params(10, 20, 40, 80)]
    public int Defines { get; set; }

    /// <summary>The policy of <paramref name="defines"/> doubling defines, the last one used by a condition and an amount.</summary>
    public static string Chain(int defines)
    {
        var yaml = new StringBuilder("policy: chain\nversion: \"1\"\nfacts:\n  orderValue: { type: money }\ndefine:\n  d1: orderValue + orderValue\n");
        for (var i = 2; i <= defines; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  d{i}: d{i - 1} + d{i - 1}\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"rules:\n  - id: r\n    when: d{defines} > 0\n    then:\n      compensate:\n        - refund: min(d{defines}, 100)\n");
        return yaml.ToString();
    }

    [GlobalSetup]
    public void Setup() => _yaml = Chain(Defines);

    /// <summary>Read, bind, hash and build the interpreted program (what <c>recoveryrules check</c> pays).</summary>
    [Benchmark]
    public RecoveryPolicy CompileInterpreted() => PolicyYaml.Compile(_yaml, "chain.policy.yaml", policyOptions: Interpreted).GetPolicyOrThrow();

    /// <summary>The same, plus the IL compile of the program and of each define's program.</summary>
    [Benchmark]
    public RecoveryPolicy CompileToIl() => PolicyYaml.Compile(_yaml, "chain.policy.yaml", policyOptions: Compiled).GetPolicyOrThrow();
}

using BenchmarkDotNet.Attributes;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>A generated 200-rule policy (<see cref="LargePolicyGenerator"/>, fixed seed): evaluating one case, with and without the explanation, and loading + compiling the YAML text.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LargePolicyBenchmarks
{
    private string _yaml = null!;
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private RecoveryPolicy _interpreted = null!;
    private RecoveryCase _interpretedCase = null!;

    private static readonly RecoveryPolicyOptions Compiled = new() { Execution = RuleExecution.Compiled };

    [GlobalSetup]
    public void Setup()
    {
        _yaml = LargePolicyGenerator.Generate(200);
        _policy = PolicyYaml.Compile(_yaml, "generated-200.policy.yaml", policyOptions: Compiled).GetPolicyOrThrow();
        _interpreted = PolicyYaml.Compile(_yaml, "generated-200.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Interpreted }).GetPolicyOrThrow();
        _case = _policy.ReadCase(LargePolicyGenerator.CaseJson);
        _interpretedCase = _interpreted.ReadCase(LargePolicyGenerator.CaseJson);
        var decision = _policy.Evaluate(_case, EvaluationOptions.WithExplanation);
        Console.WriteLine($"// 200-rule policy: {_yaml.Length} characters of YAML; the case fires {decision.Fired.Length} rules, {decision.Compensation.Items.Length} items.");
    }

    [Benchmark]
    public Decision Evaluate200Rules() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision Evaluate200RulesWithExplanation() => _policy.Evaluate(_case, EvaluationOptions.WithExplanation);

    /// <summary>Evaluation before a tiered policy has compiled (and always, with <see cref="RuleExecution.Interpreted"/>).</summary>
    [Benchmark]
    public Decision Evaluate200RulesInterpreted() => _interpreted.Evaluate(_interpretedCase);

    /// <summary>Loading with the default, tiered execution: read, bind, hash, and the interpreted program; ready to evaluate.</summary>
    [Benchmark]
    public RecoveryPolicy? LoadAndCompile200Rules() => PolicyYaml.Compile(_yaml, "generated-200.policy.yaml").Policy;

    /// <summary>Loading with <see cref="RuleExecution.Compiled"/>: the same, plus the IL compile and JIT of the program.</summary>
    [Benchmark]
    public RecoveryPolicy? LoadAndCompile200RulesToIl() => PolicyYaml.Compile(_yaml, "generated-200.policy.yaml", policyOptions: Compiled).Policy;
}

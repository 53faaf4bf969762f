using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

public sealed class RuleExecutionTests
{
    private static readonly string[] Cases =
    [
        """{"id": "c-1", "severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold", "value": 12000}, "orderValue": 80, "failureType": "technical", "proactive": false}""",
        """{"id": "c-2", "severity": "major", "channel": "email", "delay": "5h", "orderValue": 120, "failureType": "operation", "proactive": false}""",
        """{"id": "c-3", "severity": "moderate", "channel": "app", "delay": "PT2H", "orderValue": "45.50 USD", "failureType": "technical", "proactive": true}""",
        """{"id": "c-4", "severity": "minor", "channel": "chat", "delay": "30m", "orderValue": 20, "failureType": "information", "proactive": false}""",
    ];

    private static RecoveryPolicy Load(RuleExecution execution) =>
        PolicyYaml.Compile(Policies.ReadData("Evaluation", "retail.policy.yaml"), "retail.policy.yaml", null,
            new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow();

    private static string[] Decide(RecoveryPolicy policy, EvaluationOptions? options = null) =>
        [.. Cases.Select(c => policy.EvaluateJson(c, options).ToJson())];

    [Fact]
    public void Interpreted_compiled_and_tiered_policies_decide_alike_with_and_without_explanation()
    {
        var compiled = Load(RuleExecution.Compiled);
        var expected = Decide(compiled);
        var explained = Decide(compiled, EvaluationOptions.WithExplanation);

        foreach (var execution in new[] { RuleExecution.Interpreted, RuleExecution.Tiered })
        {
            var policy = Load(execution);
            Decide(policy).Should().Equal(expected, "{0} decides like compiled", execution);
            Decide(policy, EvaluationOptions.WithExplanation).Should().Equal(explained, "{0} explains like compiled", execution);
        }
    }

    [Fact]
    public void A_tiered_policy_compiles_after_its_first_evaluations_and_decides_the_same()
    {
        var policy = Load(RuleExecution.Tiered);
        var program = (TieredRuleProgram)policy.Program;
        program.IsCompiled.Should().BeFalse("a tiered policy starts interpreted");
        var before = Decide(policy);

        for (var i = 0; i < TieredRuleProgram.CompileAfter; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        SpinWait.SpinUntil(() => program.IsCompiled, TimeSpan.FromSeconds(30)).Should().BeTrue("the compiled program is swapped in");
        Decide(policy).Should().Equal(before);
    }

    [Fact]
    public void An_interpreted_policy_never_compiles()
    {
        var policy = Load(RuleExecution.Interpreted);
        for (var i = 0; i < TieredRuleProgram.CompileAfter * 2; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        ((TieredRuleProgram)policy.Program).IsCompiled.Should().BeFalse();
    }
}

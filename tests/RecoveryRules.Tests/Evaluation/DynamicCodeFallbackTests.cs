using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>Where dynamic code is not supported (Native AOT), every execution mode runs the rules interpreted and decides alike.</summary>
public sealed class DynamicCodeFallbackTests
{
    private static readonly string[] Cases =
    [
        """{"id": "c-1", "severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold", "value": 12000}, "orderValue": 80, "failureType": "technical", "proactive": false}""",
        """{"id": "c-2", "severity": "major", "channel": "email", "delay": "5h", "orderValue": 120, "failureType": "operation", "proactive": false}""",
        """{"id": "c-3", "severity": "moderate", "channel": "app", "delay": "PT2H", "orderValue": "45.50 USD", "failureType": "technical", "proactive": true}""",
    ];

    private static readonly RecoveryPolicyOptions Options = new() { TimeProvider = Policies.Clock(), Execution = RuleExecution.Compiled };

    private static RecoveryPolicy Load() =>
        PolicyYaml.Compile(Policies.ReadData("Evaluation", "retail.policy.yaml"), "retail.policy.yaml", null, Options).GetPolicyOrThrow();

    private static string[] Decide(RecoveryPolicy policy, EvaluationOptions? options = null) =>
        [.. Cases.Select(c => policy.EvaluateJson(c, options).ToJson())];

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Tiered)]
    [InlineData(RuleExecution.Interpreted)]
    public void Without_dynamic_code_every_mode_runs_interpreted_and_decides_like_compiled(RuleExecution execution)
    {
        var compiled = Load();
        var program = new TieredRuleProgram(compiled.Bound, execution, dynamicCodeSupported: false);
        var policy = new RecoveryPolicy(compiled.Bound, compiled.Identity, program, Options);

        program.Execution.Should().Be(RuleExecution.Interpreted);
        for (var i = 0; i < TieredRuleProgram.CompileAfter * 2; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        program.IsCompiled.Should().BeFalse("there is no IL to tier up to");
        program.TierUp.Should().BeNull("no compile is ever scheduled");
        Decide(policy).Should().Equal(Decide(compiled));
        Decide(policy, EvaluationOptions.WithExplanation).Should().Equal(Decide(compiled, EvaluationOptions.WithExplanation));
    }

    [Fact]
    public void With_dynamic_code_the_requested_mode_is_kept()
    {
        var compiled = Load();
        new TieredRuleProgram(compiled.Bound, RuleExecution.Compiled, dynamicCodeSupported: true).Execution.Should().Be(RuleExecution.Compiled);
        new TieredRuleProgram(compiled.Bound, RuleExecution.Tiered, dynamicCodeSupported: true).Execution.Should().Be(RuleExecution.Tiered);
    }
}

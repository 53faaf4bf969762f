using RecoveryRules.Emit;
using RecoveryRules.Tests.Infrastructure;
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
    public async Task A_tiered_policy_compiles_on_the_thread_pool_after_its_first_evaluations_and_decides_the_same()
    {
        var policy = Load(RuleExecution.Tiered);
        var program = (TieredRuleProgram)policy.Program;
        program.IsCompiled.Should().BeFalse("a tiered policy starts interpreted");
        var before = Decide(policy);

        for (var i = 0; i < TieredRuleProgram.CompileAfter; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        program.TierUp.Should().NotBeNull("the threshold is reached");
        await program.TierUp!.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        program.IsCompiled.Should().BeTrue("the compiled program is swapped in");
        Decide(policy).Should().Equal(before);
    }

    [Fact]
    public async Task A_tiered_policy_schedules_exactly_one_compile_at_its_threshold_then_runs_compiled()
    {
        var (policy, program, scheduler) = LoadWithScheduler(RuleExecution.Tiered);
        var before = Decide(policy); // Cases.Length evaluations
        for (var i = Cases.Length; i < TieredRuleProgram.CompileAfter - 1; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        scheduler.Scheduled.Should().Be(0, "{0} evaluations are one short of the threshold", TieredRuleProgram.CompileAfter - 1);
        program.TierUp.Should().BeNull();

        policy.EvaluateJson(Cases[0]);
        scheduler.Scheduled.Should().Be(1, "the evaluation that reaches the threshold schedules the compile");
        program.TierUp.Should().NotBeNull();

        for (var i = 0; i < TieredRuleProgram.CompileAfter * 4; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        scheduler.Scheduled.Should().Be(1, "a policy is compiled once");
        program.IsCompiled.Should().BeFalse("the compile has not run yet: the policy still runs interpreted");
        Decide(policy).Should().Equal(before);

        scheduler.RunPending();
        await program.TierUp!.WaitAsync(TestContext.Current.CancellationToken);
        program.IsCompiled.Should().BeTrue();
        Decide(policy).Should().Equal(before, "the compiled program decides like the interpreted one");
        scheduler.Scheduled.Should().Be(1);
    }

    [Fact]
    public void An_interpreted_policy_never_schedules_a_compile()
    {
        var (policy, program, scheduler) = LoadWithScheduler(RuleExecution.Interpreted);
        for (var i = 0; i < TieredRuleProgram.CompileAfter * 4; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        scheduler.Scheduled.Should().Be(0);
        program.TierUp.Should().BeNull();
        program.IsCompiled.Should().BeFalse();
    }

    [Fact]
    public void A_compiled_policy_is_compiled_at_load_and_never_schedules_a_compile()
    {
        var (policy, program, scheduler) = LoadWithScheduler(RuleExecution.Compiled);
        program.IsCompiled.Should().BeTrue("a compiled policy compiles while it loads");
        for (var i = 0; i < TieredRuleProgram.CompileAfter * 4; i++)
        {
            policy.EvaluateJson(Cases[i % Cases.Length]);
        }

        scheduler.Scheduled.Should().Be(0);
        program.TierUp.Should().BeNull();
    }

    /// <summary>A policy whose tier-up goes to a scheduler the test runs by hand.</summary>
    private static (RecoveryPolicy Policy, TieredRuleProgram Program, ManualTaskScheduler Scheduler) LoadWithScheduler(RuleExecution execution)
    {
        var loaded = Load(RuleExecution.Interpreted);
        var scheduler = new ManualTaskScheduler();
        var program = new TieredRuleProgram(loaded.Bound, execution, dynamicCodeSupported: true, scheduler);
        var options = new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution };
        return (new RecoveryPolicy(loaded.Bound, loaded.Identity, program, options), program, scheduler);
    }
}

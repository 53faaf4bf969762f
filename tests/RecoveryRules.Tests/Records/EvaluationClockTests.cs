using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary><see cref="EvaluationOptions.Now"/>: one evaluation's own clock, instead of the policy's <see cref="TimeProvider"/>.</summary>
public sealed class EvaluationClockTests
{
    private static readonly RecoveryPolicy Time = Load("time.policy.yaml");

    /// <summary>An hour before the policy's (fake) clock.</summary>
    private static readonly DateTimeOffset Earlier = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(2));

    private static string OccurredAt(string at) => $"{{\"id\": \"t\", \"severity\": \"minor\", \"channel\": \"email\", \"occurredAt\": \"{at}\"}}";

    [Fact]
    public void The_decision_is_made_at_the_given_moment_not_at_the_policy_clock()
    {
        var decision = Time.Decide(Case(), new EvaluationOptions { Now = Earlier });

        decision.EvaluatedAt.Should().Be(Earlier);
        decision.EvaluatedAt.Offset.Should().Be(TimeSpan.FromHours(2));
        decision.Raw("evaluatedAt").Should().Be("\"2026-11-22T10:00:00+02:00\"");
    }

    [Fact]
    public void Without_a_given_moment_the_policy_clock_decides()
    {
        Time.Decide(Case(), new EvaluationOptions { Explain = true }).EvaluatedAt.Should().Be(Now);
    }

    [Fact]
    public void OccurredAt_is_measured_against_the_given_moment()
    {
        var decision = Time.Decide(OccurredAt("2026-11-22T07:30:00+00:00"), new EvaluationOptions { Now = Earlier });

        decision.Compensation.Items.Single(i => i.Kind == "seconds-waited").Amount.Should().Be(1800m);
    }

    [Fact]
    public void OccurredAt_after_the_given_moment_is_in_the_future_even_when_the_policy_clock_is_later()
    {
        var json = OccurredAt("2026-11-22T09:00:00+00:00");
        Time.Decide(json).Compensation.Items.Should().ContainSingle(i => i.Amount == 3600m, "the policy's clock is an hour later");

        Time.TryReadCase(json, out var recoveryCase, out _).Should().BeTrue();
        Time.TryEvaluate(recoveryCase!, out _, out var error, new EvaluationOptions { Now = Earlier }).Should().BeFalse();

        error!.Id.Should().Be("RR0410");
        error.Field.Should().Be("occurredAt");
        error.Message.Should().Be("'occurredAt' is 2026-11-22T09:00:00+00:00, after the engine's clock (2026-11-22T10:00:00+02:00); a failure cannot have happened in the future");
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    [InlineData(RuleExecution.Tiered)]
    public void Every_execution_honours_the_given_moment(RuleExecution execution)
    {
        var policy = Yaml.PolicyYaml.Compile(ReadData("Evaluation", "time.policy.yaml"), "time.policy.yaml", null,
            new RecoveryPolicyOptions { TimeProvider = Clock(), Execution = execution }).GetPolicyOrThrow();
        var recoveryCase = policy.ReadCase(OccurredAt("2026-11-22T07:00:00+00:00"));

        for (var i = 0; i < 40; i++) // past the tiered program's tier-up
        {
            var decision = policy.Evaluate(recoveryCase, new EvaluationOptions { Now = Earlier.AddMinutes(i) });
            decision.EvaluatedAt.Should().Be(Earlier.AddMinutes(i));
            decision.Compensation.Items.Single().Amount.Should().Be(3600m + (i * 60));
        }
    }
}

using FluentAssertions;
using RecoveryRules;
using RecoveryRules.Testing;
using RecoveryRules.Yaml;
using Xunit;

namespace Retail.Tests;

public class RetailPolicyTests
{
    // Every scenario of the file is its own test case, named by the scenario.
    [Theory, PolicyScenarios("policies/retail.tests.yaml")]
    public void Retail(PolicyScenario scenario) => scenario.Verify();

    private static readonly RecoveryPolicy Policy = PolicyYaml.LoadFile(Path.Combine(AppContext.BaseDirectory, "policies", "retail.policy.yaml"));

    [Fact]
    public void A_vip_outage_is_refunded_and_escalated()
    {
        var decision = Policy.EvaluateJson(
            """{"severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold"}, "orderValue": 80, "failureType": "technical", "proactive": false}""",
            EvaluationOptions.WithExplanation).Decision!;

        decision.Should().Compensate(80).And.EscalateTo("duty-manager").Within(TimeSpan.FromHours(1));
        decision.Should().Fire("critical-high-value").And.NotFire("major-on-time");
    }

    [Fact]
    public void A_critical_failure_gets_the_credit_of_a_major_one()   // deliberately wrong: shows how a failure reads
    {
        var decision = Policy.EvaluateJson(
            """{"severity": "critical", "channel": "chat", "delay": "2h", "orderValue": 120, "failureType": "operation", "proactive": false}""",
            EvaluationOptions.WithExplanation).Decision!;

        decision.Should().Fire("major-on-time").And.NotEscalate();
    }
}

using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§3.5 and §9: escalation highest (target, reporting rule, shortest SLA) and first.</summary>
public sealed class EscalationTests
{
    private static readonly RecoveryPolicy Highest = Load("escalation-highest.policy.yaml");
    private static readonly RecoveryPolicy First = Load("escalation-first.policy.yaml");

    private const string All = "\"slowSupervisor\": true, \"dutyWithoutSla\": true, \"dutyFast\": true, \"teamLeadFastest\": true, \"noting\": true";

    [Fact]
    public void Highest_escalation_wins_with_shortest_sla()
    {
        var decision = Highest.Decide(Case(All));

        decision.Escalation.Should().Be(new EscalationDecision("duty-manager", TimeSpan.FromMinutes(30), "duty-without-sla"));
        decision.Raw("escalation").Should().Be("{\"to\":\"duty-manager\",\"within\":\"PT30M\",\"rule\":\"duty-without-sla\"}");
    }

    [Fact]
    public void Highest_reports_the_first_rule_in_consideration_order_that_names_the_highest_target()
    {
        Highest.Decide(Case("\"dutyFast\": true, \"dutyWithoutSla\": true")).Escalation
            .Should().Be(new EscalationDecision("duty-manager", TimeSpan.FromHours(2), "duty-without-sla"));
    }

    [Fact]
    public void Highest_within_is_null_when_no_escalating_rule_gives_one()
    {
        var decision = Highest.Decide(Case("\"dutyWithoutSla\": true, \"noting\": true"));

        decision.Escalation.Should().Be(new EscalationDecision("duty-manager", null, "duty-without-sla"));
        decision.Raw("escalation", "within").Should().Be("null");
    }

    [Fact]
    public void Highest_within_comes_from_escalating_rules_only()
    {
        Highest.Decide(Case("\"slowSupervisor\": true, \"noting\": true")).Escalation
            .Should().Be(new EscalationDecision("supervisor", TimeSpan.FromHours(8), "supervisor-slow"));
    }

    [Fact]
    public void First_escalation_is_the_first_escalating_rule_with_its_own_sla()
    {
        First.Decide(Case(All)).Escalation
            .Should().Be(new EscalationDecision("team-lead", TimeSpan.FromMinutes(30), "team-lead-fastest"));
    }

    [Fact]
    public void First_escalation_does_not_borrow_a_shorter_sla_from_later_rules()
    {
        First.Decide(Case("\"noting\": true, \"dutyWithoutSla\": true, \"dutyFast\": true")).Escalation
            .Should().Be(new EscalationDecision("duty-manager", null, "duty-without-sla"));
    }

    [Theory]
    [InlineData("escalation-first.policy.yaml")]
    [InlineData("escalation-highest.policy.yaml")]
    public void Escalation_is_null_when_no_matching_rule_escalates(string file)
    {
        var decision = Load(file).Decide(Case("\"noting\": true"));

        decision.Escalation.Should().BeNull();
        decision.Raw("escalation").Should().Be("null");
    }
}

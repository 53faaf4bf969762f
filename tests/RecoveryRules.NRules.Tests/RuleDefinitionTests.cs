using Microsoft.Extensions.Time.Testing;
using NRules;
using NRules.RuleModel;
using RecoveryRules.NRules.Tests.Support;

namespace RecoveryRules.NRules.Tests;

/// <summary>The one rule: its name, properties and options (docs/nrules.md, "Auditing" and "Options").</summary>
public sealed class RuleDefinitionTests
{
    [Fact]
    public void The_rule_is_named_after_the_policy_and_carries_its_hash()
    {
        IRuleDefinition rule = Crm.Policy.ToNRulesRule(Crm.Map);

        rule.Name.Should().Be("recoveryrules:retail-recovery@2026.12");
        rule.Tags.Should().Equal("recoveryrules");
        rule.Properties[RecoveryRuleProperties.PolicyId].Should().Be("retail-recovery");
        rule.Properties[RecoveryRuleProperties.PolicyVersion].Should().Be("2026.12");
        rule.Properties[RecoveryRuleProperties.PolicyHash].Should().Be(Crm.Policy.Identity.Hash);
        rule.Description.Should().Be("Recovery policy for online retail orders.");
    }

    [Fact]
    public void The_rule_set_holds_the_one_rule_under_its_name()
    {
        IRuleSet set = Crm.Policy.ToNRulesRuleSet(Crm.Map);

        set.Name.Should().Be("recoveryrules:retail-recovery@2026.12");
        set.Rules.Should().ContainSingle().Which.Name.Should().Be(set.Name);
    }

    [Fact]
    public void The_agenda_and_events_name_the_policy_rule_and_its_hash()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        var fired = new List<(string Name, object Hash)>();
        session.Events.RuleFiredEvent += (_, e) =>
        {
            if (e.Rule.Properties.TryGetProperty(RecoveryRuleProperties.PolicyHash, out RuleProperty hash))
            {
                fired.Add((e.Rule.Name, hash.Value));
            }
        };
        session.Insert(Crm.Complaint("c-1"));
        session.Agenda.Peek().Rule.Name.Should().Be("recoveryrules:retail-recovery@2026.12");

        session.Fire(TestContext.Current.CancellationToken);

        fired.Should().Equal(("recoveryrules:retail-recovery@2026.12", (object)Crm.Policy.Identity.Hash));
    }

    [Fact]
    public void A_rule_name_and_priority_can_be_given()
    {
        IRuleDefinition rule = Crm.Policy.ToNRulesRule(Crm.Map, new RecoveryRuleOptions { RuleName = "retail-for-complaints", Priority = 10 });

        rule.Name.Should().Be("retail-for-complaints");
        rule.Priority.Should().Be(10);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_rule_name_is_refused(string name)
    {
        Action build = () => Crm.Policy.ToNRulesRule(Crm.Map, new RecoveryRuleOptions { RuleName = name });

        build.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage("The rule name is empty*");
    }

    [Fact]
    public void A_map_that_does_not_fit_the_policy_is_refused_with_the_binding_diagnostics()
    {
        var map = CaseMap<Complaint>.Create(m => m.Severity(c => c.Severity).Fact("orderTotal", c => c.OrderValue));

        Action build = () => Crm.Policy.ToNRulesRule(map);

        build.Should().Throw<PolicyCompilationException>()
            .Which.Diagnostics.Select(d => d.Id).Should().Contain("RR0601");
    }

    [Fact]
    public void Explanations_and_the_clock_come_from_the_options()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
        ISession session = Crm.Compile(Crm.Policy.ToNRulesRule(Crm.Map, new RecoveryRuleOptions { Explain = true, TimeProvider = clock })).CreateSession();
        Complaint complaint = Crm.Complaint("c-1");
        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(5));
        complaint.OrderValue = 90m;
        session.Update(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        Decision decision = session.Query<RecoveryOutcome<Complaint>>().Single().Decision!;
        decision.EvaluatedAt.Should().Be(new DateTimeOffset(2026, 11, 20, 9, 35, 0, TimeSpan.Zero));
        decision.Explanation!.Rules.Should().Contain(r => r.Rule == "critical-high-value");
    }

    [Fact]
    public void Without_options_a_decision_has_no_explanation()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        session.Insert(Crm.Complaint("c-1"));
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<RecoveryOutcome<Complaint>>().Single().Decision!.Explanation.Should().BeNull();
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        FluentActions.Invoking(() => ((RecoveryPolicy)null!).ToNRulesRule(Crm.Map)).Should().Throw<ArgumentNullException>().WithParameterName("policy");
        FluentActions.Invoking(() => Crm.Policy.ToNRulesRule((CaseMap<Complaint>)null!)).Should().Throw<ArgumentNullException>().WithParameterName("map");
        FluentActions.Invoking(() => Crm.Policy.ToNRulesRule(Crm.Map, null!)).Should().Throw<ArgumentNullException>().WithParameterName("options");
        FluentActions.Invoking(() => Crm.Policy.ToNRulesRule(Crm.MapWithHistory, (System.Linq.Expressions.Expression<Func<Complaint, FailureHistory, bool>>)null!)).Should().Throw<ArgumentNullException>().WithParameterName("join");
    }
}

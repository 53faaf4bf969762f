using NRules;
using RecoveryRules.NRules.Tests.Support;

namespace RecoveryRules.NRules.Tests;

/// <summary>The outcome follows its fact: inserted, updated and retracted with it (docs/nrules.md, "Truth maintenance").</summary>
public sealed class TruthMaintenanceTests
{
    [Fact]
    public void Inserting_a_fact_and_firing_inserts_its_outcome_with_the_policy_decision()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        Complaint complaint = Crm.Complaint("c-1042");

        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        RecoveryOutcome<Complaint> outcome = session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Subject;
        outcome.Fact.Should().BeSameAs(complaint);
        outcome.IsDecision.Should().BeTrue();
        outcome.Decision!.Should().Be(Crm.Policy.Evaluate(Crm.Map.Bind(Crm.Policy).CreateCase(complaint)) with { EvaluatedAt = outcome.Decision.EvaluatedAt });
        outcome.Decision.Compensation.Total.Should().Be(80.00m);
        outcome.Decision.Escalation!.To.Should().Be("duty-manager");
        outcome.Decision.Fired.Should().Equal("critical-high-value");
        outcome.Policy.Should().Be(Crm.Policy.Identity);
    }

    [Fact]
    public void Updating_the_fact_updates_its_outcome_in_place_of_the_old_one()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        Complaint complaint = Crm.Complaint("c-1", severity: "critical");
        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        complaint.Severity = "minor";
        session.Update(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        RecoveryOutcome<Complaint> outcome = session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Subject;
        outcome.Decision!.Fired.Should().BeEmpty();
        outcome.Decision.Escalation!.To.Should().Be("team-lead", "no rule matches a minor complaint: the policy's otherwise");
        outcome.Decision.Compensation.Total.Should().Be(0m);
    }

    [Fact]
    public void Retracting_the_fact_retracts_its_outcome_and_the_reactions_to_it()
    {
        ISession session = Crm.WithHistory.Value.CreateSession();
        Complaint[] complaints = [Crm.Complaint("c-1"), Crm.Complaint("c-2"), Crm.Complaint("c-3")];
        session.InsertAll(complaints);
        session.Fire(TestContext.Current.CancellationToken);
        session.Query<RetentionTask>().Should().HaveCount(3, "three failures this month: every one goes to retention");

        session.Retract(complaints[2]);
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<RecoveryOutcome<Complaint>>().Select(o => o.Fact.Id).Should().BeEquivalentTo(["c-1", "c-2"]);
        session.Query<RecoveryOutcome<Complaint>>().Should().OnlyContain(o => o.Decision!.Escalation!.To == "duty-manager");
        session.Query<RetentionTask>().Should().BeEmpty("two failures this month: retention's task is withdrawn");
    }

    [Fact]
    public void Each_fact_has_its_own_outcome()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        session.InsertAll([Crm.Complaint("c-1", orderValue: 10m), Crm.Complaint("c-2", orderValue: 20m), Crm.Complaint("c-3", severity: "minor")]);
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<RecoveryOutcome<Complaint>>()
            .ToDictionary(o => o.Fact.Id, o => o.Decision!.Compensation.Total)
            .Should().Equal(new Dictionary<string, decimal> { ["c-1"] = 10m, ["c-2"] = 20m, ["c-3"] = 0m });
    }

    [Fact]
    public void A_derived_fact_the_host_updates_reaches_the_policy_as_a_fact()
    {
        ISession session = Crm.WithHistory.Value.CreateSession();
        session.Insert(Crm.Complaint("c-1"));
        session.Insert(Crm.Complaint("c-other-customer", customer: "cust-2"));
        session.Insert(Crm.Complaint("c-last-month", openedAt: new DateTimeOffset(2026, 10, 30, 9, 0, 0, TimeSpan.Zero)));
        session.Fire(TestContext.Current.CancellationToken);
        session.Query<RetentionTask>().Should().BeEmpty();

        session.InsertAll([Crm.Complaint("c-2"), Crm.Complaint("c-3")]);
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<RecoveryOutcome<Complaint>>()
            .Where(o => o.Decision!.Fired.Contains("repeat-failures"))
            .Select(o => o.Fact.Id).Should().BeEquivalentTo(["c-1", "c-2", "c-3"]);
        session.Query<RetentionTask>().Select(t => t.Complaint.Id).Should().BeEquivalentTo(["c-1", "c-2", "c-3"]);
    }

    [Fact]
    public void Without_its_derived_fact_a_fact_has_no_outcome()
    {
        // The policy rule over complaints and their history, without the CRM's rule that derives the history.
        ISession session = Crm.Compile(Crm.Policy.ToNRulesRule(Crm.MapWithHistory, (c, h) => h.Complaint == c)).CreateSession();
        Complaint complaint = Crm.Complaint("c-1");
        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);
        session.Query<RecoveryOutcome<Complaint>>().Should().BeEmpty();

        session.Insert(new FailureHistory(complaint, 4));
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle()
            .Which.Decision!.Escalation!.To.Should().Be("retention");
    }
}

using NRules;
using RecoveryRules.NRules.Tests.Support;

namespace RecoveryRules.NRules.Tests;

/// <summary>A fact the policy cannot evaluate has an outcome that carries the case error (docs/nrules.md, "Case errors").</summary>
public sealed class CaseErrorTests
{
    [Fact]
    public void A_misspelled_severity_gives_an_outcome_with_the_case_error_naming_the_field()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        session.Insert(Crm.Complaint("c-7", severity: "critcal"));
        session.Fire(TestContext.Current.CancellationToken);

        RecoveryOutcome<Complaint> outcome = session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Subject;
        outcome.IsDecision.Should().BeFalse();
        outcome.Decision.Should().BeNull();
        outcome.Error!.Field.Should().Be("severity");
        outcome.Error.CaseId.Should().Be("c-7");
        Crm.Map.Bind(Crm.Policy).TryEvaluate(outcome.Fact, out _, out CaseError? expected).Should().BeFalse();
        outcome.Error.Should().Be(expected);
        outcome.ToJson().Should().Be(expected!.ToJson());
    }

    [Fact]
    public void The_hosts_reaction_to_a_case_error_is_withdrawn_when_the_fact_is_corrected()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        Complaint complaint = Crm.Complaint("c-7", severity: "critcal");
        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);
        CorrectionTask task = session.Query<CorrectionTask>().Should().ContainSingle().Subject;
        task.Field.Should().Be("severity");

        complaint.Severity = "critical";
        session.Update(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        session.Query<CorrectionTask>().Should().BeEmpty();
        session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Which.Decision!.Compensation.Total.Should().Be(80.00m);
    }

    [Fact]
    public void A_fact_that_becomes_invalid_loses_its_decision_and_gets_the_error()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        Complaint complaint = Crm.Complaint("c-8");
        session.Insert(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        complaint.Channel = "fax";
        session.Update(complaint);
        session.Fire(TestContext.Current.CancellationToken);

        RecoveryOutcome<Complaint> outcome = session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Subject;
        outcome.Error!.Field.Should().Be("channel");
        session.Query<CorrectionTask>().Should().ContainSingle().Which.Field.Should().Be("channel");
    }

    [Fact]
    public void A_missing_required_fact_is_a_case_error_not_an_exception_from_fire()
    {
        ISession session = Crm.Plain.Value.CreateSession();
        Complaint complaint = Crm.Complaint("c-9");
        complaint.Severity = null;
        session.Insert(complaint);

        session.Invoking(s => s.Fire(TestContext.Current.CancellationToken)).Should().NotThrow();

        session.Query<RecoveryOutcome<Complaint>>().Should().ContainSingle().Which.Error!.Field.Should().Be("severity");
    }

    [Fact]
    public void A_mapping_that_throws_for_one_fact_is_that_facts_case_error_and_the_others_decide()
    {
        var map = CaseMap<Complaint>.Create(m => m
            .Id(c => c.Id)
            .Severity(c => c.Severity)
            .Channel(c => c.Channel)
            .Delay(c => c.Delay)
            .Customer(c => c.Tier, c => c.LifetimeValue)
            .Fact("orderValue", c => c.OrderValue!.Value / (c.Id == "c-broken" ? 0 : 1))
            .Fact("failureType", c => c.FailureType)
            .Fact("proactive", c => c.Proactive));
        ISession session = Crm.Compile(Crm.Policy.ToNRulesRule(map)).CreateSession();
        session.InsertAll([Crm.Complaint("c-broken"), Crm.Complaint("c-fine")]);

        session.Invoking(s => s.Fire(TestContext.Current.CancellationToken)).Should().NotThrow();

        var outcomes = session.Query<RecoveryOutcome<Complaint>>().AsEnumerable().ToDictionary(o => o.Fact.Id);
        outcomes["c-broken"].Error!.Id.Should().Be("RR0604");
        outcomes["c-broken"].Error!.Field.Should().Be("orderValue");
        outcomes["c-fine"].Decision!.Compensation.Total.Should().Be(80.00m);
    }
}

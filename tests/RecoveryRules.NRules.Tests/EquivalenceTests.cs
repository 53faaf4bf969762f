using CsCheck;
using Microsoft.Extensions.Time.Testing;
using NRules;
using RecoveryRules.NRules.Tests.Support;

namespace RecoveryRules.NRules.Tests;

/// <summary>
/// The decision inside NRules is the policy's decision: for thousands of generated complaints (valid and not),
/// the outcome in the session equals <c>policy.TryEvaluate</c> on the same case built fact by fact.
/// </summary>
public sealed class EquivalenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Outcomes_in_a_session_equal_the_policy_evaluation_of_the_same_cases()
    {
        var options = new RecoveryRuleOptions { TimeProvider = new FakeTimeProvider(Now) };
        ISessionFactory factory = Crm.Compile(Crm.Policy.ToNRulesRule(Crm.Map, options));
        int cases = 0;
        Complaints.One.Array[1, 40].Sample(complaints =>
        {
            ISession session = factory.CreateSession();
            session.InsertAll(complaints);
            session.Fire(TestContext.Current.CancellationToken);
            var outcomes = session.Query<RecoveryOutcome<Complaint>>().ToDictionary(o => o.Fact);
            outcomes.Should().HaveCount(complaints.Length);
            foreach (Complaint complaint in complaints)
            {
                ShouldMatch(outcomes[complaint], Complaints.Evaluate(Crm.Policy, complaint, null, new EvaluationOptions { Now = Now }));
            }
            Interlocked.Add(ref cases, complaints.Length);
        }, iter: 150, threads: 1);
        cases.Should().BeGreaterThan(1000);
    }

    [Fact]
    public void Outcomes_with_a_derived_fact_equal_the_policy_evaluation_with_the_count_as_a_fact()
    {
        var options = new RecoveryRuleOptions { TimeProvider = new FakeTimeProvider(Now), Explain = true };
        ISessionFactory factory = Crm.CompileWithHistory(Crm.Policy.ToNRulesRule(Crm.MapWithHistory, (c, h) => h.Complaint == c, options));
        Complaints.One.Array[1, 30].Sample(complaints =>
        {
            ISession session = factory.CreateSession();
            session.InsertAll(complaints);
            session.Fire(TestContext.Current.CancellationToken);
            var outcomes = session.Query<RecoveryOutcome<Complaint>>().ToDictionary(o => o.Fact);
            outcomes.Should().HaveCount(complaints.Length);
            foreach (Complaint complaint in complaints)
            {
                int sameMonth = complaints.Count(c => c.CustomerId == complaint.CustomerId && c.OpenedAt.Month == complaint.OpenedAt.Month);
                var expected = Complaints.Evaluate(Crm.Policy, complaint, sameMonth, new EvaluationOptions { Now = Now, Explain = true });
                ShouldMatch(outcomes[complaint], expected);
                outcomes[complaint].Decision?.Explanation.Should().NotBeNull();
            }
        }, iter: 60, threads: 1);
    }

    private static void ShouldMatch(RecoveryOutcome<Complaint> outcome, (Decision? Decision, CaseError? Error) expected)
    {
        if (expected.Decision is not null)
        {
            outcome.Decision.Should().Be(expected.Decision, "the complaint {0} is a valid case", outcome.Fact.Id);
        }
        else
        {
            outcome.Decision.Should().BeNull();
            outcome.Error.Should().Be(expected.Error, "the complaint {0} is not a valid case", outcome.Fact.Id);
        }
    }
}

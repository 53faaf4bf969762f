using NRules;
using RecoveryRules.NRules.Tests.Support;

namespace RecoveryRules.NRules.Tests;

/// <summary>One compiled policy and one rule definition serve many sessions on many threads (docs/nrules.md).</summary>
public sealed class SessionsAndThreadsTests
{
    [Fact]
    public async Task Many_sessions_on_many_threads_each_get_their_own_outcomes_from_one_policy()
    {
        ISessionFactory factory = Crm.WithHistory.Value;
        var bound = Crm.Map.Bind(Crm.Policy);
        CancellationToken cancellation = TestContext.Current.CancellationToken;

        Task[] workers = [.. Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (int round = 0; round < 25; round++)
            {
                ISession session = factory.CreateSession();
                int failures = 1 + ((worker + round) % 4);
                Complaint[] complaints = [.. Enumerable.Range(0, failures)
                    .Select(i => Crm.Complaint($"w{worker}-r{round}-{i}", orderValue: 10m + worker + i))];
                session.InsertAll(complaints);
                session.Fire(cancellation);

                var outcomes = session.Query<RecoveryOutcome<Complaint>>().ToList();
                outcomes.Select(o => o.Fact).Should().BeEquivalentTo(complaints, o => o.WithStrictOrdering().ComparingByMembers<Complaint>().Including(c => c.Id).WithoutStrictOrdering());
                foreach (RecoveryOutcome<Complaint> outcome in outcomes)
                {
                    decimal alone = bound.Evaluate(outcome.Fact).Compensation.Total;
                    outcome.Decision!.Compensation.Total.Should().Be(failures >= 3 ? Math.Min(alone + 20m, outcome.Fact.OrderValue!.Value) : alone);
                    outcome.Decision.Escalation!.To.Should().Be(failures >= 3 ? "retention" : "duty-manager");
                }
                session.Query<RetentionTask>().Should().HaveCount(failures >= 3 ? failures : 0);
            }
        }, cancellation))];

        await Task.WhenAll(workers);
    }
}

using Microsoft.Extensions.Hosting;
using RecoveryRules.Hosting.Tests.Support;

namespace RecoveryRules.Hosting.Tests.Registration;

public sealed class AllocationTests
{
    [Fact]
    public async Task The_engine_allocates_nothing_beyond_the_mapping_itself_when_no_shadow_is_configured()
    {
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .AddPolicyText("outlet", PolicyDirectory.Data("outlet.policy.yaml"))
            .MapTickets());
        IRecoveryEngine engine = host.Engine();
        CaseMapping<Ticket> mapping = CaseMap<Ticket>.Create(map => map
            .Id(t => t.Id).Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Customer(t => t.Tier, t => t.LifetimeValue).Fact("orderValue", t => t.OrderTotal)).Bind(engine.GetPolicy("retail"));
        Ticket ticket = Ticket.Critical();

        // warm both up first: rules and mappings may start interpreted and switch to compiled code after some calls
        for (var i = 0; i < 5_000; i++)
        {
            mapping.Evaluate(ticket);
            engine.Evaluate(ticket, "retail");
        }

        // a listener attached by a test running beside this one may allocate for a while: the least of a few tries counts
        long bare = Least(() => mapping.Evaluate(ticket));
        long throughEngine = Least(() => engine.Evaluate(ticket, "retail"));

        throughEngine.Should().Be(bare);
    }

    private static long Least(Func<Decision> evaluate)
    {
        long least = long.MaxValue;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            evaluate();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                evaluate();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}

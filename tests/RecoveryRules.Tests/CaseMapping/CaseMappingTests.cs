using RecoveryRules.Tests.Fuzzing;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>A typed case mapping decides as the same ticket written as case JSON.</summary>
public sealed class CaseMappingTests
{
    private static readonly Ticket Critical = new()
    {
        Number = "c-1042",
        Priority = Priority.Critical,
        Source = "phone",
        Waiting = TimeSpan.FromHours(3),
        Account = new Account("gold", 12000m),
        Order = new Order(80m),
        Failure = FailureKind.TECHNICAL,
        Proactive = false,
    };

    [Fact]
    public void A_mapped_ticket_decides_as_its_case_json()
    {
        foreach (var policy in CaseFuzzing.Policy("retail"))
        {
            var mapping = Tickets.Map(segment: false).Bind(policy);

            var decision = mapping.Evaluate(Critical);

            decision.ToJson().Should().Be(policy.EvaluateJson(Tickets.Json(Critical, segment: false)).ToJson());
            decision.Fired.Should().Equal("critical-high-value");
            decision.CaseId.Should().Be("c-1042");
        }
    }
}

using System.Globalization;

namespace RecoveryRules.Hosting.Tests.Support;

/// <summary>A CRM's own ticket type, mapped to cases with <c>MapCase&lt;Ticket&gt;</c>.</summary>
public sealed record Ticket(string Id, string Priority, string Source, TimeSpan Waiting, string Tier, decimal LifetimeValue, decimal OrderTotal)
{
    public static Ticket Critical(string id = "t-1") => new(id, "critical", "phone", TimeSpan.FromHours(3), "gold", 12_000m, 80m);

    /// <summary>The same case as JSON.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $$"""{"id":"{{Id}}","severity":"{{Priority}}","channel":"{{Source}}","delay":"{{(int)Waiting.TotalHours}}h","customer":{"tier":"{{Tier}}","value":{{LifetimeValue}}},"orderValue":{{OrderTotal}}}""");
}

internal static class TicketMap
{
    public static RecoveryRulesBuilder MapTickets(this RecoveryRulesBuilder rules) =>
        rules.MapCase<Ticket>(map => map
            .Id(t => t.Id)
            .Severity(t => t.Priority)
            .Channel(t => t.Source)
            .Delay(t => t.Waiting)
            .Customer(t => t.Tier, t => t.LifetimeValue)
            .Fact("orderValue", t => t.OrderTotal));
}

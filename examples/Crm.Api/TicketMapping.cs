using RecoveryRules;

namespace Crm.Api;

/// <summary>
/// How a <see cref="Ticket"/> becomes a recovery case: mapped once at start-up, validated against every
/// policy (and again on every reload), then compiled to direct writes into the case (docs/embedding.md).
/// </summary>
public static class TicketMapping
{
    /// <summary>The mapping given to <c>MapCase&lt;Ticket&gt;</c>.</summary>
    /// <param name="map">The builder.</param>
    public static void Map(CaseMapBuilder<Ticket> map) => map
        .Id(t => t.Id)
        .Severity(t => SeverityOf(t.Priority))
        .Channel(t => t.Source)
        .OccurredAt(t => t.OpenedAt)
        .Customer(t => t.Account.Tier, t => t.Account.LifetimeValue)
        .Fact("orderValue", t => t.Order.Total)
        .Fact("failureType", t => t.Category)
        .Fact("proactive", t => t.RaisedByUs)
        .Fact("repeatFailures", t => t.PreviousFailures);

    /// <summary>The CRM's priority in the policies' words (their <c>severity</c> scale).</summary>
    /// <param name="priority">The ticket's priority.</param>
    /// <returns>A member of the severity scale.</returns>
    public static string SeverityOf(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => "critical",
        TicketPriority.High => "major",
        TicketPriority.Normal => "moderate",
        _ => "minor",
    };

    /// <summary>
    /// The ticket's JSON field that a case field comes from, so that a case error names the field the
    /// caller sent (<c>account.tier</c>), not only the policy's (<c>customer.tier</c>).
    /// </summary>
    /// <param name="caseField">A case error's field.</param>
    /// <returns>The ticket's field, or null for a field the mapping does not write.</returns>
    public static string? TicketFieldOf(string? caseField) => caseField switch
    {
        "id" => "id",
        "severity" => "priority",
        "channel" => "source",
        "delay" or "occurredAt" => "openedAt",
        "customer.tier" => "account.tier",
        "customer.value" => "account.lifetimeValue",
        "orderValue" => "order.total",
        "failureType" => "category",
        "proactive" => "raisedByUs",
        "repeatFailures" => "previousFailures",
        _ => null,
    };
}

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
    public static bool TryEvaluate(RecoveryPolicy policy, Ticket t, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Decision? decision, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out CaseError? error)
    {
        // TEMPORARY until the core's CaseMap lands.
        var builder = policy.CreateCase(t.Id)
            .With("severity", SeverityOf(t.Priority))
            .With("channel", t.Source.ToString().ToLowerInvariant())
            .OccurredAt(t.OpenedAt)
            .With("customer.tier", t.Account.Tier)
            .With("customer.value", t.Account.LifetimeValue)
            .With("orderValue", t.Order.Total)
            .With("failureType", t.Category.ToString().ToLowerInvariant())
            .With("proactive", t.RaisedByUs);
        if (t.PreviousFailures is { } previous) builder.With("repeatFailures", (decimal)previous);
        if (!builder.TryBuild(out var recoveryCase, out error)) { decision = null; return false; }
        return policy.TryEvaluate(recoveryCase, out decision, out error);
    }

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

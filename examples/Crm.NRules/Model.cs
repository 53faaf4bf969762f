namespace Crm.NRules;

/// <summary>A complaint as the CRM keeps it: mutable; the CRM tells the session with <c>session.Update</c>.</summary>
public sealed class Complaint
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Severity { get; set; }
    public required string Channel { get; init; }
    public TimeSpan Delay { get; set; }
    public required string Tier { get; init; }
    public decimal LifetimeValue { get; init; }
    public decimal OrderValue { get; init; }
    public required string FailureType { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
}

/// <summary>What the CRM derives for a complaint in the session: its customer's failures this month.</summary>
public sealed record FailureHistory(Complaint Complaint, int FailuresThisMonth);

/// <summary>The CRM's reaction to a retention escalation.</summary>
public sealed record RetentionTask(string CustomerId, string ComplaintId, TimeSpan? Within);

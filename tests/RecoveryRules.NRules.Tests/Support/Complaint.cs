namespace RecoveryRules.NRules.Tests.Support;

/// <summary>A CRM's complaint, as the CRM keeps it: mutable, updated in the session with <c>session.Update</c>.</summary>
public sealed class Complaint
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public string? Severity { get; set; }

    public string? Channel { get; set; }

    public TimeSpan Delay { get; set; }

    public string? Tier { get; set; }

    public decimal LifetimeValue { get; set; }

    public decimal? OrderValue { get; set; }

    public string? FailureType { get; set; }

    public bool Proactive { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public override string ToString() => Id;
}

/// <summary>What the CRM's own rule derives for a complaint: the customer's complaints in its month.</summary>
public sealed record FailureHistory(Complaint Complaint, int FailuresThisMonth);

/// <summary>The CRM's reaction to an outcome escalated to retention.</summary>
public sealed record RetentionTask(Complaint Complaint);

/// <summary>The CRM's reaction to an outcome that is a case error: a person must correct the complaint.</summary>
public sealed record CorrectionTask(Complaint Complaint, string Field, string ErrorId);

using NRules.Fluent.Dsl;

namespace RecoveryRules.NRules.Tests.Support;

/// <summary>The CRM's own rule: for each complaint, the customer's complaints opened in the same month.</summary>
public sealed class CountFailuresThisMonth : Rule
{
    public override void Define()
    {
        Complaint complaint = null!;
        IEnumerable<Complaint> sameMonth = null!;

        When()
            .Match(() => complaint)
            .Query(() => sameMonth, q => q
                .Match<Complaint>(c => c.CustomerId == complaint.CustomerId
                    && c.OpenedAt.Year == complaint.OpenedAt.Year && c.OpenedAt.Month == complaint.OpenedAt.Month)
                .Collect());
        Then()
            .Yield(_ => new FailureHistory(complaint, sameMonth.Count()));
    }
}

/// <summary>The CRM's own rule: an outcome escalated to retention opens a retention task.</summary>
public sealed class OpenRetentionTask : Rule
{
    public override void Define()
    {
        RecoveryOutcome<Complaint> outcome = null!;

        When()
            .Match(() => outcome, o => o.Decision != null && o.Decision.Escalation != null && o.Decision.Escalation.To == "retention");
        Then()
            .Yield(_ => new RetentionTask(outcome.Fact));
    }
}

/// <summary>The CRM's own rule: a complaint the policy cannot evaluate goes to a person to correct.</summary>
public sealed class OpenCorrectionTask : Rule
{
    public override void Define()
    {
        RecoveryOutcome<Complaint> outcome = null!;

        When()
            .Match(() => outcome, o => o.Error != null);
        Then()
            .Yield(_ => new CorrectionTask(outcome.Fact, outcome.Error!.Field ?? "", outcome.Error.Id));
    }
}

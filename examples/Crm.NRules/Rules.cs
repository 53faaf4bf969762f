using NRules.Fluent.Dsl;
using RecoveryRules.NRules;

namespace Crm.NRules;

/// <summary>The CRM's first rule: for each complaint, how many complaints its customer made in the same month.</summary>
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

/// <summary>The CRM's second rule: when the policy escalates to retention, a retention task is opened.</summary>
public sealed class OpenRetentionTask : Rule
{
    public override void Define()
    {
        RecoveryOutcome<Complaint> outcome = null!;

        When()
            .Match(() => outcome, o => o.Decision != null && o.Decision.Escalation != null && o.Decision.Escalation.To == "retention");
        Then()
            .Yield(_ => new RetentionTask(outcome.Fact.CustomerId, outcome.Fact.Id, outcome.Decision!.Escalation!.Within));
    }
}

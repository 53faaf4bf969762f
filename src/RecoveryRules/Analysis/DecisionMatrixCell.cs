using System.Collections.Immutable;

namespace RecoveryRules.Analysis;

/// <summary>How much of a decision-matrix cell the rules decide (docs/design.md, "The decision matrix").</summary>
public enum CellCoverage
{
    /// <summary>Every case of the cell matches at least one rule.</summary>
    Covered,

    /// <summary>Some cases of the cell match a rule, others match none and fall to <c>otherwise</c> (or get nothing).</summary>
    Partial,

    /// <summary>No case of the cell matches a rule: all fall to <c>otherwise</c> (or get nothing).</summary>
    Uncovered,
}

/// <summary>An escalation target that some case of a decision-matrix cell gets.</summary>
/// <param name="Target">The member of the policy's escalation scale.</param>
/// <param name="Level">Its position on the escalation scale, 0 for the lowest.</param>
/// <param name="ShortestWithin">The shortest SLA a case of the cell escalated to this target gets; <c>null</c> when none of them gets one.</param>
public sealed record EscalationReach(string Target, int Level, TimeSpan? ShortestWithin);

/// <summary>
/// The compensation totals the cases of a decision-matrix cell get, in one currency: every total
/// lies between <see cref="Minimum"/> and <see cref="Maximum"/> (their infimum and supremum when
/// the amounts are computed exactly; docs/design.md, "The decision matrix").
/// </summary>
/// <param name="Currency">The policy's currency (ISO 4217).</param>
/// <param name="Minimum">The smallest total (0 when some case gets no compensation).</param>
/// <param name="Maximum">The largest total; <c>null</c> when a total grows without bound with a fact or the delay and no cap limits it.</param>
public sealed record CompensationRange(string Currency, decimal Minimum, decimal? Maximum)
{
    /// <summary>Whether some total grows without bound (<see cref="Maximum"/> is <c>null</c>).</summary>
    public bool IsUnbounded => Maximum is null;

    /// <summary>Whether no case of the cell gets any money (every total is 0).</summary>
    public bool IsNone => Minimum == 0 && Maximum == 0;
}

/// <summary>
/// One cell of a <see cref="DecisionMatrix"/>: every case with this severity, customer tier and
/// channel, whatever its other facts; what those cases are decided, and by which rules.
/// </summary>
public sealed class DecisionMatrixCell
{
    internal DecisionMatrixCell(
        string severity,
        string tier,
        string channel,
        ImmutableArray<EscalationReach> escalations,
        bool mayNotEscalate,
        CompensationRange compensation,
        ImmutableArray<string> compensationKinds,
        ImmutableArray<string> rules,
        CellCoverage coverage,
        bool isExact)
    {
        Severity = severity;
        Tier = tier;
        Channel = channel;
        Escalations = escalations;
        MayNotEscalate = mayNotEscalate;
        Compensation = compensation;
        CompensationKinds = compensationKinds;
        Rules = rules;
        Coverage = coverage;
        IsExact = isExact;
    }

    /// <summary>The member of the severity scale.</summary>
    public string Severity { get; }

    /// <summary>The member of the tier scale (<c>customer.tier</c>).</summary>
    public string Tier { get; }

    /// <summary>The channel.</summary>
    public string Channel { get; }

    /// <summary>The escalation targets cases of the cell get, highest on the escalation scale first; empty when none escalates.</summary>
    public ImmutableArray<EscalationReach> Escalations { get; }

    /// <summary>The highest target cases of the cell get, or <c>null</c> when none escalates.</summary>
    public EscalationReach? HighestEscalation => Escalations.IsEmpty ? null : Escalations[0];

    /// <summary>Whether some case of the cell gets no escalation at all.</summary>
    public bool MayNotEscalate { get; }

    /// <summary>The range of the compensation totals.</summary>
    public CompensationRange Compensation { get; }

    /// <summary>The kinds of the compensation items cases of the cell may get (<c>refund</c>, <c>apology</c>), in first-seen order.</summary>
    public ImmutableArray<string> CompensationKinds { get; }

    /// <summary>The rules that fire for some case of the cell, in file order; <c>otherwise</c> is not among them (see <see cref="Coverage"/>).</summary>
    public ImmutableArray<string> Rules { get; }

    /// <summary>Whether every case, some or none matches a rule; the others fall to <c>otherwise</c>.</summary>
    public CellCoverage Coverage { get; }

    /// <summary>
    /// Whether the analysis decided every rule's conditions for every case of the cell. When not
    /// (a condition compares two facts with each other, or a function of a fact), each undecided rule
    /// was taken both to match and not to: targets, rules and ranges may then include outcomes no
    /// real case gets, but never miss one.
    /// </summary>
    public bool IsExact { get; }
}

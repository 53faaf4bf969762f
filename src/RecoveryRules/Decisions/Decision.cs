using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>
/// What a policy decided for one case (docs/embedding.md §5). Equal decisions are equal in every
/// property, arrays compared element by element, <see cref="EvaluatedAt"/> and
/// <see cref="Explanation"/> included.
/// </summary>
public sealed record Decision
{
    /// <summary>The case id, or <c>null</c> when the case gave none.</summary>
    public string? CaseId { get; init; }

    /// <summary>The policy that decided.</summary>
    public required PolicyIdentity Policy { get; init; }

    /// <summary>What to give back.</summary>
    public required CompensationDecision Compensation { get; init; }

    /// <summary>Who takes over and how soon; <c>null</c> when no rule escalated.</summary>
    public EscalationDecision? Escalation { get; init; }

    /// <summary>What the person on the spot may do alone; <c>null</c> when no rule empowered.</summary>
    public EmpowermentDecision? Empowerment { get; init; }

    /// <summary>The notes of the rules that fired, in consideration order.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The ids of the rules that fired, in consideration order (<c>["otherwise"]</c> is never listed).</summary>
    public ImmutableArray<string> Fired { get; init; } = [];

    /// <summary>When the decision was made: the evaluation clock (<see cref="EvaluationOptions.Now"/>, or else the policy's <see cref="TimeProvider"/>). Part of equality: two evaluations of one case at different moments are different decisions (as instants: the offset does not count).</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The full account of why, when it was asked for (<see cref="EvaluationOptions.Explain"/>); otherwise <c>null</c>.</summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>The decision as one line of JSON, in the format of docs/embedding.md §5.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => DecisionJson.Serialize(this);

    /// <summary>Whether <paramref name="other"/> is the same decision: every property equal, the notes and fired rules element by element.</summary>
    /// <param name="other">The decision to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(Decision? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && string.Equals(CaseId, other.CaseId, StringComparison.Ordinal)
            && EvaluatedAt == other.EvaluatedAt
            && Policy == other.Policy
            && Compensation == other.Compensation
            && Escalation == other.Escalation
            && Empowerment == other.Empowerment
            && DecisionEquality.SequenceEqual(Notes, other.Notes)
            && DecisionEquality.SequenceEqual(Fired, other.Fired)
            && Explanation == other.Explanation);

    /// <summary>A hash code consistent with <see cref="Equals(Decision?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(CaseId, StringComparer.Ordinal);
        hash.Add(EvaluatedAt);
        hash.Add(Policy);
        hash.Add(Compensation);
        hash.Add(Escalation);
        hash.Add(Empowerment);
        DecisionEquality.AddSequence(ref hash, Notes);
        DecisionEquality.AddSequence(ref hash, Fired);
        hash.Add(Explanation);
        return hash.ToHashCode();
    }
}

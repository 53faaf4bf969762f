using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>What the person handling the case may do alone.</summary>
/// <param name="Role">The role on the role scale.</param>
/// <param name="Limit">The money limit; <c>null</c> when no rule gave one.</param>
/// <param name="Actions">The actions allowed, merged in first-seen order.</param>
/// <param name="Rules">The rules that empowered.</param>
public sealed record EmpowermentDecision(string Role, decimal? Limit, ImmutableArray<string> Actions, ImmutableArray<string> Rules)
{
    /// <summary>Whether <paramref name="other"/> is the same empowerment: every property equal, the actions and rules element by element.</summary>
    /// <param name="other">The empowerment to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(EmpowermentDecision? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && string.Equals(Role, other.Role, StringComparison.Ordinal)
            && Limit == other.Limit
            && DecisionEquality.SequenceEqual(Actions, other.Actions)
            && DecisionEquality.SequenceEqual(Rules, other.Rules));

    /// <summary>A hash code consistent with <see cref="Equals(EmpowermentDecision?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Role, StringComparer.Ordinal);
        hash.Add(Limit);
        DecisionEquality.AddSequence(ref hash, Actions);
        DecisionEquality.AddSequence(ref hash, Rules);
        return hash.ToHashCode();
    }
}

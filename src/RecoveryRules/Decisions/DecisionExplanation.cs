using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>Why a decision is what it is: every rule considered, matched or not, each condition's value, and which rule decided each part. Equal explanations are equal in every property, arrays compared element by element.</summary>
public sealed record DecisionExplanation
{
    /// <summary>The case's facts as the policy saw them (defaults applied, delay computed), by name.</summary>
    public required ImmutableArray<KeyValuePair<string, string>> Facts { get; init; }

    /// <summary>Every rule of the policy, in consideration order.</summary>
    public required ImmutableArray<RuleExplanation> Rules { get; init; }

    /// <summary>Whether <c>otherwise</c> decided, because no rule matched.</summary>
    public required bool OtherwiseApplied { get; init; }

    /// <summary>How compensation combined: sum, max or first.</summary>
    public required string CompensationMode { get; init; }

    /// <summary>How escalation combined: highest or first.</summary>
    public required string EscalationMode { get; init; }

    /// <summary>How empowerment combined: highest or first.</summary>
    public required string EmpowermentMode { get; init; }

    /// <summary>The rules whose compensation items were kept.</summary>
    public required ImmutableArray<string> CompensationRules { get; init; }

    /// <summary>The total before the cap, when a cap is set.</summary>
    public decimal? UncappedTotal { get; init; }

    /// <summary>The cap's value for this case, when a cap is set.</summary>
    public decimal? Cap { get; init; }

    /// <summary>Whether <paramref name="other"/> explains alike: every property equal, the facts, rules and compensation rules element by element.</summary>
    /// <param name="other">The explanation to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(DecisionExplanation? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && OtherwiseApplied == other.OtherwiseApplied
            && string.Equals(CompensationMode, other.CompensationMode, StringComparison.Ordinal)
            && string.Equals(EscalationMode, other.EscalationMode, StringComparison.Ordinal)
            && string.Equals(EmpowermentMode, other.EmpowermentMode, StringComparison.Ordinal)
            && UncappedTotal == other.UncappedTotal
            && Cap == other.Cap
            && DecisionEquality.SequenceEqual(CompensationRules, other.CompensationRules)
            && DecisionEquality.SequenceEqual(Facts, other.Facts)
            && DecisionEquality.SequenceEqual(Rules, other.Rules));

    /// <summary>A hash code consistent with <see cref="Equals(DecisionExplanation?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(OtherwiseApplied);
        hash.Add(CompensationMode, StringComparer.Ordinal);
        hash.Add(EscalationMode, StringComparer.Ordinal);
        hash.Add(EmpowermentMode, StringComparer.Ordinal);
        hash.Add(UncappedTotal);
        hash.Add(Cap);
        DecisionEquality.AddSequence(ref hash, CompensationRules);
        DecisionEquality.AddSequence(ref hash, Facts);
        DecisionEquality.AddSequence(ref hash, Rules);
        return hash.ToHashCode();
    }
}

using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>The compensation part of a decision.</summary>
/// <param name="Total">The sum of the kept items' amounts, limited by the cap; rounded to the currency's minor unit.</param>
/// <param name="Currency">The policy's currency.</param>
/// <param name="Capped">Whether the cap limited the total.</param>
/// <param name="Items">The kept items, each with its own (uncapped) amount.</param>
public sealed record CompensationDecision(decimal Total, string Currency, bool Capped, ImmutableArray<CompensationItem> Items)
{
    /// <summary>Whether <paramref name="other"/> is the same compensation: every property equal, the items element by element.</summary>
    /// <param name="other">The compensation to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(CompensationDecision? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Total == other.Total
            && string.Equals(Currency, other.Currency, StringComparison.Ordinal)
            && Capped == other.Capped
            && DecisionEquality.SequenceEqual(Items, other.Items));

    /// <summary>A hash code consistent with <see cref="Equals(CompensationDecision?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Total);
        hash.Add(Currency, StringComparer.Ordinal);
        hash.Add(Capped);
        DecisionEquality.AddSequence(ref hash, Items);
        return hash.ToHashCode();
    }
}

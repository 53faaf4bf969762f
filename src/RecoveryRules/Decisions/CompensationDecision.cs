using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>The compensation part of a decision.</summary>
/// <param name="Total">The sum of the kept items' amounts, limited by the cap; rounded to the currency's minor unit.</param>
/// <param name="Currency">The policy's currency.</param>
/// <param name="Capped">Whether the cap limited the total.</param>
/// <param name="Items">The kept items, each with its own (uncapped) amount.</param>
public sealed record CompensationDecision(decimal Total, string Currency, bool Capped, ImmutableArray<CompensationItem> Items);

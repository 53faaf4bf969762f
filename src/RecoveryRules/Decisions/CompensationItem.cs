namespace RecoveryRules;

/// <summary>One thing given back.</summary>
/// <param name="Kind">refund, credit, voucher, apology, …</param>
/// <param name="Amount">The amount, rounded to the minor unit; <c>null</c> for an item without one (an apology).</param>
/// <param name="Rule">The rule that gave it (or <c>otherwise</c>).</param>
/// <param name="Note">The item's own note, if any.</param>
public sealed record CompensationItem(string Kind, decimal? Amount, string Rule, string? Note);

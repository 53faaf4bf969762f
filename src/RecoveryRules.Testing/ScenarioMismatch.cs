namespace RecoveryRules.Testing;

/// <summary>One part of a decision that differs from what a scenario expects.</summary>
/// <param name="Field">The part: <c>compensation.total</c>, <c>escalation.to</c>, <c>empowerment.actions</c>, <c>fired</c>, <c>error</c>….</param>
/// <param name="Expected">What the scenario expects, as printed (<c>80.00 USD</c>, <c>1h</c>, <c>[refund, replace]</c>, <c>none</c>).</param>
/// <param name="Actual">What the policy decided, printed the same way.</param>
/// <param name="Why">Why, for <c>fired</c>: one line per rule that was expected to fire and did not, or fired unexpectedly (lines separated by a line feed); otherwise <c>null</c>.</param>
public sealed record ScenarioMismatch(string Field, string Expected, string Actual, string? Why)
{
    /// <summary>The mismatch as printed: <c>field: expected X, got Y</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Field}: expected {Expected}, got {Actual}";
}

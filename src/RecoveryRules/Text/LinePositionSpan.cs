namespace RecoveryRules.Text;

/// <summary>A range of zero-based line positions, end exclusive.</summary>
/// <param name="Start">Where the range starts.</param>
/// <param name="End">Where the range ends (exclusive).</param>
public readonly record struct LinePositionSpan(LinePosition Start, LinePosition End);

namespace RecoveryRules.Cli.Batch;

/// <summary>What a batch did: how many cases it read and how many of them were case errors.</summary>
/// <param name="Cases">The cases read (blank lines are not cases).</param>
/// <param name="Errors">The cases that gave an error instead of a decision.</param>
internal readonly record struct BatchSummary(long Cases, long Errors)
{
    public static BatchSummary operator +(BatchSummary left, BatchSummary right) =>
        new(left.Cases + right.Cases, left.Errors + right.Errors);

    public static BatchSummary Add(BatchSummary left, BatchSummary right) => left + right;
}

namespace RecoveryRules.Benchmarks;

/// <summary>The <c>region</c> fact of the generated policy (<see cref="LargePolicyGenerator"/>).</summary>
public enum Region
{
    North,
    South,
    East,
    West,
}

/// <summary>A case of the generated policy (<see cref="LargePolicyGenerator"/>) as a plain typed C# object: what every implementation but the engine takes.</summary>
public sealed record LargeCase(
    string? Id,
    Severity Severity,
    Channel Channel,
    TimeSpan Delay,
    Tier Tier,
    decimal CustomerValue,
    decimal OrderValue,
    decimal RepeatFailures,
    FailureType FailureType,
    bool Proactive,
    Region Region,
    decimal ItemCount);

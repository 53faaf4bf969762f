namespace RecoveryRules;

/// <summary>What happened to a rule.</summary>
public enum RuleOutcome
{
    /// <summary>Every condition held: the rule fired.</summary>
    Matched,

    /// <summary>A condition did not hold.</summary>
    NotMatched,

    /// <summary>An earlier rule matched with <c>stop: true</c>.</summary>
    NotConsidered,
}

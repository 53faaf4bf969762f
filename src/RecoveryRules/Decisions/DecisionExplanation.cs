using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>Why a decision is what it is: every rule considered, matched or not, each condition's value, and which rule decided each part.</summary>
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
}

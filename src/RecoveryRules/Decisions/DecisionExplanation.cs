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

/// <summary>What happened to one rule.</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Outcome">Matched, not matched, or not considered (an earlier rule stopped).</param>
/// <param name="Conditions">Each condition with its value (<c>null</c>: not evaluated, an earlier one was false).</param>
/// <param name="Stopped">Whether the rule matched and stopped the consideration of later rules.</param>
public sealed record RuleExplanation(string Rule, decimal Priority, RuleOutcome Outcome, ImmutableArray<ConditionExplanation> Conditions, bool Stopped);

/// <summary>One condition of a rule's <c>when</c>.</summary>
/// <param name="Condition">The condition as written.</param>
/// <param name="Value"><c>true</c> or <c>false</c>; <c>null</c> when it was not evaluated.</param>
public sealed record ConditionExplanation(string Condition, bool? Value);

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

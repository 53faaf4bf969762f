using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>What happened to one rule.</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Outcome">Matched, not matched, or not considered (an earlier rule stopped).</param>
/// <param name="Conditions">Each condition with its value (<c>null</c>: not evaluated, an earlier one was false).</param>
/// <param name="Stopped">Whether the rule matched and stopped the consideration of later rules.</param>
public sealed record RuleExplanation(string Rule, decimal Priority, RuleOutcome Outcome, ImmutableArray<ConditionExplanation> Conditions, bool Stopped);

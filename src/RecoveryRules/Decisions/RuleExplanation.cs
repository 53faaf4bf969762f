using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>What happened to one rule.</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Outcome">Matched, not matched, or not considered (an earlier rule stopped).</param>
/// <param name="Conditions">Each condition with its value (<c>null</c>: not evaluated, an earlier one was false).</param>
/// <param name="Stopped">Whether the rule matched and stopped the consideration of later rules.</param>
public sealed record RuleExplanation(string Rule, decimal Priority, RuleOutcome Outcome, ImmutableArray<ConditionExplanation> Conditions, bool Stopped)
{
    /// <summary>Whether <paramref name="other"/> explains the rule alike: every property equal, the conditions element by element.</summary>
    /// <param name="other">The explanation to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(RuleExplanation? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && string.Equals(Rule, other.Rule, StringComparison.Ordinal)
            && Priority == other.Priority
            && Outcome == other.Outcome
            && Stopped == other.Stopped
            && DecisionEquality.SequenceEqual(Conditions, other.Conditions));

    /// <summary>A hash code consistent with <see cref="Equals(RuleExplanation?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Rule, StringComparer.Ordinal);
        hash.Add(Priority);
        hash.Add(Outcome);
        hash.Add(Stopped);
        DecisionEquality.AddSequence(ref hash, Conditions);
        return hash.ToHashCode();
    }
}

using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>One condition of a rule's <c>when</c>, with the values of what it names. Equal explanations are equal in every property, the operands compared element by element.</summary>
/// <param name="Condition">The condition as written.</param>
/// <param name="Value"><c>true</c> or <c>false</c>; <c>null</c> when it was not evaluated.</param>
/// <param name="Operands">
/// The facts and defines the condition names (not scale or vocabulary members, not functions), in
/// order of first mention, each define followed by the facts and defines its body names (what its
/// value was computed from), each once, with its value as the policy saw it, written as
/// <see cref="DecisionExplanation.Facts"/> are: members bare (<c>critical</c>), money with its
/// currency (<c>80 USD</c>), durations compact (<c>3h</c>), text quoted. A define whose value could
/// not be computed for this case (its evaluation fails, as a division by zero would) reads
/// <c>not evaluated</c>. Empty when the condition names no fact or define.
/// </param>
public sealed record ConditionExplanation(string Condition, bool? Value, ImmutableArray<KeyValuePair<string, string>> Operands)
{
    /// <summary>Whether <paramref name="other"/> explains the condition alike: text, value, and the operands element by element.</summary>
    /// <param name="other">The explanation to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(ConditionExplanation? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && string.Equals(Condition, other.Condition, StringComparison.Ordinal)
            && Value == other.Value
            && DecisionEquality.SequenceEqual(Operands, other.Operands));

    /// <summary>A hash code consistent with <see cref="Equals(ConditionExplanation?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Condition, StringComparer.Ordinal);
        hash.Add(Value);
        DecisionEquality.AddSequence(ref hash, Operands);
        return hash.ToHashCode();
    }
}

using FluentAssertions;
using FluentAssertions.Execution;

namespace RecoveryRules.Testing;

/// <summary>What <see cref="DecisionAssertions.EscalateTo"/> returns: assert the escalation's deadline, or go on with <c>.And</c>.</summary>
public sealed class EscalationConstraint : AndConstraint<DecisionAssertions>
{
    private readonly string _target;

    internal EscalationConstraint(DecisionAssertions assertions, string target)
        : base(assertions)
    {
        _target = target;
    }

    /// <summary>
    /// Asserts that the escalation is due within <paramref name="within"/> (1h and 60m are the same).
    /// Not checked again when the decision does not escalate: <see cref="DecisionAssertions.EscalateTo"/> said so.
    /// </summary>
    /// <param name="within">The expected deadline, from the evaluation.</param>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> Within(TimeSpan within, string because = "", params object[] becauseArgs)
    {
        var decision = And.Subject;
        if (decision?.Escalation is { } escalation)
        {
            var actual = escalation.Within is { } due ? "it is due within " + DecisionDisplay.Duration(due) : "it has no deadline";
            Failures.Check(escalation.Within == within, () => DecisionAssertions.Failure(
                    $"Expected the escalation of {{context:decision}} to {DecisionAssertions.Escape(_target)} to be due within {DecisionAssertions.Escape(DecisionDisplay.Duration(within))}{{reason}}, but {DecisionAssertions.Escape(actual)} (decided by {DecisionAssertions.Escape(escalation.Rule)}).",
                    decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(And);
    }
}

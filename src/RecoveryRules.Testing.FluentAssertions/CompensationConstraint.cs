using FluentAssertions;
using FluentAssertions.Execution;

namespace RecoveryRules.Testing;

/// <summary>
/// What <see cref="DecisionAssertions.Compensate"/> returns: assert the compensation's currency or cap,
/// or go on with <c>.And</c>.
/// </summary>
public sealed class CompensationConstraint : AndConstraint<DecisionAssertions>
{
    internal CompensationConstraint(DecisionAssertions assertions)
        : base(assertions)
    {
    }

    /// <summary>Asserts that the compensation is in <paramref name="currency"/> (the policy's currency, an ISO 4217 code).</summary>
    /// <param name="currency">The expected currency code (<c>USD</c>).</param>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is <c>null</c>.</exception>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> In(string currency, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var decision = And.Subject;
        if (And.Present($"to compensate in {currency}", because, becauseArgs))
        {
            Failures.Check(decision.Compensation.Currency == currency, () => DecisionAssertions.Failure(
                    $"Expected {{context:decision}} to compensate in {DecisionAssertions.Escape(currency)}{{reason}}, but it compensates in {DecisionAssertions.Escape(decision.Compensation.Currency)}.",
                    decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(And);
    }

    /// <summary>Asserts that the total was capped (the policy's <c>cap</c> lowered it).</summary>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> Capped(string because = "", params object[] becauseArgs)
    {
        var decision = And.Subject;
        if (And.Present("to cap the compensation", because, becauseArgs))
        {
            Failures.Check(decision.Compensation.Capped, () => DecisionAssertions.Failure(
                    $"Expected {{context:decision}} to cap the compensation{{reason}}, but {DecisionAssertions.Money(decision.Compensation.Total, decision.Compensation.Currency)} is not capped.",
                    decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(And);
    }
}

using FluentAssertions;
using FluentAssertions.Execution;

namespace RecoveryRules.Testing;

/// <summary>
/// What <see cref="DecisionAssertions.Empower"/> returns: assert the empowerment's limit and actions
/// (each returns the constraint again, so they chain), or go on with <c>.And</c>. Not checked again
/// when the decision empowers no one: <see cref="DecisionAssertions.Empower"/> said so.
/// </summary>
public sealed class EmpowermentConstraint : AndConstraint<DecisionAssertions>
{
    private readonly string _role;

    internal EmpowermentConstraint(DecisionAssertions assertions, string role)
        : base(assertions)
    {
        _role = role;
    }

    /// <summary>Asserts that the empowered role may give up to <paramref name="limit"/> (200 and 200.00 are the same).</summary>
    /// <param name="limit">The expected limit, in the policy's currency.</param>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>This constraint, to assert the actions or go on with <c>.And</c>.</returns>
    [CustomAssertion]
    public EmpowermentConstraint WithLimit(decimal limit, string because = "", params object[] becauseArgs)
    {
        var decision = And.Subject;
        if (decision?.Empowerment is { } empowerment)
        {
            var currency = decision.Compensation.Currency;
            var actual = empowerment.Limit is { } given ? "it is " + DecisionDisplay.Money(given, currency) : "it has no limit";
            Failures.Check(empowerment.Limit == limit, () => DecisionAssertions.Failure(
                    $"Expected the limit of {DecisionAssertions.Escape(_role)} in {{context:decision}} to be {DecisionAssertions.Money(limit, decision.Compensation)}{{reason}}, but {DecisionAssertions.Escape(actual)}.",
                    decision), because, becauseArgs);
        }

        return this;
    }

    /// <summary>Asserts that the empowered role may take each of <paramref name="actions"/> (it may be allowed more).</summary>
    /// <param name="actions">The actions (<c>refund</c>, <c>replace</c>).</param>
    /// <returns>This constraint, to assert the limit or go on with <c>.And</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actions"/> or one of them is <c>null</c>.</exception>
    [CustomAssertion]
    public EmpowermentConstraint Allowing(params string[] actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Any(action => action is null))
        {
            throw new ArgumentNullException(nameof(actions), "An action is null.");
        }

        var decision = And.Subject;
        if (decision?.Empowerment is { } empowerment)
        {
            var allowed = empowerment.Actions.IsDefault ? [] : empowerment.Actions;
            var missing = actions.Where(action => !allowed.Contains(action, StringComparer.Ordinal)).ToList();
            var actual = allowed.IsEmpty ? "it may take no action" : "it may only " + string.Join(", ", allowed);
            Failures.Check(missing.Count == 0, () => DecisionAssertions.Failure(
                    $"Expected {DecisionAssertions.Escape(_role)} in {{context:decision}} to be allowed to {DecisionAssertions.Escape(string.Join(", ", actions))}, but {DecisionAssertions.Escape(actual)} (not {DecisionAssertions.Escape(string.Join(", ", missing))}).",
                    decision), string.Empty, []);
        }

        return this;
    }
}

using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace RecoveryRules.Testing;

/// <summary>Assertions on a <see cref="CaseResult"/> (a decision or a case error), from <c>result.Should()</c>.</summary>
public sealed class CaseResultAssertions : ReferenceTypeAssertions<CaseResult, CaseResultAssertions>
{
    /// <summary>Creates the assertions on a result; <c>result.Should()</c> does it for you.</summary>
    /// <param name="result">The result; a <c>null</c> one fails every assertion.</param>
    public CaseResultAssertions(CaseResult result)
        : base(result)
    {
    }

    /// <inheritdoc/>
    protected override string Identifier => "result";

    /// <summary>Asserts that the case was decided (not a case error); <c>.Which</c> is the decision.</summary>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>The decision as <c>.Which</c>, to go on with <c>.Which.Should()</c>.</returns>
    [CustomAssertion]
    public AndWhichConstraint<CaseResultAssertions, Decision> BeDecided(string because = "", params object[] becauseArgs)
    {
        var result = Subject;
        if (Present("to be decided", because, becauseArgs))
        {
            Failures.Check(result.Decision is not null, () => $"Expected {{context:result}} to be decided{{reason}}, but the case could not be decided: {Error(result.Error)}.", because, becauseArgs);
        }

        return new AndWhichConstraint<CaseResultAssertions, Decision>(this, result?.Decision!);
    }

    /// <summary>Asserts that the case was not decided because of the case error <paramref name="id"/> (<c>RR0403</c>); <c>.Which</c> is the error.</summary>
    /// <param name="id">The expected case error id, one of RR0400–RR0499 (docs/diagnostics.md).</param>
    /// <param name="because">Why it should be, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>The case error as <c>.Which</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <c>null</c>.</exception>
    [CustomAssertion]
    public AndWhichConstraint<CaseResultAssertions, CaseError> BeError(string id, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(id);
        var result = Subject;
        if (Present($"to be the case error {id}", because, becauseArgs))
        {
            var expectation = $"Expected {{context:result}} to be the case error {DecisionAssertions.Escape(id)}{{reason}}, ";
            if (result.Decision is { } decision)
            {
                Failures.Check(false, () => DecisionAssertions.Failure(expectation + "but the case was decided.", decision), because, becauseArgs);
            }
            else
            {
                Failures.Check(result.Error?.Id == id, () => expectation + $"but it is {Error(result.Error)}.", because, becauseArgs);
            }
        }

        return new AndWhichConstraint<CaseResultAssertions, CaseError>(this, result?.Error!);
    }

    private bool Present(string expectation, string because, object[] becauseArgs) =>
        Failures.Check(Subject is not null, () => $"Expected {{context:result}} {DecisionAssertions.Escape(expectation)}{{reason}}, but found <null>.", because, becauseArgs);

    private static string Error(CaseError? error) =>
        error is null
            ? "neither a decision nor an error"
            : DecisionAssertions.Escape($"{error.Id}: {error.Message}" + (error.Field is null ? string.Empty : $" (field {error.Field})"));
}

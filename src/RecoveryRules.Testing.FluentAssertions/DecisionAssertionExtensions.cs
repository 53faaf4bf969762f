using System.Diagnostics.Contracts;

namespace RecoveryRules.Testing;

/// <summary>
/// <c>decision.Should()</c> and <c>result.Should()</c> for FluentAssertions (6.12 and 7.x):
/// <code>
/// decision.Should().Compensate(80).And.EscalateTo("duty-manager").Within(TimeSpan.FromHours(1));
/// decision.Should().Fire("critical-high-value").And.NotEmpower();
/// </code>
/// docs/auditing.md, "A test kit for xUnit and FluentAssertions".
/// </summary>
public static class DecisionAssertionExtensions
{
    /// <summary>Starts assertions on a decision.</summary>
    /// <param name="decision">The decision (evaluate with <c>EvaluationOptions.WithExplanation</c> so that failures say why).</param>
    /// <returns>The assertions.</returns>
    [Pure]
    public static DecisionAssertions Should(this Decision decision) => new(decision);

    /// <summary>Starts assertions on a case result: a decision or a case error.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The assertions.</returns>
    [Pure]
    public static CaseResultAssertions Should(this CaseResult result) => new(result);
}

using System.Collections.Immutable;
using System.Text;
using RecoveryRules.Testing.Running;

namespace RecoveryRules.Testing;

/// <summary>What running one scenario gave: passed, failed (with each differing part) or errored.</summary>
public sealed class ScenarioResult
{
    internal ScenarioResult(Scenario scenario, ScenarioOutcome outcome, Decision? decision, CaseError? error, ImmutableArray<ScenarioMismatch> mismatches)
    {
        Scenario = scenario;
        Outcome = outcome;
        Decision = decision;
        Error = error;
        Mismatches = mismatches;
    }

    /// <summary>The scenario that ran.</summary>
    public Scenario Scenario { get; }

    /// <summary>Passed, failed or errored.</summary>
    public ScenarioOutcome Outcome { get; }

    /// <summary>Whether the scenario passed.</summary>
    public bool Passed => Outcome == ScenarioOutcome.Passed;

    /// <summary>The decision, evaluated with an explanation; <c>null</c> when the case was a case error.</summary>
    public Decision? Decision { get; }

    /// <summary>The case error, when the case could not be evaluated.</summary>
    public CaseError? Error { get; }

    /// <summary>Each part of the decision that differs from <c>expect</c>, in the order <c>expect</c> lists them; empty when passed or errored.</summary>
    public ImmutableArray<ScenarioMismatch> Mismatches { get; }

    /// <summary>
    /// The one line the command line prints, <c>path(line,col): FAIL|ERROR|PASS name: …</c>, at the
    /// scenario's name: each mismatch as <c>field: expected X, got Y</c>, separated by <c>; </c>, or the case error.
    /// </summary>
    public string Headline => ScenarioReport.Headline(this);

    /// <summary>Why the rules expected to fire did not, and why unexpected ones did: one line each (none when passed).</summary>
    public ImmutableArray<string> WhyLines => ScenarioReport.WhyLines(this);

    /// <summary>
    /// The full account: <see cref="Headline"/>, then each why line and, for a failed or errored
    /// scenario, how the policy decided (the decision's explanation), indented.
    /// </summary>
    /// <returns>The text, lines separated by line feeds.</returns>
    public string Describe()
    {
        var text = new StringBuilder(Headline);
        foreach (var line in WhyLines)
        {
            text.Append('\n').Append(ScenarioReport.Indent).Append(line);
        }

        if (!Passed && Decision is not null)
        {
            text.Append('\n').Append("  how the policy decided:");
            foreach (var line in ScenarioReport.ExplanationLines(Decision))
            {
                text.Append('\n').Append(line.Length == 0 ? string.Empty : ScenarioReport.Indent + line);
            }
        }

        return text.ToString();
    }

    /// <summary>The <see cref="Headline"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Headline;
}

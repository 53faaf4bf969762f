using System.Collections.Immutable;

namespace RecoveryRules.Testing.Running;

/// <summary>The text of a result: its headline, why lines and explanation (docs/auditing.md, "Scenario tests").</summary>
internal static class ScenarioReport
{
    public const string Indent = "    ";

    public static string Headline(ScenarioResult result)
    {
        var scenario = result.Scenario;
        var at = scenario.Location.ToString();
        return result.Outcome switch
        {
            ScenarioOutcome.Passed => $"{at}: PASS {scenario.Name}",
            ScenarioOutcome.Errored => $"{at}: ERROR {scenario.Name}: {result.Error!.Id}: {result.Error.Message}",
            _ => $"{at}: FAIL {scenario.Name}: {string.Join("; ", result.Mismatches)}",
        };
    }

    public static ImmutableArray<string> WhyLines(ScenarioResult result) =>
        [.. result.Mismatches.Where(m => m.Why is not null).SelectMany(m => m.Why!.Split('\n'))];

    /// <summary>The decision's readable account (DecisionDisplay.Explain), line by line, without its closing blank line.</summary>
    public static IEnumerable<string> ExplanationLines(Decision decision) => DecisionDisplay.Explain(decision).TrimEnd('\n').Split('\n');
}

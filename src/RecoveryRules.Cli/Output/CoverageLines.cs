using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Testing;

namespace RecoveryRules.Cli.Output;

/// <summary>Prints the coverage of one policy, as <c>recoveryrules test --coverage</c> does (docs/auditing.md, "Coverage").</summary>
internal static class CoverageLines
{
    public static void Write(TextWriter writer, ScenarioCoverage coverage)
    {
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"coverage of {coverage.PolicyPath} ({coverage.Policy.Id} {coverage.Policy.Version}), {coverage.Scenarios} scenario{(coverage.Scenarios == 1 ? string.Empty : "s")}:"));
        List(writer, "rules never fired", coverage.RulesNeverFired);
        List(writer, "conditions never true", Conditions(coverage.ConditionsNeverTrue));
        List(writer, "conditions never false", Conditions(coverage.ConditionsNeverFalse));
        List(writer, "escalation targets never produced", coverage.EscalationTargetsNeverProduced);
        List(writer, "roles never produced", coverage.RolesNeverProduced);
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  rules fired: {coverage.RulesFired} of {coverage.Rules.Length} ({Percent(coverage.RulesFiredPercent)})"));
    }

    /// <summary>A percentage with at most one decimal, truncated so that a shortfall is never shown as reached: <c>66.6 %</c>, <c>100 %</c>.</summary>
    public static string Percent(decimal percent) =>
        (decimal.Truncate(percent * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static ImmutableArray<string> Conditions(ImmutableArray<PolicyCondition> conditions) =>
        [.. conditions.Select(c => $"{c.Location}: {c.Rule}: {c.Text}")];

    private static void List(TextWriter writer, string title, ImmutableArray<string> items)
    {
        if (items.IsEmpty)
        {
            writer.WriteLine($"  {title}: none");
            return;
        }

        writer.WriteLine($"  {title}:");
        foreach (var item in items)
        {
            writer.WriteLine("    " + item);
        }
    }
}

using System.Globalization;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// The readable account of a decision, for <c>eval --explain</c>: a "Case X (line N)" header with the
/// policy and the evaluation time, then the account that <see cref="DecisionDisplay.WriteExplanation"/>
/// writes (the one renderer the test kit and embedders share). A case that could not be decided gets its
/// error instead.
/// </summary>
internal static class ExplanationWriter
{
    private const string Indent = "  ";

    /// <summary>Writes the account of one decision, ended by a blank line.</summary>
    public static void WriteDecision(TextWriter writer, long line, Decision decision)
    {
        writer.WriteLine(Invariant($"Case {CaseName(decision.CaseId)} (line {line}): decided"));
        writer.WriteLine(Invariant($"{Indent}Policy        {decision.Policy.Id} {decision.Policy.Version} ({decision.Policy.Hash})"));
        writer.WriteLine(Invariant($"{Indent}Evaluated at  {DecisionJson.FormatTimestamp(decision.EvaluatedAt)}"));
        writer.WriteLine();
        DecisionDisplay.WriteExplanation(writer, decision);
    }

    /// <summary>Writes the account of a case that could not be decided, ended by a blank line.</summary>
    public static void WriteError(TextWriter writer, long line, CaseError error)
    {
        writer.WriteLine(Invariant($"Case {CaseName(error.CaseId)} (line {line}): not decided"));
        writer.WriteLine($"{Indent}error {error.Id}: {error.Message}");
        if (error.Field is not null)
        {
            writer.WriteLine($"{Indent}field: {error.Field}");
        }

        writer.WriteLine();
    }

    private static string CaseName(string? caseId) => caseId is null ? "(no id)" : caseId;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

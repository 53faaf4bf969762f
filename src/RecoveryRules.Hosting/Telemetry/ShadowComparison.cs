using System.Collections.Immutable;
using System.Text;

namespace RecoveryRules.Hosting;

/// <summary>
/// Compares a shadow policy's outcome for a case with the active policy's (docs/embedding.md, "Shadow"), member by
/// member and as values, as <c>replay</c> compares a record (<see cref="DecisionComparison"/>): the policy and
/// <c>evaluatedAt</c> never count as differences.
/// </summary>
internal static class ShadowComparison
{
    /// <summary>Every member in which the candidate's outcome differs from the active one.</summary>
    /// <param name="active">The active policy's outcome (what the caller got).</param>
    /// <param name="candidate">The shadow policy's outcome.</param>
    /// <returns>The differences, <see cref="DecisionDifference.Recorded"/> the active value and <see cref="DecisionDifference.Replayed"/> the candidate's; empty when they agree.</returns>
    public static ImmutableArray<DecisionDifference> Compare(CaseResult active, CaseResult candidate) =>
        DecisionComparison.Compare(active, candidate);

    /// <summary>The differences as one line for the log: <c>compensation.total: 80.00 -> 100.00; fired: [a] -> [a, b]</c>.</summary>
    /// <param name="differences">The differences.</param>
    /// <returns>The line; empty when there are none.</returns>
    public static string Describe(ImmutableArray<DecisionDifference> differences)
    {
        if (differences.IsDefaultOrEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var difference in differences)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(difference.Field).Append(": ").Append(difference.Recorded).Append(" -> ").Append(difference.Replayed);
        }

        return text.ToString();
    }
}

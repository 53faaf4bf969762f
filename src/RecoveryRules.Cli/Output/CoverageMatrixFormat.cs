using System.Globalization;
using RecoveryRules.Analysis;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// How <c>recoveryrules coverage</c> words a decision-matrix cell, in the terminal table and the
/// HTML page alike (docs/cli.md, "coverage"): <c>supervisor 4h</c>, <c>$0–$45</c>, <c>$0–unbounded</c>.
/// </summary>
internal static class CoverageMatrixFormat
{
    /// <summary>The text for a cell with no escalation at all.</summary>
    public const string NoEscalation = "no escalation";

    /// <summary>A target with its shortest SLA: <c>supervisor 4h</c>, or the bare target without one.</summary>
    public static string Escalation(EscalationReach reach) =>
        reach.ShortestWithin is { } within ? $"{reach.Target} {DecisionDisplay.Duration(within)}" : reach.Target;

    /// <summary>
    /// The escalation lines of a cell: each target (highest first), then <c>or none</c> when some
    /// case of the cell is not escalated; <c>no escalation</c> when none is.
    /// </summary>
    public static IReadOnlyList<string> EscalationLines(DecisionMatrixCell cell)
    {
        if (cell.Escalations.IsEmpty)
        {
            return [NoEscalation];
        }

        var lines = cell.Escalations.Select(Escalation).ToList();
        if (cell.MayNotEscalate)
        {
            lines.Add("or none");
        }

        return lines;
    }

    /// <summary>The compensation range: <c>$20–$50</c>, <c>$15</c>, <c>$0–unbounded</c>; other currencies as <c>CHF 20–50</c>.</summary>
    public static string Compensation(CompensationRange range)
    {
        var symbol = Symbol(range.Currency);
        var low = Amount(range.Minimum);
        if (range.Maximum is not { } high)
        {
            return symbol is null ? $"{range.Currency} {low}–unbounded" : $"{symbol}{low}–unbounded";
        }

        var text = high == range.Minimum ? low : $"{low}–{(symbol ?? string.Empty)}{Amount(high)}";
        return symbol is null ? $"{range.Currency} {text}" : symbol + text;
    }

    /// <summary>An amount without trailing zero cents: <c>45</c>, <c>12.50</c>.</summary>
    public static string Amount(decimal amount) =>
        amount == decimal.Truncate(amount)
            ? decimal.Truncate(amount).ToString("0", CultureInfo.InvariantCulture)
            : amount.ToString("0.00##########", CultureInfo.InvariantCulture);

    /// <summary>The sign of the common currencies; others are written with their code.</summary>
    private static string? Symbol(string currency) => currency switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => null,
    };

    /// <summary>The marks after a cell's text: <c>*</c> partly covered, <c>!</c> uncovered, <c>?</c> not exact.</summary>
    public static string Marks(DecisionMatrixCell cell)
    {
        var marks = cell.Coverage switch
        {
            CellCoverage.Partial => "*",
            CellCoverage.Uncovered => "!",
            _ => string.Empty,
        };
        return cell.IsExact ? marks : marks + "?";
    }

    /// <summary>
    /// The channels whose matrices are the same, in the policy's order: a policy whose rules do not
    /// read the channel has one group of every channel.
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<string> Channels, IReadOnlyList<DecisionMatrixCell> Cells)> ChannelGroups(DecisionMatrix matrix, string? channel)
    {
        var groups = new List<(List<string> Channels, IReadOnlyList<DecisionMatrixCell> Cells, string Key)>();
        foreach (var name in matrix.Channels)
        {
            if (channel is not null && name != channel)
            {
                continue;
            }

            var cells = matrix.Cells.Where(c => c.Channel == name).ToList();
            var key = string.Join("\n", cells.Select(Key));
            var group = groups.FindIndex(g => g.Key == key);
            if (group >= 0)
            {
                groups[group].Channels.Add(name);
            }
            else
            {
                groups.Add(([name], cells, key));
            }
        }

        return [.. groups.Select(g => ((IReadOnlyList<string>)g.Channels, g.Cells))];
    }

    /// <summary>Everything a cell shows but its channel.</summary>
    private static string Key(DecisionMatrixCell cell) =>
        string.Join("|", EscalationLines(cell)) + "|" + Compensation(cell.Compensation) + "|" + string.Join(",", cell.CompensationKinds)
        + "|" + string.Join(",", cell.Rules) + "|" + Marks(cell);

    /// <summary><c>phone, email and chat</c>.</summary>
    public static string Names(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}

using System.Text;
using RecoveryRules.Analysis;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// The decision matrix as a terminal table (docs/cli.md, "coverage"): per group of channels with
/// the same matrix, one row per severity and one column per tier; each cell gives the escalation
/// target(s) with the shortest SLA, then the range of compensation totals, and a mark when some of
/// its cases fall to no rule. Fits 100 columns for four tiers and the usual names.
/// </summary>
internal static class CoverageMatrixText
{
    private const string Corner = "severity";

    /// <summary>The width the table keeps to when its cells' words allow.</summary>
    private const int Width = 100;

    private const int MinimumWidth = 12;

    public static void Write(TextWriter writer, DecisionMatrix matrix, string? channel)
    {
        writer.WriteLine($"Decision matrix of {matrix.Policy.Id} {matrix.Policy.Version}");
        writer.WriteLine($"policy hash {matrix.Policy.Hash}");
        writer.WriteLine($"Each cell: the escalation target with its shortest SLA, then the range of compensation totals ({matrix.Currency}).");
        var marks = new HashSet<char>();
        foreach (var (channels, cells) in CoverageMatrixFormat.ChannelGroups(matrix, channel))
        {
            writer.WriteLine();
            writer.WriteLine(channels.Count == 1
                ? $"Channel {channels[0]}"
                : $"Channels {CoverageMatrixFormat.Names(channels)} (the same matrix)");
            writer.WriteLine();
            WriteTable(writer, matrix, cells);
            foreach (var cell in cells)
            {
                marks.UnionWith(CoverageMatrixFormat.Marks(cell));
            }
        }

        WriteLegend(writer, matrix, marks, channel);
    }

    private static void WriteTable(TextWriter writer, DecisionMatrix matrix, IReadOnlyList<DecisionMatrixCell> cells)
    {
        var tiers = matrix.Tiers.Length;
        var first = Math.Max(Corner.Length, matrix.Severities.Max(s => s.Length));
        var fit = Math.Max(MinimumWidth, (Width - first - (3 * tiers)) / tiers);
        var texts = cells.Select(cell => Lines(cell).SelectMany(line => Wrap(line, fit)).ToList()).ToList();
        var widths = Enumerable.Range(0, tiers)
            .Select(t => Math.Max(matrix.Tiers[t].Length, texts.Where((_, i) => i % tiers == t).SelectMany(l => l).Max(l => l.Length)))
            .ToArray();

        writer.WriteLine(Row(Corner, first, matrix.Tiers, widths));
        var rule = new StringBuilder().Append('─', first + 1);
        foreach (var width in widths)
        {
            rule.Append('┼').Append('─', width + 2);
        }

        var separator = rule.ToString().TrimEnd();
        writer.WriteLine(separator.Replace('─', '═').Replace('┼', '╪'));
        for (var s = 0; s < matrix.Severities.Length; s++)
        {
            var row = texts.Skip(s * tiers).Take(tiers).ToList();
            var height = row.Max(l => l.Count);
            for (var line = 0; line < height; line++)
            {
                writer.WriteLine(Row(line == 0 ? matrix.Severities[s] : string.Empty, first, [.. row.Select(l => line < l.Count ? l[line] : string.Empty)], widths));
            }

            if (s + 1 < matrix.Severities.Length)
            {
                writer.WriteLine(separator);
            }
        }
    }

    private static string Row(string head, int first, IReadOnlyList<string> columns, int[] widths)
    {
        var row = new StringBuilder(head.PadRight(first));
        for (var i = 0; i < columns.Count; i++)
        {
            row.Append(" │ ").Append(i + 1 < columns.Count ? columns[i].PadRight(widths[i]) : columns[i]);
        }

        return row.ToString().TrimEnd();
    }

    /// <summary>A line cut at spaces to at most <paramref name="width"/> characters (a longer word stays whole), continued indented.</summary>
    private static IEnumerable<string> Wrap(string line, int width)
    {
        var current = string.Empty;
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                yield return current;
                current = "  " + word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }

        yield return current;
    }

    /// <summary>The escalation lines (the marks after the first), then the compensation range.</summary>
    private static List<string> Lines(DecisionMatrixCell cell)
    {
        var lines = CoverageMatrixFormat.EscalationLines(cell).ToList();
        var marks = CoverageMatrixFormat.Marks(cell);
        if (marks.Length > 0)
        {
            lines[0] += " " + marks;
        }

        lines.Add(CoverageMatrixFormat.Compensation(cell.Compensation));
        return lines;
    }

    private static void WriteLegend(TextWriter writer, DecisionMatrix matrix, HashSet<char> marks, string? channel)
    {
        var legend = new List<string>();
        if (marks.Contains('*'))
        {
            legend.Add("*  some cases of the cell match no rule: they get what 'otherwise' decides");
        }

        if (marks.Contains('!'))
        {
            legend.Add("!  no case of the cell matches a rule: all get what 'otherwise' decides");
        }

        if (marks.Contains('?'))
        {
            legend.Add($"?  a condition compares facts with each other ({string.Join(", ", matrix.UndecidedRules)}): the cell may show outcomes no case gets");
        }

        var cells = channel is null ? matrix.Cells : [.. matrix.Cells.Where(c => c.Channel == channel)];
        if (cells.Any(c => c.Compensation.IsUnbounded))
        {
            legend.Add("unbounded: the total grows without limit with a fact or the delay (no cap, or a cap that grows too)");
        }

        if (legend.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        foreach (var line in legend)
        {
            writer.WriteLine(line);
        }
    }
}

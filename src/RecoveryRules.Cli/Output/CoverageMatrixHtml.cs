using System.Globalization;
using System.Net;
using RecoveryRules.Analysis;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// The decision matrix as one self-contained HTML page for policy reviews (docs/policy-review.md):
/// inline CSS, no script, no font or image from anywhere, well-formed XHTML syntax. Each cell's
/// colour is its highest escalation level (a heat map, with a legend); a bar shows its compensation
/// range against the largest bounded total of the matrix; the rules that decide it and whether some
/// of its cases fall to no rule are written out, never shown by colour alone.
/// </summary>
internal static class CoverageMatrixHtml
{
    // Sequential yellow-to-red (ColorBrewer YlOrRd): spread over the escalation scale, lowest to highest.
    private static readonly string[] Heat = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"];

    private const string NoEscalationColour = "#f1f3f5";

    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 24px 32px; color: #1b1f23; background: #ffffff; }
        h1 { font-size: 1.5rem; margin: 0 0 4px 0; }
        h2 { font-size: 1.1rem; margin: 28px 0 8px 0; }
        p.identity { margin: 0 0 4px 0; color: #3d4650; }
        p.identity code { font-size: 0.85rem; background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
        p.description { margin: 4px 0 12px 0; color: #3d4650; max-width: 70rem; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 12px 0 4px 0; font-size: 0.85rem; }
        .legend .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #8a939c; vertical-align: -2px; margin-right: 5px; border-radius: 2px; }
        .legend .bar { display: inline-block; width: 48px; vertical-align: middle; margin-right: 5px; }
        table.matrix { border-collapse: separate; border-spacing: 4px; table-layout: fixed; width: 100%; max-width: 76rem; }
        table.matrix caption { text-align: left; font-size: 0.85rem; color: #3d4650; padding: 0 0 4px 4px; }
        table.matrix th { font-size: 0.85rem; font-weight: 600; text-align: left; padding: 4px 8px; color: #3d4650; }
        table.matrix thead th { border-bottom: 2px solid #adb5bd; }
        table.matrix th[scope="row"] { width: 7.5rem; vertical-align: top; padding-top: 10px; }
        table.matrix td { vertical-align: top; padding: 8px 10px; border-radius: 6px; border: 1px solid rgba(0, 0, 0, 0.12); font-size: 0.85rem; line-height: 1.35; }
        td.dark { color: #ffffff; }
        td.none { background: #f1f3f5; color: #3d4650; }
        table.matrix td.partial { border: 2px dashed #495057; }
        table.matrix td.uncovered { border: 2px dotted #495057; }
        table.matrix thead th:first-child { width: 6.5rem; }
        .target { font-weight: 600; }
        .target .sla { font-weight: 400; }
        .lower { font-size: 0.8rem; opacity: 0.9; }
        .money { margin-top: 6px; font-variant-numeric: tabular-nums; font-weight: 600; }
        .bar { position: relative; height: 6px; background: rgba(0, 0, 0, 0.12); border-radius: 3px; margin-top: 3px; overflow: hidden; }
        .bar span { position: absolute; top: 0; bottom: 0; background: #1b1f23; border-radius: 3px; }
        td.dark .bar { background: rgba(255, 255, 255, 0.3); }
        td.dark .bar span { background: #ffffff; }
        .bar span.unbounded { background: repeating-linear-gradient(90deg, #1b1f23 0 6px, transparent 6px 9px); }
        td.dark .bar span.unbounded { background: repeating-linear-gradient(90deg, #ffffff 0 6px, transparent 6px 9px); }
        .kinds { font-size: 0.78rem; font-weight: 400; margin-left: 4px; }
        .rules { font-size: 0.75rem; margin-top: 6px; opacity: 0.85; word-break: break-word; }
        .mark { font-size: 0.75rem; font-weight: 600; margin-top: 4px; }
        footer { margin-top: 28px; font-size: 0.8rem; color: #3d4650; max-width: 70rem; }
        """;

    public static void Write(TextWriter writer, DecisionMatrix matrix, string? channel)
    {
        var groups = CoverageMatrixFormat.ChannelGroups(matrix, channel);
        var cells = groups.SelectMany(g => g.Cells).ToList();
        var scale = cells.Select(c => c.Compensation.Maximum ?? 0m).Append(cells.Max(c => c.Compensation.Minimum)).Max();
        var title = $"Decision matrix of {matrix.Policy.Id} {matrix.Policy.Version}";

        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\">");
        writer.WriteLine("<head>");
        writer.WriteLine("<meta charset=\"utf-8\" />");
        writer.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />");
        writer.WriteLine($"<title>{E(title)}</title>");
        writer.WriteLine("<style>");
        writer.Write(Style);
        writer.WriteLine();
        writer.WriteLine("</style>");
        writer.WriteLine("</head>");
        writer.WriteLine("<body>");
        writer.WriteLine("<main>");
        writer.WriteLine($"<h1>{E(title)}</h1>");
        writer.WriteLine($"<p class=\"identity\">Policy <code>{E(matrix.Policy.Id)}</code> version <code>{E(matrix.Policy.Version)}</code>, hash <code>{E(matrix.Policy.Hash)}</code></p>");
        writer.WriteLine($"<p class=\"description\">Every case, by channel, severity and customer tier: the highest escalation target it can get (the colour) with the shortest SLA, "
            + $"the range of compensation totals in {E(matrix.Currency)} (the bar{(scale > 0 ? $", against {E(Money(matrix.Currency, scale))}" : string.Empty)}), and the rules that decide it.</p>");
        WriteLegend(writer, matrix, cells);

        foreach (var (channels, group) in groups)
        {
            var heading = channels.Count == 1 ? $"Channel {channels[0]}" : $"Channels {CoverageMatrixFormat.Names(channels)}";
            writer.WriteLine("<section>");
            writer.WriteLine($"<h2>{E(heading)}</h2>");
            writer.WriteLine("<table class=\"matrix\">");
            writer.WriteLine($"<caption>Rows: severity. Columns: customer tier.</caption>");
            writer.WriteLine("<thead>");
            writer.Write("<tr><th scope=\"col\">Severity</th>");
            foreach (var tier in matrix.Tiers)
            {
                writer.Write($"<th scope=\"col\">{E(tier)}</th>");
            }

            writer.WriteLine("</tr>");
            writer.WriteLine("</thead>");
            writer.WriteLine("<tbody>");
            for (var s = 0; s < matrix.Severities.Length; s++)
            {
                writer.Write($"<tr><th scope=\"row\">{E(matrix.Severities[s])}</th>");
                for (var t = 0; t < matrix.Tiers.Length; t++)
                {
                    WriteCell(writer, matrix, group[(s * matrix.Tiers.Length) + t], scale);
                }

                writer.WriteLine("</tr>");
            }

            writer.WriteLine("</tbody>");
            writer.WriteLine("</table>");
            writer.WriteLine("</section>");
        }

        writer.WriteLine("<footer>");
        writer.WriteLine("<p>Made by <code>recoveryrules coverage</code> from the compiled policy: every <code>oneOf</code> and boolean fact the rules read is enumerated, "
            + "and every number, money and duration is split at the thresholds the policy compares it with. A compensation range holds every total a case of the cell can get; "
            + "its ends are the smallest and largest totals (approached, where a condition is a strict comparison). <em>unbounded</em>: a total grows without limit with a fact or the delay.</p>");
        if (!matrix.UndecidedRules.IsEmpty)
        {
            writer.WriteLine($"<p>Rules whose conditions compare facts with each other, taken both to match and not: {E(string.Join(", ", matrix.UndecidedRules))}. "
                + "Cells marked “may include outcomes no case gets” depend on them.</p>");
        }

        writer.WriteLine("</footer>");
        writer.WriteLine("</main>");
        writer.WriteLine("</body>");
        writer.WriteLine("</html>");
    }

    private static void WriteLegend(TextWriter writer, DecisionMatrix matrix, List<DecisionMatrixCell> cells)
    {
        writer.WriteLine("<div class=\"legend\" role=\"list\" aria-label=\"Legend\">");
        writer.WriteLine($"<span role=\"listitem\"><span class=\"swatch\" style=\"background: {NoEscalationColour}\"></span>no escalation</span>");
        for (var level = 0; level < matrix.EscalationLevels.Length; level++)
        {
            writer.WriteLine($"<span role=\"listitem\"><span class=\"swatch\" style=\"background: {Colour(level, matrix.EscalationLevels.Length)}\"></span>{E(matrix.EscalationLevels[level])}</span>");
        }

        writer.WriteLine("<span role=\"listitem\"><span class=\"bar\"><span style=\"left: 20%; width: 50%\"></span></span>compensation range</span>");
        if (cells.Any(c => c.Coverage == CellCoverage.Partial))
        {
            writer.WriteLine("<span role=\"listitem\"><span class=\"swatch\" style=\"border: 2px dashed #495057\"></span>some cases match no rule</span>");
        }

        if (cells.Any(c => c.Coverage == CellCoverage.Uncovered))
        {
            writer.WriteLine("<span role=\"listitem\"><span class=\"swatch\" style=\"border: 2px dotted #495057\"></span>no case matches a rule</span>");
        }

        writer.WriteLine("</div>");
    }

    private static void WriteCell(TextWriter writer, DecisionMatrix matrix, DecisionMatrixCell cell, decimal scale)
    {
        var classes = new List<string>();
        string? style = null;
        if (cell.HighestEscalation is { } highest)
        {
            var index = HeatIndex(highest.Level, matrix.EscalationLevels.Length);
            style = $"background: {Heat[index]}";
            if (index >= 6)
            {
                classes.Add("dark");
            }
        }
        else
        {
            classes.Add("none");
        }

        if (cell.Coverage == CellCoverage.Partial)
        {
            classes.Add("partial");
        }
        else if (cell.Coverage == CellCoverage.Uncovered)
        {
            classes.Add("uncovered");
        }

        writer.Write("<td");
        if (classes.Count > 0)
        {
            writer.Write($" class=\"{string.Join(' ', classes)}\"");
        }

        if (style is not null)
        {
            writer.Write($" style=\"{style}\"");
        }

        writer.Write(">");
        if (cell.Escalations.IsEmpty)
        {
            writer.Write($"<div class=\"target\">{CoverageMatrixFormat.NoEscalation}</div>");
        }

        for (var i = 0; i < cell.Escalations.Length; i++)
        {
            var reach = cell.Escalations[i];
            var sla = reach.ShortestWithin is { } within ? $" <span class=\"sla\">within {E(DecisionDisplay.Duration(within))}</span>" : string.Empty;
            writer.Write(i == 0
                ? $"<div class=\"target\">{E(reach.Target)}{sla}</div>"
                : $"<div class=\"lower\">or {E(reach.Target)}{sla}</div>");
        }

        if (!cell.Escalations.IsEmpty && cell.MayNotEscalate)
        {
            writer.Write("<div class=\"lower\">or no escalation</div>");
        }

        var range = cell.Compensation;
        var kinds = cell.CompensationKinds.IsEmpty ? string.Empty : $" <span class=\"kinds\">{E(string.Join(", ", cell.CompensationKinds))}</span>";
        writer.Write($"<div class=\"money\">{E(CoverageMatrixFormat.Compensation(range))}{kinds}</div>");
        var left = scale == 0 ? 0m : Math.Min(100m, range.Minimum * 100m / scale);
        var width = range.Maximum is { } max ? (scale == 0 ? 0m : Math.Min(100m, max * 100m / scale)) - left : 100m - left;
        var bar = range.IsUnbounded ? " class=\"unbounded\"" : string.Empty;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"bar\" aria-hidden=\"true\"><span{bar} style=\"left: {left:0.#}%; width: {Math.Max(width, range.IsNone ? 0m : 1.5m):0.#}%\"></span></div>"));
        var rules = cell.Rules.IsEmpty ? "no rule" : string.Join(", ", cell.Rules);
        writer.Write($"<div class=\"rules\">rules: {E(rules)}</div>");
        var mark = cell.Coverage switch
        {
            CellCoverage.Partial => "partly covered: otherwise decides the rest",
            CellCoverage.Uncovered => "not covered: otherwise decides all",
            _ => null,
        };
        if (mark is not null)
        {
            writer.Write($"<div class=\"mark\">{E(mark)}</div>");
        }

        if (!cell.IsExact)
        {
            writer.Write("<div class=\"mark\">may include outcomes no case gets</div>");
        }

        writer.WriteLine("</td>");
    }

    /// <summary>
    /// The heat colour of an escalation level: the levels spread over the palette from its second to
    /// its second-darkest colour (black text reads on the light ones, white on the two darkest).
    /// </summary>
    private static string Colour(int level, int levels) => Heat[HeatIndex(level, levels)];

    private static int HeatIndex(int level, int levels) =>
        levels <= 1 ? Heat.Length - 2 : 1 + (int)Math.Round((decimal)level * (Heat.Length - 3) / (levels - 1), MidpointRounding.AwayFromZero);

    private static string Money(string currency, decimal amount) =>
        CoverageMatrixFormat.Compensation(new CompensationRange(currency, amount, amount));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

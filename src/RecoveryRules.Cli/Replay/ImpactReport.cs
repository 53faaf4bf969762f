using System.Globalization;
using System.Text;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// Writes what a replay found (docs/auditing.md, "The impact of a policy change"): the one summary line every
/// replay ends with, and the impact report of <c>--summary</c>, as text or as Markdown to paste into the pull
/// request that changes the policy. Both forms hold the same sections in the same order; a section with nothing
/// to count says so in one line.
/// </summary>
internal static class ImpactReport
{
    /// <summary>The last line of every replay: <c>5 replayed, 1 identical, 4 changed</c>, then the non-zero problem counts.</summary>
    public static string SummaryLine(ReplayTally tally, ReplayPolicies policies)
    {
        var line = new StringBuilder(Invariant($"{tally.Replayed} replayed, {tally.Identical} identical, {tally.Changed} changed"));
        if (tally.MadeUnderAnotherPolicy > 0)
        {
            line.Append(Invariant($", {tally.MadeUnderAnotherPolicy} made under another policy"));
        }

        if (tally.UnknownPolicy > 0)
        {
            line.Append(Invariant($", {tally.UnknownPolicy} made under a policy not in {policies.Directory}"));
        }

        if (tally.NotRecords > 0)
        {
            line.Append(tally.NotRecords == 1 ? ", 1 line not a record" : Invariant($", {tally.NotRecords} lines not records"));
        }

        return line.ToString();
    }

    /// <summary>Writes the impact report as text.</summary>
    public static void WriteText(TextWriter writer, ReplayTally tally, ReplayPolicies policies, IReadOnlyList<RecordsFile> files)
    {
        writer.WriteLine($"Replay of {string.Join(", ", files.Select(file => file.Name))} {Under(policies)}");
        writer.WriteLine(Invariant($"Decisions changed: {tally.Changed} of {tally.Replayed} ({tally.Identical} identical)")
            + (tally.MadeUnderAnotherPolicy > 0 ? Invariant($"; {tally.MadeUnderAnotherPolicy} of the records were made under another policy") : string.Empty));
        foreach (var part in ChangeParts.All)
        {
            if (tally.ChangedIn(part) > 0)
            {
                writer.WriteLine(Invariant($"  {ChangeParts.Name(part),-14} {tally.ChangedIn(part)}"));
            }
        }

        writer.WriteLine();
        if (tally.Money.Count == 0 && tally.CurrencyChanged == 0)
        {
            writer.WriteLine("Compensation: no total changed");
        }
        else
        {
            writer.WriteLine("Compensation (totals of records decided both times)");
            foreach (var moves in tally.Money.Values)
            {
                writer.WriteLine(Invariant(
                    $"  {moves.Currency}  up {moves.Up} ({Up(moves)}), down {moves.Down} ({Down(moves)}); net {Net(moves)}, gross {Gross(moves)}"));
            }

            if (tally.CurrencyChanged > 0)
            {
                writer.WriteLine(Invariant($"  currency changed in {tally.CurrencyChanged} (amounts not compared)"));
            }
        }

        writer.WriteLine();
        var escalation = tally.Escalation;
        if (!escalation.Any)
        {
            writer.WriteLine("Escalation: no change");
        }
        else
        {
            writer.WriteLine("Escalation (records decided both times)");
            writer.WriteLine(Invariant(
                $"  target raised {escalation.Raised}, lowered {escalation.Lowered}, changed {escalation.Changed} (recorded target not on the scale); escalation added {escalation.Added}, removed {escalation.Removed}"));
            writer.WriteLine(Invariant($"  SLA (within) shortened {escalation.WithinShortened}, lengthened {escalation.WithinLengthened}"));
        }

        writer.WriteLine();
        var empowerment = tally.Empowerment;
        if (!empowerment.Any)
        {
            writer.WriteLine("Empowerment: no change");
        }
        else
        {
            writer.WriteLine("Empowerment (records decided both times)");
            writer.WriteLine(Invariant(
                $"  role raised {empowerment.RoleRaised}, lowered {empowerment.RoleLowered}, changed {empowerment.RoleChanged} (recorded role not on the scale); empowerment added {empowerment.Added}, removed {empowerment.Removed}"));
            writer.WriteLine(Invariant(
                $"  limit raised {empowerment.LimitRaised}, lowered {empowerment.LimitLowered}, added {empowerment.LimitAdded}, removed {empowerment.LimitRemoved}; actions changed {empowerment.ActionsChanged}"));
            WriteCounts(writer, "may now", empowerment.ActionsGained);
            WriteCounts(writer, "may no longer", empowerment.ActionsLost);
        }

        writer.WriteLine();
        if (tally.ErrorsAppearing.Count + tally.ErrorsDisappearing.Count + tally.ErrorsChangingId.Count == 0)
        {
            writer.WriteLine("Errors: none appearing or disappearing");
        }
        else
        {
            writer.WriteLine("Errors");
            WriteCounts(writer, "appearing", tally.ErrorsAppearing);
            WriteCounts(writer, "disappearing", tally.ErrorsDisappearing);
            WriteCounts(writer, "id changed", tally.ErrorsChangingId);
        }

        writer.WriteLine();
        if (tally.RulesNewlyFiring.Count + tally.RulesStoppingFiring.Count == 0)
        {
            writer.WriteLine("Rules: none newly firing or no longer firing");
        }
        else
        {
            writer.WriteLine("Rules (records decided both times)");
            WriteCounts(writer, "newly firing", tally.RulesNewlyFiring);
            WriteCounts(writer, "no longer firing", tally.RulesStoppingFiring);
        }

        if (tally.Largest.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine(tally.Largest.Count == 1 ? "The largest change" : Invariant($"The {tally.Largest.Count} largest changes"));
            var prefix = files.Count > 1;
            for (var i = 0; i < tally.Largest.Count; i++)
            {
                var change = tally.Largest[i];
                var parts = new[]
                    {
                        change.Compensation.Length > 0 ? "compensation " + change.Compensation : string.Empty,
                        change.Escalation.Length > 0 ? "escalation " + change.Escalation : string.Empty,
                        change.Other,
                    }
                    .Where(part => part.Length > 0);
                writer.WriteLine(RecordReplayer.OneLine(Invariant(
                    $"  {i + 1,2}. {(prefix ? change.File.Name + ": " : string.Empty)}{Who(change.CaseId)} (line {change.Line}): {string.Join("; ", parts)}")));
            }
        }

        writer.WriteLine();
        writer.WriteLine(SummaryLine(tally, policies));
    }

    /// <summary>Writes the impact report as Markdown (GitHub-flavoured tables).</summary>
    public static void WriteMarkdown(TextWriter writer, ReplayTally tally, ReplayPolicies policies, IReadOnlyList<RecordsFile> files)
    {
        writer.WriteLine($"## Replay of {string.Join(", ", files.Select(file => "`" + Code(file.Name) + "`"))} {Escape(Under(policies))}");
        writer.WriteLine();
        writer.WriteLine(Invariant($"**{tally.Changed} of {tally.Replayed} decisions change**; {tally.Identical} identical."));
        var notes = new List<string>();
        if (tally.MadeUnderAnotherPolicy > 0)
        {
            notes.Add(Invariant($"{tally.MadeUnderAnotherPolicy} of the records were made under another policy."));
        }

        if (tally.UnknownPolicy > 0)
        {
            notes.Add(Invariant($"{tally.UnknownPolicy} records were made under a policy not in `{Code(policies.Directory!)}` and were not replayed."));
        }

        if (tally.NotRecords > 0)
        {
            notes.Add(Invariant($"{tally.NotRecords} {(tally.NotRecords == 1 ? "line is not a record" : "lines are not records")} (listed below)."));
        }

        if (notes.Count > 0)
        {
            writer.WriteLine(string.Join(" ", notes));
        }

        writer.WriteLine();
        if (tally.Changed > 0)
        {
            writer.WriteLine("| Part | Decisions changed |");
            writer.WriteLine("|---|---:|");
            foreach (var part in ChangeParts.All)
            {
                if (tally.ChangedIn(part) > 0)
                {
                    writer.WriteLine(Invariant($"| {ChangeParts.Name(part)} | {tally.ChangedIn(part)} |"));
                }
            }

            writer.WriteLine();
        }

        writer.WriteLine("### Compensation");
        writer.WriteLine();
        if (tally.Money.Count == 0 && tally.CurrencyChanged == 0)
        {
            writer.WriteLine("No total changed.");
        }
        else
        {
            writer.WriteLine("Totals of the records decided both times. Net is the money the policy gives more overall, gross all the money that moves.");
            writer.WriteLine();
            writer.WriteLine("| Currency | Up | Moved up | Down | Moved down | Net | Gross |");
            writer.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var moves in tally.Money.Values)
            {
                writer.WriteLine(Invariant($"| {Escape(moves.Currency)} | {moves.Up} | {Up(moves)} | {moves.Down} | {Down(moves)} | {Net(moves)} | {Gross(moves)} |"));
            }

            if (tally.CurrencyChanged > 0)
            {
                writer.WriteLine();
                writer.WriteLine(Invariant($"The currency changed in {tally.CurrencyChanged} decisions; their amounts are not compared."));
            }
        }

        writer.WriteLine();
        writer.WriteLine("### Escalation");
        writer.WriteLine();
        var escalation = tally.Escalation;
        if (!escalation.Any)
        {
            writer.WriteLine("No change.");
        }
        else
        {
            WriteTable(writer, "Change", "Decisions",
            [
                ("target raised", escalation.Raised),
                ("target lowered", escalation.Lowered),
                ("target changed (recorded target not on the scale)", escalation.Changed),
                ("escalation added", escalation.Added),
                ("escalation removed", escalation.Removed),
                ("SLA (within) shortened", escalation.WithinShortened),
                ("SLA (within) lengthened", escalation.WithinLengthened),
            ]);
        }

        writer.WriteLine();
        writer.WriteLine("### Empowerment");
        writer.WriteLine();
        var empowerment = tally.Empowerment;
        if (!empowerment.Any)
        {
            writer.WriteLine("No change.");
        }
        else
        {
            WriteTable(writer, "Change", "Decisions",
            [
                ("role raised", empowerment.RoleRaised),
                ("role lowered", empowerment.RoleLowered),
                ("role changed (recorded role not on the scale)", empowerment.RoleChanged),
                ("empowerment added", empowerment.Added),
                ("empowerment removed", empowerment.Removed),
                ("limit raised", empowerment.LimitRaised),
                ("limit lowered", empowerment.LimitLowered),
                ("limit added", empowerment.LimitAdded),
                ("limit removed", empowerment.LimitRemoved),
                ("actions changed", empowerment.ActionsChanged),
                .. empowerment.ActionsGained.Select(pair => ("may now " + Escape(pair.Key), pair.Value)),
                .. empowerment.ActionsLost.Select(pair => ("may no longer " + Escape(pair.Key), pair.Value)),
            ]);
        }

        writer.WriteLine();
        writer.WriteLine("### Errors");
        writer.WriteLine();
        if (tally.ErrorsAppearing.Count + tally.ErrorsDisappearing.Count + tally.ErrorsChangingId.Count == 0)
        {
            writer.WriteLine("None appearing or disappearing.");
        }
        else
        {
            WriteTable(writer, "Error", "Appearing", "Disappearing", tally.ErrorsAppearing, tally.ErrorsDisappearing);
            if (tally.ErrorsChangingId.Count > 0)
            {
                writer.WriteLine();
                WriteTable(writer, "Error id changed", "Records", [.. tally.ErrorsChangingId.Select(pair => (Escape(pair.Key), pair.Value))]);
            }
        }

        writer.WriteLine();
        writer.WriteLine("### Rules");
        writer.WriteLine();
        if (tally.RulesNewlyFiring.Count + tally.RulesStoppingFiring.Count == 0)
        {
            writer.WriteLine("None newly firing or no longer firing.");
        }
        else
        {
            WriteTable(writer, "Rule", "Newly firing", "No longer firing", tally.RulesNewlyFiring, tally.RulesStoppingFiring);
        }

        if (tally.Largest.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine(tally.Largest.Count == 1 ? "### The largest change" : Invariant($"### The {tally.Largest.Count} largest changes"));
            writer.WriteLine();
            var withFile = files.Count > 1;
            writer.WriteLine(withFile ? "| # | File | Line | Case | Compensation | Escalation | Other |" : "| # | Line | Case | Compensation | Escalation | Other |");
            writer.WriteLine(withFile ? "|---:|---|---:|---|---|---|---|" : "|---:|---:|---|---|---|---|");
            for (var i = 0; i < tally.Largest.Count; i++)
            {
                var change = tally.Largest[i];
                var file = withFile ? Escape(change.File.Name) + " | " : string.Empty;
                writer.WriteLine(Invariant(
                    $"| {i + 1} | {file}{change.Line} | {Escape(change.CaseId ?? "(no id)")} | {Escape(change.Compensation)} | {Escape(change.Escalation)} | {Escape(change.Other)} |"));
            }
        }

        if (tally.FirstProblems.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("### Lines not replayed");
            writer.WriteLine();
            foreach (var problem in tally.FirstProblems)
            {
                writer.WriteLine($"- {(files.Count > 1 ? Escape(problem.File.Name) + ": " : string.Empty)}{Escape(problem.Message)}");
            }

            var more = tally.NotRecords + tally.UnknownPolicy - tally.FirstProblems.Count;
            if (more > 0)
            {
                writer.WriteLine(Invariant($"- … and {more} more"));
            }
        }

        writer.WriteLine();
        writer.WriteLine($"_{Escape(SummaryLine(tally, policies))}_");
    }

    private static string Under(ReplayPolicies policies)
    {
        if (policies.Single is { } policy)
        {
            var identity = policy.Identity;
            return $"under {identity.Id} {identity.Version} ({identity.Hash})";
        }

        var count = policies.Versions.Count;
        return Invariant($"under the policy that made each record ({count} {(count == 1 ? "version" : "versions")} in {policies.Directory})");
    }

    private static string Who(string? caseId) => caseId is null ? "record" : "case " + caseId;

    private static string Up(MoneyMoves moves) => moves.Overflowed ? "beyond the decimal range" : ReplayMoney.Signed(moves.UpAmount, moves.Currency);

    private static string Down(MoneyMoves moves) => moves.Overflowed ? "beyond the decimal range" : ReplayMoney.Signed(-moves.DownAmount, moves.Currency);

    private static string Net(MoneyMoves moves) => moves.Net is { } net ? ReplayMoney.Signed(net, moves.Currency) : "beyond the decimal range";

    private static string Gross(MoneyMoves moves) => moves.Gross is { } gross ? ReplayMoney.Format(gross, moves.Currency) : "beyond the decimal range";

    private static void WriteCounts(TextWriter writer, string label, SortedDictionary<string, long> counts)
    {
        if (counts.Count > 0)
        {
            writer.WriteLine(RecordReplayer.OneLine($"  {label}: {string.Join(", ", counts.Select(pair => Invariant($"{pair.Key} {pair.Value}")))}"));
        }
    }

    private static void WriteTable(TextWriter writer, string what, string count, IEnumerable<(string Label, long Count)> rows)
    {
        writer.WriteLine($"| {what} | {count} |");
        writer.WriteLine("|---|---:|");
        foreach (var (label, value) in rows)
        {
            writer.WriteLine(Invariant($"| {label} | {value} |"));
        }
    }

    private static void WriteTable(TextWriter writer, string what, string first, string second, SortedDictionary<string, long> firsts, SortedDictionary<string, long> seconds)
    {
        writer.WriteLine($"| {what} | {first} | {second} |");
        writer.WriteLine("|---|---:|---:|");
        foreach (var key in firsts.Keys.Union(seconds.Keys).Order(StringComparer.Ordinal))
        {
            writer.WriteLine(Invariant($"| {Escape(key)} | {firsts.GetValueOrDefault(key)} | {seconds.GetValueOrDefault(key)} |"));
        }
    }

    /// <summary>Text from records or policies, safe in a Markdown table cell: one line, Markdown's special characters escaped.</summary>
    internal static string Escape(string text)
    {
        text = RecordReplayer.OneLine(text);
        if (text.AsSpan().IndexOfAny("\\`*_[]<>|#") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if ("\\`*_[]<>|#".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Text for a Markdown code span: one line, without backticks.</summary>
    private static string Code(string text) => RecordReplayer.OneLine(text).Replace('`', '\'');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

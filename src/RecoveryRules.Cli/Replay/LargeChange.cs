using System.Collections.Immutable;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// One of the largest changes a replay found (docs/auditing.md, "The impact of a policy change"), ranked by
/// <see cref="Order"/>: the absolute change of the compensation total first (0 when the decision became or stopped
/// being an error, or changed currency), then the escalation change in steps of the scale
/// (<see cref="EscalationChanges.Add"/>), then file order (earlier first). Described once, when it enters the list.
/// </summary>
/// <param name="Rank">Its place in the order.</param>
/// <param name="File">The records file.</param>
/// <param name="Line">The record's line.</param>
/// <param name="CaseId">The recorded case id, or <c>null</c>.</param>
/// <param name="Compensation">The total then and now and the change (<c>80.00 USD → 100.00 USD (+20.00 USD)</c>), or empty when it did not change.</param>
/// <param name="Escalation">The escalation then and now (<c>team-lead within 2d → duty-manager within 1h</c>), or empty.</param>
/// <param name="Other">The other changes, in short (<c>fires goodwill-2027</c>, <c>decision → error RR0403</c>), or empty.</param>
internal sealed record LargeChange(LargeChange.Key Rank, RecordsFile File, long Line, string? CaseId, string Compensation, string Escalation, string Other)
{
    /// <summary>Largest first, then earlier first.</summary>
    public static readonly IComparer<Key> Order = Comparer<Key>.Create(static (x, y) =>
    {
        var order = y.Magnitude.CompareTo(x.Magnitude);
        if (order == 0)
        {
            order = y.Steps.CompareTo(x.Steps);
        }

        if (order == 0)
        {
            order = x.FileIndex.CompareTo(y.FileIndex);
        }

        return order != 0 ? order : x.Line.CompareTo(y.Line);
    });

    public static readonly IComparer<LargeChange> ByRank = Comparer<LargeChange>.Create(static (x, y) => Order.Compare(x.Rank, y.Rank));

    /// <summary>Describes a changed record.</summary>
    /// <param name="rank">Its rank.</param>
    /// <param name="record">The record and its replay.</param>
    /// <param name="parts">The parts that changed (<see cref="ChangeParts.Of"/>).</param>
    public static LargeChange Describe(Key rank, in ReplayedRecord record, int parts)
    {
        string compensation = string.Empty, escalation = string.Empty;
        var other = new List<string>();
        var (recorded, replayed) = (record.Recorded, record.Replayed);
        if (recorded.Decision is { } before && replayed.Decision is { } after)
        {
            compensation = DescribeTotals(before.Compensation, after.Compensation);
            var (then, now) = (Describe(before.Escalation), Describe(after.Escalation));
            if (then != now)
            {
                escalation = $"{then} → {now}";
            }

            if (HasPart(parts, ChangePart.Empowerment))
            {
                other.Add($"empowerment {Describe(before.Empowerment, before.Compensation.Currency)} → {Describe(after.Empowerment, after.Compensation.Currency)}");
            }

            var fires = after.Fired.Where(rule => !before.Fired.Contains(rule, StringComparer.Ordinal)).ToList();
            var stops = before.Fired.Where(rule => !after.Fired.Contains(rule, StringComparer.Ordinal)).ToList();
            if (fires.Count > 0)
            {
                other.Add("fires " + string.Join(", ", fires));
            }

            if (stops.Count > 0)
            {
                other.Add("no longer fires " + string.Join(", ", stops));
            }

            if (HasPart(parts, ChangePart.Fired) && fires.Count + stops.Count == 0)
            {
                other.Add("fired in another order");
            }

            if (HasPart(parts, ChangePart.Notes))
            {
                other.Add("notes");
            }
        }
        else if (recorded.Decision is not null)
        {
            other.Add($"decision → error {replayed.Error!.Id}");
        }
        else if (replayed.Decision is not null)
        {
            other.Add($"error {recorded.Error!.Id} → decision");
        }
        else
        {
            other.Add(recorded.Error!.Id == replayed.Error!.Id ? $"error {recorded.Error.Id}, another message or field" : $"error {recorded.Error.Id} → {replayed.Error.Id}");
        }

        if (HasPart(parts, ChangePart.Case))
        {
            other.Add("case id");
        }

        return new LargeChange(rank, record.File, record.Line, record.Record.CaseId, compensation, escalation, string.Join("; ", other));
    }

    private static bool HasPart(int parts, ChangePart part) => (parts & (1 << (int)part)) != 0;

    private static string DescribeTotals(CompensationDecision before, CompensationDecision after)
    {
        var then = ReplayMoney.Format(before.Total, before.Currency);
        var now = ReplayMoney.Format(after.Total, after.Currency);
        if (!string.Equals(before.Currency, after.Currency, StringComparison.Ordinal))
        {
            return $"{then} → {now}";
        }

        if (before.Total == after.Total)
        {
            return string.Empty;
        }

        return MoneyMoves.Difference(before.Total, after.Total) is { } change
            ? $"{then} → {now} ({ReplayMoney.Signed(change, after.Currency)})"
            : $"{then} → {now}";
    }

    private static string Describe(EscalationDecision? escalation) => escalation switch
    {
        null => "none",
        { Within: { } within } => $"{escalation.To} within {DecisionDisplay.Duration(within)}",
        _ => escalation.To,
    };

    private static string Describe(EmpowermentDecision? empowerment, string currency) => empowerment is null
        ? "none"
        : $"{empowerment.Role}{(empowerment.Limit is { } limit ? ", limit " + ReplayMoney.Format(limit, currency) : string.Empty)}{Actions(empowerment.Actions)}";

    private static string Actions(ImmutableArray<string> actions) => actions.IsDefaultOrEmpty ? string.Empty : $", may {string.Join(", ", actions)}";

    /// <summary>The rank of a change.</summary>
    /// <param name="Magnitude">The absolute change of the compensation total (<see cref="decimal.MaxValue"/> beyond the decimal range).</param>
    /// <param name="Steps">The escalation change in steps of the scale.</param>
    /// <param name="FileIndex">The file's place on the command line.</param>
    /// <param name="Line">The record's line.</param>
    internal readonly record struct Key(decimal Magnitude, int Steps, int FileIndex, long Line);
}

/// <summary>What kept a line from being replayed.</summary>
internal enum ProblemKind
{
    /// <summary>The line is not a whole record.</summary>
    NotARecord,

    /// <summary>With <c>--policy-dir</c>: no policy in the folder has the record's hash.</summary>
    UnknownPolicy,
}

/// <summary>A line that could not be replayed, with the message printed for it.</summary>
/// <param name="File">The records file.</param>
/// <param name="Line">The one-based line.</param>
/// <param name="Kind">Why.</param>
/// <param name="Message">The message, starting with <c>line N: </c>.</param>
internal sealed record ReplayProblem(RecordsFile File, long Line, ProblemKind Kind, string Message)
{
    /// <summary>File order.</summary>
    public static readonly IComparer<ReplayProblem> Order = Comparer<ReplayProblem>.Create(static (x, y) =>
    {
        var order = x.File.Index.CompareTo(y.File.Index);
        return order != 0 ? order : x.Line.CompareTo(y.Line);
    });
}

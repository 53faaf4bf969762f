using System.Collections.Immutable;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// What a replay found, counted (docs/auditing.md, "The impact of a policy change"): how many records replayed,
/// how many changed, and, over the changed ones, by kind: compensation up and down with the money moved per
/// currency, escalation raised, lowered, added, removed, its SLA shortened or lengthened, empowerment changes,
/// errors appearing and disappearing, rules that newly fire or stop firing, the largest changes and the first lines
/// that are not records. One per worker; merged at the end, so every count is independent of the order in which
/// the chunks were replayed.
/// </summary>
internal sealed class ReplayTally
{
    /// <summary>How many of the largest changes the report shows.</summary>
    public const int LargestShown = 10;

    /// <summary>How many problem lines the Markdown report lists (the text output prints every one as it is found).</summary>
    public const int ProblemsShown = 20;

    private readonly long[] _parts = new long[ChangeParts.All.Length];

    public long Replayed { get; private set; }

    public long Identical { get; private set; }

    public long Changed { get; private set; }

    public long MadeUnderAnotherPolicy { get; private set; }

    /// <summary>Lines that are not records.</summary>
    public long NotRecords { get; private set; }

    /// <summary>Records whose policy hash no policy of <c>--policy-dir</c> has.</summary>
    public long UnknownPolicy { get; private set; }

    /// <summary>Money moved, by currency (ordinal order), over the records decided both times in one currency.</summary>
    public SortedDictionary<string, MoneyMoves> Money { get; } = new(StringComparer.Ordinal);

    /// <summary>Decisions whose compensation currency changed (their amounts are not comparable).</summary>
    public long CurrencyChanged { get; private set; }

    public EscalationChanges Escalation { get; } = new();

    public EmpowermentChanges Empowerment { get; } = new();

    /// <summary>Records decided then and an error now, by the error id they give now.</summary>
    public SortedDictionary<string, long> ErrorsAppearing { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that were errors and are decided now, by the recorded error id.</summary>
    public SortedDictionary<string, long> ErrorsDisappearing { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that were errors and still are, with another id: <c>RR0403 → RR0404</c>.</summary>
    public SortedDictionary<string, long> ErrorsChangingId { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules that fire now and did not, by rule, over records decided both times.</summary>
    public SortedDictionary<string, long> RulesNewlyFiring { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules that fired and do not now, by rule, over records decided both times.</summary>
    public SortedDictionary<string, long> RulesStoppingFiring { get; } = new(StringComparer.Ordinal);

    /// <summary>The largest changes so far, largest first (<see cref="LargeChange.Order"/>), at most <see cref="LargestShown"/>.</summary>
    public List<LargeChange> Largest { get; } = [];

    /// <summary>The first problem lines (in file order), at most <see cref="ProblemsShown"/>.</summary>
    public List<ReplayProblem> FirstProblems { get; } = [];

    /// <summary>How many changed decisions changed in a part (a decision may change in several).</summary>
    public long ChangedIn(ChangePart part) => _parts[(int)part];

    /// <summary>Counts a line that is not a record, or a record with no policy to replay it.</summary>
    public void AddProblem(ReplayProblem problem)
    {
        if (problem.Kind == ProblemKind.NotARecord)
        {
            NotRecords++;
        }
        else
        {
            UnknownPolicy++;
        }

        KeepFirst(FirstProblems, problem, ProblemsShown, ReplayProblem.Order);
    }

    /// <summary>Counts one replayed record and, when it changed, every kind of change it shows.</summary>
    public void Add(in ReplayedRecord record)
    {
        Replayed++;
        if (record.MadeUnderAnotherPolicy)
        {
            MadeUnderAnotherPolicy++;
        }

        if (record.Differences.IsEmpty)
        {
            Identical++;
            return;
        }

        Changed++;
        var parts = ChangeParts.Of(record.Differences);
        for (var i = 0; i < _parts.Length; i++)
        {
            if ((parts & (1 << i)) != 0)
            {
                _parts[i]++;
            }
        }

        var recorded = record.Recorded;
        var replayed = record.Replayed;
        decimal magnitude = 0;
        var steps = 0;
        if (recorded.Decision is { } before && replayed.Decision is { } after)
        {
            magnitude = AddCompensation(before.Compensation, after.Compensation);
            steps = Escalation.Add(before.Escalation, after.Escalation, record.Policy.Bound.Escalation);
            Empowerment.Add(before.Empowerment, after.Empowerment, record.Policy.Bound.Role);
            AddFired(before.Fired, after.Fired);
        }
        else if (recorded.Decision is not null && replayed.Error is { } appearing)
        {
            Increment(ErrorsAppearing, appearing.Id);
        }
        else if (recorded.Error is { } disappearing && replayed.Decision is not null)
        {
            Increment(ErrorsDisappearing, disappearing.Id);
        }
        else if (recorded.Error is { } was && replayed.Error is { } now && !string.Equals(was.Id, now.Id, StringComparison.Ordinal))
        {
            Increment(ErrorsChangingId, $"{was.Id} → {now.Id}");
        }

        var key = new LargeChange.Key(magnitude, steps, record.File.Index, record.Line);
        if (Largest.Count < LargestShown || LargeChange.Order.Compare(key, Largest[^1].Rank) < 0)
        {
            KeepFirst(Largest, LargeChange.Describe(key, record, parts), LargestShown, LargeChange.ByRank);
        }
    }

    /// <summary>Adds another worker's counts to these.</summary>
    public void Merge(ReplayTally other)
    {
        Replayed += other.Replayed;
        Identical += other.Identical;
        Changed += other.Changed;
        MadeUnderAnotherPolicy += other.MadeUnderAnotherPolicy;
        NotRecords += other.NotRecords;
        UnknownPolicy += other.UnknownPolicy;
        for (var i = 0; i < _parts.Length; i++)
        {
            _parts[i] += other._parts[i];
        }

        foreach (var (currency, moves) in other.Money)
        {
            MovesIn(currency).Merge(moves);
        }

        CurrencyChanged += other.CurrencyChanged;
        Escalation.Merge(other.Escalation);
        Empowerment.Merge(other.Empowerment);
        MergeCounts(ErrorsAppearing, other.ErrorsAppearing);
        MergeCounts(ErrorsDisappearing, other.ErrorsDisappearing);
        MergeCounts(ErrorsChangingId, other.ErrorsChangingId);
        MergeCounts(RulesNewlyFiring, other.RulesNewlyFiring);
        MergeCounts(RulesStoppingFiring, other.RulesStoppingFiring);
        foreach (var change in other.Largest)
        {
            KeepFirst(Largest, change, LargestShown, LargeChange.ByRank);
        }

        foreach (var problem in other.FirstProblems)
        {
            KeepFirst(FirstProblems, problem, ProblemsShown, ReplayProblem.Order);
        }
    }

    /// <summary>Counts a compensation change; returns its size (0 when the currency changed or the total did not).</summary>
    private decimal AddCompensation(CompensationDecision before, CompensationDecision after)
    {
        if (!string.Equals(before.Currency, after.Currency, StringComparison.Ordinal))
        {
            CurrencyChanged++;
            return 0;
        }

        if (before.Total == after.Total)
        {
            return 0;
        }

        var change = MoneyMoves.Difference(before.Total, after.Total);
        MovesIn(after.Currency).Add(change, up: after.Total > before.Total);
        return change is { } value ? Math.Abs(value) : decimal.MaxValue;
    }

    private void AddFired(ImmutableArray<string> before, ImmutableArray<string> after)
    {
        foreach (var rule in after)
        {
            if (!before.Contains(rule, StringComparer.Ordinal))
            {
                Increment(RulesNewlyFiring, rule);
            }
        }

        foreach (var rule in before)
        {
            if (!after.Contains(rule, StringComparer.Ordinal))
            {
                Increment(RulesStoppingFiring, rule);
            }
        }
    }

    private MoneyMoves MovesIn(string currency)
    {
        if (!Money.TryGetValue(currency, out var moves))
        {
            moves = new MoneyMoves(currency);
            Money.Add(currency, moves);
        }

        return moves;
    }

    internal static void Increment(SortedDictionary<string, long> counts, string key, long by = 1) =>
        counts[key] = counts.TryGetValue(key, out var count) ? count + by : by;

    private static void MergeCounts(SortedDictionary<string, long> into, SortedDictionary<string, long> from)
    {
        foreach (var (key, count) in from)
        {
            Increment(into, key, count);
        }
    }

    /// <summary>Inserts <paramref name="item"/> in order and drops what falls past <paramref name="limit"/>.</summary>
    private static void KeepFirst<T>(List<T> list, T item, int limit, IComparer<T> order)
    {
        var index = list.BinarySearch(item, order);
        index = index < 0 ? ~index : index;
        if (index >= limit)
        {
            return;
        }

        list.Insert(index, item);
        if (list.Count > limit)
        {
            list.RemoveAt(list.Count - 1);
        }
    }
}

/// <summary>The parts of a decision a change can touch, in the order the report lists them.</summary>
internal enum ChangePart
{
    Case,
    Compensation,
    Escalation,
    Empowerment,
    Notes,
    Fired,
    Error,
}

/// <summary>Which parts a list of differences touches, as bits of <see cref="ChangePart"/>.</summary>
internal static class ChangeParts
{
    public static readonly ImmutableArray<ChangePart> All = [.. Enum.GetValues<ChangePart>()];

    public static int Of(ImmutableArray<DecisionDifference> differences)
    {
        var parts = 0;
        foreach (var difference in differences)
        {
            parts |= 1 << (int)PartOf(difference.Field);
        }

        return parts;
    }

    public static string Name(ChangePart part) => part switch
    {
        ChangePart.Case => "case id",
        ChangePart.Compensation => "compensation",
        ChangePart.Escalation => "escalation",
        ChangePart.Empowerment => "empowerment",
        ChangePart.Notes => "notes",
        ChangePart.Fired => "fired",
        _ => "error",
    };

    /// <summary>The part a difference's field belongs to: the first segment of its path (<c>compensation.items[1].amount</c>: compensation).</summary>
    private static ChangePart PartOf(string field)
    {
        var end = field.AsSpan().IndexOfAny('.', '[');
        var head = end < 0 ? field.AsSpan() : field.AsSpan(0, end);
        return head switch
        {
            "case" => ChangePart.Case,
            "compensation" => ChangePart.Compensation,
            "escalation" => ChangePart.Escalation,
            "empowerment" => ChangePart.Empowerment,
            "notes" => ChangePart.Notes,
            "fired" => ChangePart.Fired,
            _ => ChangePart.Error,
        };
    }
}

using System.Collections.Immutable;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// Computes a <see cref="DecisionMatrix"/> (docs/design.md, "The decision matrix"): each rule's
/// truth is a table over the cells of the facts it reads (as the analyzers compute it); every
/// case of the decision space (one representative value per fact the rules read) is then run
/// through the policy's consideration order by looking the tables up, an undecided rule both
/// matching and not; each outcome's escalation is exact, its compensation a range computed with
/// interval arithmetic over the case's cell of every number, money and duration fact.
/// </summary>
internal sealed class DecisionMatrixBuilder
{
    private readonly BoundPolicy _policy;
    private readonly DecisionSpace _space;
    private readonly ImmutableArray<BoundRule> _rules;
    private readonly Truth[][] _tables;
    private readonly AmountInterval?[][] _ranges;
    private readonly AmountRanges _amounts;
    private readonly Truth[] _truth;
    private readonly List<int> _fired = [];
    private readonly (bool Known, bool HasItems, AmountInterval Sum)[] _ruleSums;
    private readonly bool[] _undecided;
    private AmountInterval _cap;
    private long _budget;
    private CellAccumulator _cell = null!;

    private DecisionMatrixBuilder(BoundPolicy policy, DecisionSpace space, Truth[][] tables, long budget)
    {
        _policy = policy;
        _space = space;
        _rules = policy.Rules;
        _tables = tables;
        _budget = budget;
        _amounts = new AmountRanges(policy);
        _ranges = [.. space.Dimensions.Select(CellRanges)];
        _truth = new Truth[_rules.Length];
        _ruleSums = new (bool, bool, AmountInterval)[_rules.Length];
        _undecided = new bool[_rules.Length];
    }

    public static DecisionMatrix Build(RecoveryPolicy compiled)
    {
        var policy = compiled.Bound;
        var space = DecisionSpace.Create(policy);
        var matrix = new[] { Find(space, policy.Severity, "severity"), Find(space, policy.Tier, "customer.tier"), Find(space, policy.Channel, "channel") };
        var others = Enumerable.Range(0, space.Dimensions.Length).Where(d => !matrix.Contains(d)).ToImmutableArray();

        // Each rule's table first: it is within the analyzers' limits per rule, and its size is known up front.
        var work = 0L;
        foreach (var (rule, r) in policy.Rules.Select((rule, r) => (rule, r)))
        {
            work = Plus(work, Times(space.Size(space.RuleDimensions[r]), Math.Max(1, rule.Conditions.Length)));
        }

        if (work > DecisionMatrix.MaxWork)
        {
            return Incomplete(compiled, space.Size([.. Enumerable.Range(0, space.Dimensions.Length)]), work);
        }

        try
        {
            var tables = policy.Rules.Select((rule, r) => Table(space, rule, r)).ToArray();
            var builder = new DecisionMatrixBuilder(policy, space, tables, DecisionMatrix.MaxWork - work);
            var signatures = builder.Signatures(matrix, others, out var distinct);
            var cells = Times(distinct, space.Size(others));
            work = Plus(work, Times(cells, Math.Max(1, policy.Rules.Length)));
            if (cells > DecisionMatrix.MaxCells || work > DecisionMatrix.MaxWork)
            {
                return Incomplete(compiled, cells, work);
            }

            return builder.Run(compiled, matrix, others, signatures, cells, work);
        }
        catch (WorkLimitException limit)
        {
            return Incomplete(compiled, space.Size([.. Enumerable.Range(0, space.Dimensions.Length)]), limit.Work);
        }
        catch (InsufficientExecutionStackException)
        {
            return Incomplete(compiled, space.Size([.. Enumerable.Range(0, space.Dimensions.Length)]), work);
        }
    }

    private static DecisionMatrix Incomplete(RecoveryPolicy compiled, long cells, long work)
    {
        var policy = compiled.Bound;
        return new DecisionMatrix(compiled.Identity, policy.Currency, policy.Severity.Members, policy.Tier.Members, policy.Channel.Members,
            policy.Escalation.Members, cells, work, [], []);
    }

    private static long Times(long a, long b)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    private static long Plus(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static int Find(DecisionSpace space, Vocabulary vocabulary, string name)
    {
        for (var d = 0; d < space.Dimensions.Length; d++)
        {
            var fact = space.Dimensions[d].Fact;
            if (fact.IsBuiltIn && fact.Name == name && ReferenceEquals(fact.Type.Vocabulary, vocabulary))
            {
                return d;
            }
        }

        throw new InvalidOperationException($"The decision space has no dimension for '{name}'.");
    }

    /// <summary>
    /// For each matrix cell (channel, severity, tier order), a key such that two cells with the same
    /// key decide every case alike: for each rule, its truth over the other facts with the cell's
    /// severity, tier and channel. Amounts never read a scale or a channel, so equal keys give equal
    /// cells, and each distinct key is enumerated once.
    /// </summary>
    private string[] Signatures(int[] matrix, ImmutableArray<int> others, out long distinct)
    {
        var slices = _rules.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var keys = new List<string>();
        var cell = new int[_space.Dimensions.Length];
        foreach (var (severity, tier, channel) in MatrixCells(matrix))
        {
            var key = new System.Text.StringBuilder();
            for (var r = 0; r < _rules.Length; r++)
            {
                var own = _space.RuleDimensions[r];
                var rest = own.Where(others.Contains).ToImmutableArray();
                Array.Clear(cell);
                cell[matrix[0]] = severity;
                cell[matrix[1]] = tier;
                cell[matrix[2]] = channel;
                var slice = new System.Text.StringBuilder();
                do
                {
                    slice.Append((char)('0' + (int)_tables[r][Index(own, cell)]));
                }
                while (_space.Next(cell, rest));

                Spend(slice.Length);
                var text = slice.ToString();
                if (!slices[r].TryGetValue(text, out var id))
                {
                    id = slices[r].Count;
                    slices[r][text] = id;
                }

                key.Append(id).Append(',');
            }

            keys.Add(key.ToString());
        }

        distinct = keys.Distinct(StringComparer.Ordinal).Count();
        return [.. keys];
    }

    /// <summary>The matrix cells' coordinates: by channel, then severity, then tier.</summary>
    private IEnumerable<(int Severity, int Tier, int Channel)> MatrixCells(int[] matrix)
    {
        for (var channel = 0; channel < _space.Dimensions[matrix[2]].Values.Length; channel++)
        {
            for (var severity = 0; severity < _space.Dimensions[matrix[0]].Values.Length; severity++)
            {
                for (var tier = 0; tier < _space.Dimensions[matrix[1]].Values.Length; tier++)
                {
                    yield return (severity, tier, channel);
                }
            }
        }
    }

    private DecisionMatrix Run(RecoveryPolicy compiled, int[] matrix, ImmutableArray<int> others, string[] signatures, long cells, long work)
    {
        var result = ImmutableArray.CreateBuilder<DecisionMatrixCell>(signatures.Length);
        var done = new Dictionary<string, CellAccumulator>(StringComparer.Ordinal);
        var cell = new int[_space.Dimensions.Length];
        var at = 0;
        foreach (var (severity, tier, channel) in MatrixCells(matrix))
        {
            var signature = signatures[at++];
            if (!done.TryGetValue(signature, out var accumulator))
            {
                Array.Clear(cell);
                cell[matrix[0]] = severity;
                cell[matrix[1]] = tier;
                cell[matrix[2]] = channel;
                _cell = accumulator = new CellAccumulator();
                do
                {
                    Enter(cell);
                    Consider(0);
                }
                while (_space.Next(cell, others));

                done[signature] = accumulator;
            }

            result.Add(accumulator.ToCell(_policy, _policy.Severity.Members[severity], _policy.Tier.Members[tier], _policy.Channel.Members[channel]));
        }

        var undecided = _rules.Where(r => _undecided[_rules.IndexOf(r)]).OrderBy(r => r.Index).Select(r => r.Id).ToImmutableArray();
        return new DecisionMatrix(compiled.Identity, _policy.Currency, _policy.Severity.Members, _policy.Tier.Members, _policy.Channel.Members,
            _policy.Escalation.Members, cells, work, result.MoveToImmutable(), undecided);
    }

    /// <summary>Looks up each rule's truth for the case, and sets the ranges of its number, money and duration facts.</summary>
    private void Enter(int[] cell)
    {
        for (var r = 0; r < _rules.Length; r++)
        {
            _truth[r] = _tables[r][Index(_space.RuleDimensions[r], cell)];
            _ruleSums[r].Known = false;
        }

        for (var d = 0; d < _ranges.Length; d++)
        {
            if (_ranges[d].Length > 0 && _ranges[d][cell[d]] is { } range)
            {
                _amounts.Set(_space.Dimensions[d].Fact.Index, range);
            }
        }

        _cap = _policy.Cap is { } cap ? _amounts.Money(cap) : default;
        Spend(_rules.Length);
    }

    /// <summary>Runs the rules from <paramref name="from"/> in consideration order; an undecided rule is taken both ways.</summary>
    private void Consider(int from)
    {
        var count = _fired.Count;
        for (var r = from; r < _rules.Length; r++)
        {
            var truth = _truth[r];
            if (truth == Truth.False)
            {
                continue;
            }

            if (truth == Truth.Unknown)
            {
                _undecided[r] = true;
                _cell.IsExact = false;
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                Consider(r + 1); // it does not match
                _fired.Add(r); // it matches
                if (!_rules[r].Stop)
                {
                    Consider(r + 1);
                }
                else
                {
                    Outcome();
                }

                _fired.RemoveRange(count, _fired.Count - count);
                return;
            }

            _fired.Add(r);
            if (_rules[r].Stop)
            {
                break;
            }
        }

        Outcome();
        _fired.RemoveRange(count, _fired.Count - count);
    }

    /// <summary>One outcome: the rules in <see cref="_fired"/> fired (consideration order).</summary>
    private void Outcome()
    {
        Spend(1 + _fired.Count);
        var cell = _cell;
        if (_fired.Count == 0)
        {
            cell.Unmatched = true;
            var otherwise = _policy.Otherwise;
            cell.Escalate(otherwise?.Escalation);
            var items = otherwise?.Items ?? [];
            cell.Compensate(items.IsEmpty ? AmountInterval.Zero : Capped(Sum(items)), items);
            return;
        }

        cell.Matched = true;
        BoundEscalation? chosen = null;
        decimal? within = null;
        foreach (var r in _fired)
        {
            var rule = _rules[r];
            cell.Rules.Add(r);
            if (rule.Decision.Escalation is not { } escalation)
            {
                continue;
            }

            if (_policy.EscalationMode == SelectionMode.First)
            {
                chosen ??= escalation;
                within ??= chosen.WithinSeconds;
                continue;
            }

            if (chosen is null || escalation.TargetOrdinal > chosen.TargetOrdinal)
            {
                chosen = escalation;
            }

            if (escalation.WithinSeconds is { } seconds && (within is null || seconds < within))
            {
                within = seconds;
            }
        }

        cell.Escalate(chosen is null ? null : chosen with { WithinSeconds = within });

        switch (_policy.CompensationMode)
        {
            case CompensationMode.Sum:
                var total = AmountInterval.Zero;
                var any = false;
                foreach (var r in _fired)
                {
                    var (hasItems, sum) = RuleSum(r);
                    if (hasItems)
                    {
                        any = true;
                        total += sum;
                        cell.Kinds(_rules[r].Decision.Items);
                    }
                }

                cell.Compensate(any ? Capped(total) : AmountInterval.Zero, []);
                break;
            case CompensationMode.Max:
                AmountInterval? best = null;
                foreach (var r in _fired)
                {
                    var (hasItems, sum) = RuleSum(r);
                    if (hasItems)
                    {
                        // The kept rule's total is the largest: at least the largest low end, at most the largest high end.
                        best = best is { } b ? AmountInterval.Max(b, sum) : sum;
                        cell.Kinds(_rules[r].Decision.Items);
                    }
                }

                cell.Compensate(best is { } kept ? Capped(kept) : AmountInterval.Zero, []);
                break;
            default:
                var first = _fired.FirstOrDefault(r => !_rules[r].Decision.Items.IsEmpty, -1);
                cell.Compensate(first < 0 ? AmountInterval.Zero : Capped(RuleSum(first).Sum), first < 0 ? [] : _rules[first].Decision.Items);
                break;
        }
    }

    private (bool HasItems, AmountInterval Sum) RuleSum(int r)
    {
        ref var known = ref _ruleSums[r];
        if (!known.Known)
        {
            var items = _rules[r].Decision.Items;
            known = (true, !items.IsEmpty, Sum(items));
            Spend(items.Length);
        }

        return (known.HasItems, known.Sum);
    }

    private AmountInterval Sum(ImmutableArray<BoundCompensationItem> items)
    {
        var total = AmountInterval.Zero;
        foreach (var item in items)
        {
            if (item.Amount is { } amount)
            {
                total += _amounts.Money(amount);
            }
        }

        return total;
    }

    /// <summary>The total limited by the cap: <c>min(total, cap)</c>.</summary>
    private AmountInterval Capped(AmountInterval total) => _policy.Cap is null ? total : AmountInterval.Min(total, _cap);

    private void Spend(long work)
    {
        _budget -= work;
        if (_budget < 0)
        {
            throw new WorkLimitException(DecisionMatrix.MaxWork - _budget);
        }
    }

    /// <summary>
    /// The range of each value of a number, money or duration dimension: a threshold is a point, an
    /// interval the open range between its thresholds (docs/design.md, "Policy analysis"); empty for
    /// other dimensions. Where the values do not follow that layout, each stands for the range
    /// between its neighbours: wider, never narrower.
    /// </summary>
    private static AmountInterval?[] CellRanges(Dimension dimension)
    {
        var kind = dimension.Fact.Type.Kind;
        if (kind is not (TypeKind.Number or TypeKind.Money or TypeKind.Duration or TypeKind.Percent))
        {
            return [];
        }

        var values = dimension.Values.Select(v => v.Number).ToArray();
        var floor = kind == TypeKind.Duration ? 0m : (decimal?)null;
        var ranges = new AmountInterval?[values.Length];
        var ordered = values.Zip(values.Skip(1)).All(p => p.First < p.Second);

        // Thresholds sit at odd positions (below the first, a threshold, between, …), or at even
        // positions for a duration (0, between, a threshold, …, above).
        var thresholdParity = floor is null ? 1 : 0;
        var layout = ordered && (floor is null ? values.Length % 2 == 1 : values.Length % 2 == 0 && values[0] == 0m);
        for (var i = 0; i < values.Length; i++)
        {
            var below = i > 0 ? values[i - 1] : floor;
            var above = i + 1 < values.Length ? values[i + 1] : (decimal?)null;
            if (values.Length == 1 && floor is null)
            {
                ranges[i] = AmountInterval.Everything;
            }
            else if (layout && i % 2 == thresholdParity)
            {
                ranges[i] = AmountInterval.Point(values[i]);
            }
            else
            {
                ranges[i] = new AmountInterval(below, above);
            }
        }

        return ranges;
    }

    /// <summary>The rule's truth over the cells of the facts its conditions read, row-major over its dimensions: the analyzers' table.</summary>
    private static Truth[] Table(DecisionSpace space, BoundRule rule, int r) => PolicyAnalyzer.Table(space, rule, r);

    /// <summary>The position of <paramref name="cell"/> among the cells over <paramref name="over"/>, row-major.</summary>
    private int Index(ImmutableArray<int> over, int[] cell)
    {
        var index = 0;
        foreach (var d in over)
        {
            index = (index * _space.Dimensions[d].Values.Length) + cell[d];
        }

        return index;
    }

    private sealed class WorkLimitException(long work) : Exception
    {
        public long Work { get; } = work;
    }

    /// <summary>What the cases of one cell get, gathered over their outcomes.</summary>
    private sealed class CellAccumulator
    {
        private readonly SortedDictionary<int, (string Target, decimal? Within)> _targets = [];
        private readonly List<string> _kinds = [];
        private AmountInterval? _compensation;

        public SortedSet<int> Rules { get; } = [];

        public bool Matched { get; set; }

        public bool Unmatched { get; set; }

        public bool IsExact { get; set; } = true;

        public bool NoEscalation { get; private set; }

        public void Escalate(BoundEscalation? escalation)
        {
            if (escalation is null)
            {
                NoEscalation = true;
                return;
            }

            if (_targets.TryGetValue(escalation.TargetOrdinal, out var known))
            {
                var within = known.Within is { } a && escalation.WithinSeconds is { } b ? Math.Min(a, b) : known.Within ?? escalation.WithinSeconds;
                _targets[escalation.TargetOrdinal] = (known.Target, within);
            }
            else
            {
                _targets[escalation.TargetOrdinal] = (escalation.Target, escalation.WithinSeconds);
            }
        }

        public void Compensate(AmountInterval total, ImmutableArray<BoundCompensationItem> items)
        {
            _compensation = _compensation is { } known ? known.Union(total) : total;
            Kinds(items);
        }

        public void Kinds(ImmutableArray<BoundCompensationItem> items)
        {
            foreach (var item in items)
            {
                if (!_kinds.Contains(item.Kind))
                {
                    _kinds.Add(item.Kind);
                }
            }
        }

        public DecisionMatrixCell ToCell(BoundPolicy policy, string severity, string tier, string channel)
        {
            var escalations = _targets.Reverse()
                .Select(t => new EscalationReach(t.Value.Target, t.Key, t.Value.Within is { } seconds ? Parsing.Durations.ToTimeSpan(seconds) : null))
                .ToImmutableArray();
            var range = _compensation ?? AmountInterval.Zero;
            var coverage = !Unmatched ? CellCoverage.Covered : Matched ? CellCoverage.Partial : CellCoverage.Uncovered;
            var rules = Rules.Select(r => policy.Rules[r]).OrderBy(r => r.Index).Select(r => r.Id).ToImmutableArray();
            return new DecisionMatrixCell(severity, tier, channel, escalations, NoEscalation,
                new CompensationRange(policy.Currency, Math.Max(range.Low ?? 0m, 0m), range.High),
                [.. _kinds], rules, coverage, IsExact);
        }
    }
}

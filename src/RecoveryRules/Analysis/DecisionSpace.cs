using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>One fact's values in the decision space: each value stands for every case value of its cell.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Values">One representative value per cell of this fact.</param>
/// <param name="IsFinite">Whether the values are the fact's own values (a scale, the channels, a <c>oneOf</c>, a boolean), not intervals.</param>
internal sealed record Dimension(FactSymbol Fact, ImmutableArray<AbstractValue> Values, bool IsFinite)
{
    /// <summary>The fact's value as a message names it: a member, <c>true</c>, a number.</summary>
    public string Label(int index)
    {
        var value = Values[index];
        return value.Kind switch
        {
            AbstractKind.Ordinal => Fact.Type.Vocabulary!.Members[value.Ordinal],
            AbstractKind.Bool => value.Bool ? "true" : "false",
            AbstractKind.Text => value.Text!,
            _ => value.Number.ToString(CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>
/// The decision space of a bound policy (docs/design.md, "Policy analysis"): one dimension per
/// fact the rules' conditions read (through defines), plus severity, tier and channel. Finite facts
/// are enumerated exactly; a number, money or duration fact is split at every threshold the policy
/// compares it with (each threshold a cell of its own, and one cell for each interval between), so
/// that every comparison the policy makes has one value over each cell; a text fact gets each text
/// the policy compares it with and one "other" text.
/// </summary>
internal sealed class DecisionSpace
{
    private DecisionSpace(ImmutableArray<Dimension> dimensions, SpaceEvaluator evaluator, ImmutableArray<ImmutableArray<int>> ruleDimensions, ImmutableArray<ImmutableArray<int[]>> ruleClasses)
    {
        Dimensions = dimensions;
        Evaluator = evaluator;
        RuleDimensions = ruleDimensions;
        RuleClasses = ruleClasses;
    }

    public ImmutableArray<Dimension> Dimensions { get; }

    public SpaceEvaluator Evaluator { get; }

    /// <summary>For each rule (in consideration order), the indexes in <see cref="Dimensions"/> of the facts its conditions read.</summary>
    public ImmutableArray<ImmutableArray<int>> RuleDimensions { get; }

    /// <summary>
    /// For each rule and each of its dimensions (as in <see cref="RuleDimensions"/>), the value that
    /// stands for each value of the dimension in that rule: the first value of its class, where the
    /// values of one class lie on the same side of every threshold (and text) the rule's own
    /// conditions compare the fact with, so the rule is the same for all of them. The space splits a
    /// fact at every threshold of the whole policy; a rule is evaluated once per class.
    /// </summary>
    public ImmutableArray<ImmutableArray<int[]>> RuleClasses { get; }

    public static DecisionSpace Create(BoundPolicy policy)
    {
        var evaluator = new SpaceEvaluator(policy.Facts.Length);
        var collector = new ThresholdCollector(policy, evaluator);
        var ruleFacts = new List<SortedSet<int>>();
        var ruleUsages = new List<Usage>();
        foreach (var rule in policy.Rules)
        {
            var usage = new Usage();
            foreach (var condition in rule.Conditions)
            {
                collector.Walk(condition.Expression, usage);
            }

            ruleFacts.Add(usage.Facts);
            ruleUsages.Add(usage);
        }

        // Severity, tier and channel are always dimensions: coverage is listed over them.
        var used = new SortedSet<int>(ruleFacts.SelectMany(f => f));
        foreach (var fact in policy.Facts)
        {
            if (fact.Type.Vocabulary is { } vocabulary
                && (ReferenceEquals(vocabulary, policy.Severity) || ReferenceEquals(vocabulary, policy.Tier) || ReferenceEquals(vocabulary, policy.Channel))
                && fact.IsBuiltIn)
            {
                used.Add(fact.Index);
            }
        }

        var dimensions = ImmutableArray.CreateBuilder<Dimension>();
        var position = new Dictionary<int, int>();
        foreach (var index in used)
        {
            position[index] = dimensions.Count;
            dimensions.Add(collector.Dimension(policy.Facts[index]));
        }

        var ruleDimensions = ruleFacts.Select(facts => facts.Select(f => position[f]).ToImmutableArray()).ToImmutableArray();
        var built = dimensions.ToImmutable();
        var ruleClasses = ruleDimensions.Select((own, r) => own.Select(d => Classes(built[d], ruleUsages[r])).ToImmutableArray()).ToImmutableArray();
        return new DecisionSpace(built, evaluator, ruleDimensions, ruleClasses);
    }

    /// <summary>The representative of each value of <paramref name="dimension"/> for a rule that compares it as <paramref name="usage"/> says.</summary>
    private static int[] Classes(Dimension dimension, Usage usage)
    {
        var values = dimension.Values;
        var map = new int[values.Length];
        if (dimension.IsFinite)
        {
            for (var v = 0; v < map.Length; v++)
            {
                map[v] = v;
            }

            return map;
        }

        var fact = dimension.Fact.Index;
        var thresholds = usage.Thresholds.TryGetValue(fact, out var set) ? set.ToArray() : [];
        var texts = usage.Texts.TryGetValue(fact, out var known) ? known : null;
        var first = new Dictionary<(int, bool, string?), int>();
        for (var v = 0; v < values.Length; v++)
        {
            var value = values[v];
            var key = value.Kind == AbstractKind.Text
                ? (0, false, texts is not null && texts.Contains(value.Text!) ? value.Text : null)
                : (thresholds.Count(t => t < value.Number), Array.IndexOf(thresholds, value.Number) >= 0, (string?)null);
            if (!first.TryGetValue(key, out var representative))
            {
                representative = v;
                first[key] = v;
            }

            map[v] = representative;
        }

        return map;
    }

    /// <summary>The number of cells over <paramref name="over"/> (indexes of dimensions), at most <see cref="long.MaxValue"/> / 1024.</summary>
    public long Size(ImmutableArray<int> over)
    {
        var size = 1L;
        foreach (var d in over)
        {
            size = Math.Min(size * Dimensions[d].Values.Length, long.MaxValue / 1024);
        }

        return size;
    }

    /// <summary>Puts the cell's values (one index per dimension) into the evaluator's facts.</summary>
    public void Enter(ReadOnlySpan<int> cell)
    {
        for (var d = 0; d < cell.Length; d++)
        {
            Evaluator.Set(Dimensions[d].Fact.Index, Dimensions[d].Values[cell[d]]);
        }
    }

    /// <summary>Steps <paramref name="cell"/> to the next cell over <paramref name="over"/> (indexes of dimensions); false after the last.</summary>
    public bool Next(Span<int> cell, ImmutableArray<int> over)
    {
        for (var i = over.Length - 1; i >= 0; i--)
        {
            var d = over[i];
            if (++cell[d] < Dimensions[d].Values.Length)
            {
                return true;
            }

            cell[d] = 0;
        }

        return false;
    }

    /// <summary>What a rule's conditions (or a define's body) read: the facts, and the thresholds and texts each fact is compared with.</summary>
    private sealed class Usage
    {
        public SortedSet<int> Facts { get; } = [];

        public Dictionary<int, SortedSet<decimal>> Thresholds { get; } = [];

        public Dictionary<int, SortedSet<string>> Texts { get; } = [];

        public void Add(Usage other)
        {
            Facts.UnionWith(other.Facts);
            foreach (var (fact, set) in other.Thresholds)
            {
                foreach (var value in set)
                {
                    ThresholdCollector.Add(Thresholds, fact, value);
                }
            }

            foreach (var (fact, set) in other.Texts)
            {
                foreach (var value in set)
                {
                    ThresholdCollector.Add(Texts, fact, value);
                }
            }
        }
    }

    /// <summary>
    /// Walks conditions once before the enumeration: records the facts each reads, the thresholds
    /// at which each number, money and duration fact is compared, and the texts each text fact is
    /// compared with.
    /// </summary>
    private sealed class ThresholdCollector(BoundPolicy policy, SpaceEvaluator evaluator)
    {
        private readonly Dictionary<int, SortedSet<decimal>> _thresholds = [];
        private readonly Dictionary<int, SortedSet<string>> _texts = [];
        private readonly Dictionary<BoundExpression, Usage> _defines = new(ReferenceEqualityComparer.Instance);

        public void Walk(BoundExpression node, Usage usage)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (node)
            {
                case BoundFactReference fact:
                    usage.Facts.Add(fact.Fact.Index);
                    return;
                case BoundDefineReference define:
                    if (!_defines.TryGetValue(define.Body, out var body))
                    {
                        body = new Usage();
                        _defines[define.Body] = body;
                        Walk(define.Body, body);
                    }

                    usage.Add(body);
                    return;
                case BoundUnary unary:
                    Walk(unary.Operand, usage);
                    return;
                case BoundBinary binary:
                    Walk(binary.Left, usage);
                    Walk(binary.Right, usage);
                    if (binary.Operator is >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual)
                    {
                        Split(binary, binary.Left, binary.Right, usage);
                    }

                    return;
                case BoundIn @in:
                    Walk(@in.Left, usage);
                    foreach (var item in @in.Items)
                    {
                        Walk(item, usage);
                        Split(@in, @in.Left, item, usage);
                    }

                    return;
                case BoundDivision division:
                    Walk(division.Left, usage);
                    Walk(division.Right, usage);
                    return;
                case BoundCall call:
                    foreach (var argument in call.Arguments)
                    {
                        Walk(argument, usage);
                    }

                    return;
                case BoundDurationPart part:
                    Walk(part.Operand, usage);
                    return;
            }
        }

        /// <summary>Records where <c>left op right</c> changes value, or marks the comparison inexact.</summary>
        private void Split(BoundExpression comparison, BoundExpression left, BoundExpression right, Usage usage)
        {
            Probe();
            AbstractValue l, r;
            try
            {
                l = evaluator.Evaluate(left);
                r = evaluator.Evaluate(right);
            }
            catch (OverflowException)
            {
                evaluator.Inexact.Add(comparison);
                return;
            }

            var (side, constant) = l.Source >= 0 && r.Source == AbstractValue.Constant ? (left, r)
                : r.Source >= 0 && l.Source == AbstractValue.Constant ? (right, l)
                : (null, default);
            if (side is null)
            {
                return;
            }

            var fact = l.Source >= 0 ? l.Source : r.Source;
            if (constant.Kind == AbstractKind.Text)
            {
                Add(_texts, fact, constant.Text!);
                Add(usage.Texts, fact, constant.Text!);
                return;
            }

            if (constant.Kind != AbstractKind.Number)
            {
                return;
            }

            // side is a·x + b in the fact x: b at x = 0, a from x = 1; the threshold is (c − b) / a,
            // kept only when it gives back c exactly.
            try
            {
                var b = At(side, fact, 0m);
                var a = At(side, fact, 1m) - b;
                if (a == 0)
                {
                    return;
                }

                // (c − b) / a may round (a = 1/3600 for delay.hours): the shortest rounding of it
                // that gives back c exactly is the threshold; with none, the comparison is unknown.
                var estimate = (constant.Number - b) / a;
                for (var digits = 0; digits <= 28; digits++)
                {
                    var threshold = Math.Round(estimate, digits, MidpointRounding.AwayFromZero);
                    if (At(side, fact, threshold) == constant.Number)
                    {
                        Add(_thresholds, fact, threshold);
                        Add(usage.Thresholds, fact, threshold);
                        return;
                    }
                }

                evaluator.Inexact.Add(comparison);
            }
            catch (OverflowException)
            {
                evaluator.Inexact.Add(comparison);
            }
        }

        private decimal At(BoundExpression side, int fact, decimal value)
        {
            evaluator.Set(fact, AbstractValue.OfNumber(value, fact));
            return evaluator.Evaluate(side).Number;
        }

        /// <summary>Every fact at a value that only tells where values come from.</summary>
        private void Probe()
        {
            foreach (var fact in policy.Facts)
            {
                evaluator.Set(fact.Index, fact.Type.Kind switch
                {
                    TypeKind.Bool => AbstractValue.OfBool(false),
                    TypeKind.Member => AbstractValue.OfOrdinal(0),
                    TypeKind.Text => AbstractValue.OfText(string.Empty, fact.Index),
                    _ => AbstractValue.OfNumber(0m, fact.Index),
                });
            }
        }

        public static void Add<T>(Dictionary<int, SortedSet<T>> sets, int fact, T value)
        {
            if (!sets.TryGetValue(fact, out var set))
            {
                set = [];
                sets[fact] = set;
            }

            set.Add(value);
        }

        public Dimension Dimension(FactSymbol fact)
        {
            switch (fact.Type.Kind)
            {
                case TypeKind.Bool:
                    return new Dimension(fact, [AbstractValue.OfBool(false), AbstractValue.OfBool(true)], IsFinite: true);
                case TypeKind.Member:
                    return new Dimension(fact, [.. Enumerable.Range(0, fact.Type.Vocabulary!.Members.Length).Select(AbstractValue.OfOrdinal)], IsFinite: true);
                case TypeKind.Text:
                    var texts = _texts.TryGetValue(fact.Index, out var known) ? known : [];
                    var other = "other";
                    while (texts.Contains(other))
                    {
                        other += "'";
                    }

                    return new Dimension(fact, [.. texts.Append(other).Select(t => AbstractValue.OfText(t, fact.Index))], IsFinite: false);
                default:
                    return new Dimension(fact, [.. Intervals(fact).Select(v => AbstractValue.OfNumber(v, fact.Index))], IsFinite: false);
            }
        }

        /// <summary>A value for each threshold and for each interval below, between and above them; durations are never negative.</summary>
        private List<decimal> Intervals(FactSymbol fact)
        {
            var thresholds = _thresholds.TryGetValue(fact.Index, out var set) ? set.ToList() : [];
            var floor = fact.Type.Kind == TypeKind.Duration ? 0m : (decimal?)null;
            if (floor is { } zero)
            {
                thresholds = [zero, .. thresholds.Where(t => t > zero)];
            }

            var values = new List<decimal>();
            if (floor is null)
            {
                values.Add(thresholds.Count == 0 ? 0m : Below(thresholds[0]));
            }

            for (var i = 0; i < thresholds.Count; i++)
            {
                values.Add(thresholds[i]);
                values.Add(i + 1 < thresholds.Count ? Between(thresholds[i], thresholds[i + 1]) : Above(thresholds[i]));
            }

            return values;
        }

        private static decimal Below(decimal value) => value > decimal.MinValue + 1 ? value - 1 : value / 2;

        private static decimal Above(decimal value) => value < decimal.MaxValue - 1 ? value + 1 : value;

        private static decimal Between(decimal low, decimal high) => low + ((high - low) / 2);
    }
}

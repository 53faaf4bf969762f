using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// Exact, bit-parallel matching (docs/design.md §35): the rule index of §19 extended so that, for most rules, the
/// AND of a case's rows IS the rule's verdict. Besides the finite dimensions (a member, a boolean) it has numeric
/// dimensions (every comparison <see cref="ScaledComparison"/> reduces to <c>X * Factor op Bound</c> on one scaled
/// variable is a threshold on <c>X</c>: a row per interval between a variable's breakpoints) and derived dimensions
/// (a failure-free boolean define that is no single dimension, evaluated once per case). Per rule it records which
/// conditions the rows capture exactly; the others are its residual conditions, evaluated in order only when its bit
/// is set. Built from the bound policy; the closure program (<see cref="ClosureMatcher"/>) runs it.
/// </summary>
/// <remarks>
/// <para>A condition is captured only when every condition before it in the rule is captured or cannot fail
/// (<see cref="FailureFreedom"/>): a rule left out must be one the unindexed program would have found false without a
/// case error, and a rule run evaluates its residual conditions in their order, so the same one fails first.</para>
/// <para>A numeric key is <c>2X</c> for a scaled value. A variable whose atoms all compare the variable itself with a
/// constant at <c>|Factor| = 1</c> (<see cref="NumericDimension.Pure"/>) also takes values that are not scaled: the key
/// is then <c>2 floor(x) + 1</c> for a fractional <c>x = v * 10^4</c>, which every such atom orders as the real value;
/// a case with any other variable not scaled runs the unindexed program.</para>
/// <para>Tables stay linear in the policy: their words are at most <see cref="BudgetPerRule"/> per rule plus
/// <see cref="BudgetBase"/>; past it the costliest dimensions are left out and their atoms stay residual.</para>
/// </remarks>
internal sealed class RuleMatch
{
    /// <summary>Table words allowed per rule of the policy (with <see cref="BudgetBase"/>): the tables are linear in the policy.</summary>
    public const int BudgetPerRule = 32;

    /// <summary>Table words allowed whatever the policy's size.</summary>
    public const int BudgetBase = 4096;

    private RuleMatch(int rules, int words, NumericDimension[] numeric, MaskDimension[] finite, DerivedDimension[] derived, int[][] residual, int tableWords)
    {
        Rules = rules;
        Words = words;
        Numeric = numeric;
        Finite = finite;
        Derived = derived;
        Residual = residual;
        TableWords = tableWords;
    }

    public int Rules { get; }

    /// <summary>64-rule words of a row.</summary>
    public int Words { get; }

    public NumericDimension[] Numeric { get; }

    public MaskDimension[] Finite { get; }

    public DerivedDimension[] Derived { get; }

    /// <summary>Per rule, the indices of its conditions the rows do not capture, in order; empty when its bit is its verdict.</summary>
    public int[][] Residual { get; }

    /// <summary>How many 64-bit words the tables take (the budget's measure).</summary>
    public int TableWords { get; }

    /// <summary>How many rules need no condition evaluated: their bit is their verdict.</summary>
    public int ExactRules => Residual.Count(r => r.Length == 0);

    /// <summary>The fewest rules for which <see cref="RuleIndexing.Auto"/> matches exactly (measured: docs/performance.md, "Exact matching").</summary>
    public const int MinRules = 32;

    /// <summary>Whether a program that can match exactly does, for <paramref name="policy"/> indexed as <paramref name="indexing"/>.</summary>
    public static bool IsChosen(BoundPolicy policy, RuleIndexing indexing) =>
        indexing == RuleIndexing.Match || indexing == RuleIndexing.Auto && policy.Rules.Length >= MinRules;

    /// <summary>The most table words a policy of <paramref name="rules"/> rules may have.</summary>
    public static long Budget(int rules) => (BudgetPerRule * (long)rules) + BudgetBase;

    /// <summary>The matching of <paramref name="policy"/>'s rules, with tables of at most <paramref name="budget"/> words (default <see cref="Budget"/>).</summary>
    public static RuleMatch Build(BoundPolicy policy, long? budget = null)
    {
        var rules = policy.Rules.Length;
        var words = Math.Max(1, (rules + 63) / 64);
        var analysis = new Analysis(policy);

        // First pass: every atom a condition could be, to price the dimensions.
        var costs = new Dictionary<object, long>();
        var breakpoints = new Dictionary<ScaledVariable, HashSet<long>>();
        foreach (var rule in policy.Rules)
        {
            foreach (var condition in rule.Conditions)
            {
                if (analysis.Classify(condition.Expression) is { } atom)
                {
                    Price(atom, breakpoints, costs, analysis, words);
                }
            }
        }

        foreach (var (variable, points) in breakpoints)
        {
            costs[variable] = (points.Count + 1L) * words;
        }

        // The cheapest dimensions first, within the budget; the others' atoms stay residual.
        var kept = new HashSet<object>();
        long used = 0;
        var limit = budget ?? Budget(rules);
        foreach (var (dimension, cost) in costs.OrderBy(c => c.Value))
        {
            if (used + cost <= limit)
            {
                kept.Add(dimension);
                used += cost;
            }
        }

        // Second pass: per rule, the atoms captured (in a prefix of conditions that cannot fail) and the residual.
        var numericAtoms = new Dictionary<ScaledVariable, List<(int Rule, NumericTest Test)>>();
        var pure = new Dictionary<ScaledVariable, bool>();
        var maskAtoms = new Dictionary<object, Dictionary<int, ulong>>();
        var references = new Dictionary<DefineSymbol, BoundDefineReference>(ReferenceEqualityComparer.Instance);
        var residual = new int[rules][];
        for (var r = 0; r < rules; r++)
        {
            var rest = new List<int>();
            var free = true;
            var conditions = policy.Rules[r].Conditions;
            for (var c = 0; c < conditions.Length; c++)
            {
                var expression = conditions[c].Expression;
                if (free && analysis.Classify(expression) is { } atom && Uses(atom, kept))
                {
                    Capture(atom, r, numericAtoms, pure, maskAtoms, references);
                    continue;
                }

                rest.Add(c);
                free &= analysis.CannotFail(expression);
            }

            residual[r] = [.. rest];
        }

        var all = AllRules(rules, words);
        var numeric = new List<NumericDimension>();
        var tableWords = 0;
        foreach (var (variable, atoms) in numericAtoms)
        {
            var dimension = NumericDimension.Build(variable, pure[variable], atoms, rules, words, all);
            tableWords += dimension.Rows.Length;
            numeric.Add(dimension);
        }

        var finite = new List<MaskDimension>();
        var derived = new List<DerivedDimension>();
        foreach (var (key, masks) in maskAtoms)
        {
            var values = key is DimensionKey finiteKey ? analysis.ValueCount(finiteKey) : 2;
            var rows = new ulong[values * words];
            for (var v = 0; v < values; v++)
            {
                all.CopyTo(rows, v * words);
            }

            foreach (var (rule, mask) in masks)
            {
                for (var v = 0; v < values; v++)
                {
                    if ((mask & (1UL << v)) == 0)
                    {
                        rows[(v * words) + (rule >> 6)] &= ~(1UL << (rule & 63));
                    }
                }
            }

            tableWords += rows.Length;
            if (key is DimensionKey dimensionKey)
            {
                finite.Add(new MaskDimension(dimensionKey, rows));
            }
            else
            {
                derived.Add(new DerivedDimension(references[(DefineSymbol)key], rows));
            }
        }

        return new RuleMatch(rules, words, [.. numeric], [.. finite], [.. derived], residual, tableWords);
    }

    /// <summary>A row with the bit of every rule set (and none past the last).</summary>
    internal static ulong[] AllRules(int rules, int words)
    {
        var all = new ulong[words];
        for (var r = 0; r < rules; r++)
        {
            all[r >> 6] |= 1UL << (r & 63);
        }

        return all;
    }

    private static void Price(Atom atom, Dictionary<ScaledVariable, HashSet<long>> breakpoints, Dictionary<object, long> costs, Analysis analysis, int words)
    {
        switch (atom)
        {
            case NumericAtom numeric:
                if (!breakpoints.TryGetValue(numeric.Variable, out var points))
                {
                    breakpoints[numeric.Variable] = points = [];
                }

                numeric.Test.Points(points);
                break;
            case FiniteAtom finite:
                costs[finite.Key] = (long)analysis.ValueCount(finite.Key) * words;
                break;
            case DerivedAtom derived:
                costs[derived.Reference.Define] = 2L * words;
                break;
            case AllAtom all:
                foreach (var part in all.Parts)
                {
                    Price(part, breakpoints, costs, analysis, words);
                }

                break;
        }
    }

    private static bool Uses(Atom atom, HashSet<object> kept) => atom switch
    {
        NumericAtom numeric => kept.Contains(numeric.Variable),
        FiniteAtom finite => kept.Contains(finite.Key),
        DerivedAtom derived => kept.Contains(derived.Reference.Define),
        AllAtom all => all.Parts.All(p => Uses(p, kept)),
        _ => false,
    };

    private static void Capture(Atom atom, int rule, Dictionary<ScaledVariable, List<(int, NumericTest)>> numeric, Dictionary<ScaledVariable, bool> pure,
        Dictionary<object, Dictionary<int, ulong>> masks, Dictionary<DefineSymbol, BoundDefineReference> references)
    {
        switch (atom)
        {
            case NumericAtom n:
                if (!numeric.TryGetValue(n.Variable, out var list))
                {
                    numeric[n.Variable] = list = [];
                    pure[n.Variable] = true;
                }

                list.Add((rule, n.Test));
                pure[n.Variable] &= n.Pure;
                break;
            case FiniteAtom f:
                And(masks, f.Key, rule, f.Mask);
                break;
            case DerivedAtom d:
                references[d.Reference.Define] = d.Reference;
                And(masks, d.Reference.Define, rule, d.Value ? 0b10UL : 0b01UL);
                break;
            case AllAtom all:
                foreach (var part in all.Parts)
                {
                    Capture(part, rule, numeric, pure, masks, references);
                }

                break;
        }
    }

    private static void And(Dictionary<object, Dictionary<int, ulong>> masks, object key, int rule, ulong mask)
    {
        if (!masks.TryGetValue(key, out var perRule))
        {
            masks[key] = perRule = [];
        }

        perRule[rule] = perRule.TryGetValue(rule, out var existing) ? existing & mask : mask;
    }

    /// <summary>What a condition is, when the rows can capture it exactly.</summary>
    internal abstract record Atom;

    /// <summary>True exactly when the finite dimension's value is in <see cref="Mask"/>.</summary>
    internal sealed record FiniteAtom(DimensionKey Key, ulong Mask) : Atom;

    /// <summary>True exactly when the failure-free boolean define has <see cref="Value"/>.</summary>
    internal sealed record DerivedAtom(BoundDefineReference Reference, bool Value) : Atom;

    /// <summary>True exactly when <see cref="Test"/> holds for the variable's key (for a scaled value; and for any value when <see cref="Pure"/>).</summary>
    internal sealed record NumericAtom(ScaledVariable Variable, NumericTest Test, bool Pure) : Atom;

    /// <summary>True exactly when every part is.</summary>
    internal sealed record AllAtom(Atom[] Parts) : Atom;

    /// <summary>Which conditions are atoms, over the bound model.</summary>
    private sealed class Analysis(BoundPolicy policy)
    {
        private readonly RuleConstraints _constraints = new();
        private readonly FailureFreedom _freedom = new();
        private readonly Dictionary<DimensionKey, int> _valueCounts = BuildValueCounts(policy);

        public bool CannotFail(BoundExpression node) => _freedom.CannotFail(node);

        public int ValueCount(DimensionKey key) => _valueCounts[key];

        private static Dictionary<DimensionKey, int> BuildValueCounts(BoundPolicy policy)
        {
            var counts = new Dictionary<DimensionKey, int>();
            foreach (var fact in policy.Facts)
            {
                if (fact.SlotKind == SlotKind.Boolean)
                {
                    counts[new DimensionKey(SlotKind.Boolean, fact.Slot)] = 2;
                }
                else if (fact.SlotKind == SlotKind.Ordinal && fact.Type.Vocabulary!.Members.Length <= 64)
                {
                    counts[new DimensionKey(SlotKind.Ordinal, fact.Slot)] = fact.Type.Vocabulary.Members.Length;
                }
            }

            return counts;
        }

        /// <summary>The atom <paramref name="node"/> (a condition) is, or null: then it stays residual.</summary>
        public Atom? Classify(BoundExpression node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (_constraints.TryAtom(node, out var key, out var mask) && _valueCounts.ContainsKey(key))
            {
                return new FiniteAtom(key, mask);
            }

            switch (node)
            {
                case BoundDefineReference define when ExpressionEmitter.ClrType(define.Type) == typeof(bool):
                    return Classify(define.Body) ?? (_freedom.CannotFail(define) ? new DerivedAtom(define, true) : null);
                case BoundUnary { Operator: BoundUnaryOperator.Not } not:
                    return Classify(not.Operand) switch
                    {
                        FiniteAtom f => new FiniteAtom(f.Key, ~f.Mask & AllValues(f.Key)),
                        DerivedAtom d => new DerivedAtom(d.Reference, !d.Value),
                        NumericAtom n => new NumericAtom(n.Variable, new NotTest(n.Test), n.Pure),
                        _ => null,
                    };
                case BoundBinary { Operator: BoundBinaryOperator.And } and:
                    return Classify(and.Left) is { } l && Classify(and.Right) is { } r ? new AllAtom([.. Parts(l), .. Parts(r)]) : null;
                case BoundBinary { Operator: BoundBinaryOperator.Or } or:
                    return Classify(or.Left) is NumericAtom a && Classify(or.Right) is NumericAtom b && a.Variable.Equals(b.Variable)
                        ? new NumericAtom(a.Variable, new OrTest(a.Test, b.Test), a.Pure && b.Pure)
                        : null;
                case BoundBinary { Operator: >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual } comparison:
                    return Numeric(comparison);
                default:
                    return null;
            }
        }

        private ulong AllValues(DimensionKey key) => _valueCounts[key] == 64 ? ulong.MaxValue : (1UL << _valueCounts[key]) - 1;

        private static IEnumerable<Atom> Parts(Atom atom) => atom is AllAtom all ? all.Parts : [atom];

        /// <summary>A comparison the programs run as <c>X * Factor op Bound</c> (§24, §29), on a variable a case can read without failing.</summary>
        private NumericAtom? Numeric(BoundBinary comparison)
        {
            BoundExpression? left = comparison.Left, right = comparison.Right;
            decimal? leftConstant = null, rightConstant = null;
            switch (ExpressionEmitter.ScaledDurationComparison(comparison))
            {
                case (true, { } seconds):
                    (left, right, rightConstant) = (((BoundDurationPart)comparison.Left).Operand, null, seconds);
                    break;
                case (false, { } seconds):
                    (left, leftConstant, right) = (null, seconds, ((BoundDurationPart)comparison.Right).Operand);
                    break;
                default:
                    if (ExpressionEmitter.ClrType(comparison.Left.Type) != typeof(decimal))
                    {
                        return null;
                    }

                    break;
            }

            if (!ScaledComparison.TryCreate(comparison.Operator, left, leftConstant, right, rightConstant, out var scaled)
                || scaled.Variable.Define is { } define && !_freedom.CannotFail(define))
            {
                return null;
            }

            // Pure: the variable itself against a constant, at factor ±1; its decimal comparison orders any value exactly.
            var pure = Math.Abs(scaled.Factor) == 1
                && (IsBare(left, scaled.Variable) && (rightConstant is not null || right is BoundLiteral)
                    || IsBare(right, scaled.Variable) && (leftConstant is not null || left is BoundLiteral));
            return new NumericAtom(scaled.Variable, new CompareTest(scaled.Factor, scaled.Bound, scaled.Operator), pure);
        }

        private static bool IsBare(BoundExpression? node, ScaledVariable variable) => node switch
        {
            BoundFactReference { Fact.SlotKind: SlotKind.Decimal } fact => !variable.IsDefine && fact.Fact.Slot == variable.Index,
            BoundDefineReference define => variable.IsDefine && define.Define.Index == variable.Index && !DefinePrograms.IsSmallBody(define.Body),
            _ => false,
        };
    }
}

/// <summary>One row per value of a finite dimension (a member's ordinal; a boolean's 0 or 1), <c>values × words</c>.</summary>
internal sealed record MaskDimension(DimensionKey Key, ulong[] Rows);

/// <summary>A failure-free boolean define evaluated once per case: rows for false and true.</summary>
internal sealed record DerivedDimension(BoundDefineReference Define, ulong[] Rows);

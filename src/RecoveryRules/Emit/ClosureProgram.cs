using System.Numerics;
using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// The policy's program without dynamic code (docs/design.md §20): the bound policy compiled, once, into a tree
/// of sealed nodes (<see cref="Node{T}"/>), one class per operation and slot type, as cel-go's planner builds
/// its interpretables. It runs where <see cref="System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported"/>
/// is false (Native AOT), in place of the expression tree interpreted, and decides exactly as the IL program:
/// the same rules in the same order, the same operations on the same values, the same checks and failures
/// (<see cref="EvaluationChecks"/>), written to the same <see cref="CaseFrame"/> slots.
/// </summary>
/// <remarks>
/// Built from the bound model, not from the expression tree <see cref="PolicyProgram"/> emits: the bound tree is
/// typed and small, while a walk of the expression tree would have to map its method calls back to operations
/// (or invoke them by reflection). Every choice the emitter makes that changes which operations run (a constant
/// percent folded to a factor, a duration part compared in seconds, a member list as a bit mask, a small define
/// inlined, a literal amount rounded once, the rule index) is one shared method that both call.
/// </remarks>
internal sealed class ClosureProgram
{
    private readonly ClosureRule[] _rules;
    private readonly RuleIndex? _index;
    private readonly ClosureMatcher? _matcher;
    private readonly Node<bool>[][] _residual = [];
    private readonly AmountStep[]? _otherwise;
    private readonly Node<decimal>? _cap;
    private readonly ClosureScaledAmount? _capScaled;
    private readonly int _capSite;
    private readonly int _digits;
    private readonly bool _clearDefines;
    private readonly int[] _scaledSlots;
    private readonly bool _explain;

    private ClosureProgram(BoundPolicy policy, bool explain, RuleIndexing indexing, bool scaleSlots)
    {
        var compiler = new Compiler(scaleSlots);
        _digits = policy.MinorUnit;
        _explain = explain;
        _rules = new ClosureRule[policy.Rules.Length];
        for (var order = 0; order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            _rules[order] = new ClosureRule(
                order,
                [.. rule.Conditions.Select(c => compiler.Bool(c.Expression))],
                compiler.Amounts(rule.Decision, policy.MinorUnit),
                rule.Stop,
                rule.FirstCondition);
        }

        _otherwise = policy.Otherwise is { } otherwise ? compiler.Amounts(otherwise, policy.MinorUnit) : null;
        _cap = policy.Cap is { } cap ? compiler.Decimal(cap) : null;
        _capScaled = policy.Cap is { } scaledCap ? compiler.ScaledAmountOf(scaledCap, policy.MinorUnit) : null;
        _capSite = policy.CapSite;

        // Exact matching (docs/design.md §35): on the integer forms, so only with them; the explaining program stays unindexed.
        if (!explain && scaleSlots && RuleMatch.IsChosen(policy, indexing))
        {
            var match = RuleMatch.Build(policy);
            _matcher = new ClosureMatcher(match, define => (ScaledDefineUse)compiler.Decimal(define), compiler.Bool);
            compiler.ScaledSlots.UnionWith(_matcher.FactSlots);
            _residual = new Node<bool>[_rules.Length][];
            for (var r = 0; r < _rules.Length; r++)
            {
                _residual[r] = [.. match.Residual[r].Select(c => _rules[r].Conditions[c])];
            }
        }

        compiler.CompilePendingDefines();
        _clearDefines = compiler.UsesDefines;
        _scaledSlots = ScaledSlots(compiler.ScaledSlots);

        // The same index as the IL program's (PolicyProgram.Emit); the explaining program stays unindexed.
        _index = explain || indexing == RuleIndexing.Never || _matcher is not null ? null
            : indexing == RuleIndexing.Always ? RuleIndex.Build(policy, minRules: 1, maxExpectedShare: 1.0)
            : RuleIndex.Build(policy);
    }

    /// <summary>The slots in order, as an array (without LINQ's sort: its instantiation for ints is JIT-compiled at start-up).</summary>
    internal static int[] ScaledSlots(HashSet<int> slots)
    {
        if (slots.Count == 0)
        {
            return [];
        }

        var ordered = new int[slots.Count];
        slots.CopyTo(ordered);
        Array.Sort(ordered);
        return ordered;
    }

    /// <summary>The index the program runs, when it is indexed (tests).</summary>
    public RuleIndex? Index => _index;

    /// <summary>The exact matching the program runs, when it matches (docs/design.md §35; tests).</summary>
    public ClosureMatcher? Matcher => _matcher;

    /// <summary>
    /// For tests: readies the frame as <see cref="Run"/> does (defines cleared, slots scaled) and selects the case's rules as
    /// the matching program would; false when the case runs unindexed. Requires <see cref="Matcher"/>.
    /// </summary>
    internal bool ProbeMatch(CaseFrame frame)
    {
        Prepare(frame);
        return _matcher!.TrySelect(frame);
    }

    /// <summary>Compiles <paramref name="policy"/>'s rules (or, with <paramref name="explain"/>, the variant that records every condition).</summary>
    /// <remarks><paramref name="scaleSlots"/> false leaves out the integer comparisons (docs/design.md §24; tests compare against it).</remarks>
    public static ClosureProgram Build(BoundPolicy policy, bool explain, RuleIndexing indexing = RuleIndexing.Auto, bool scaleSlots = true) => new(policy, explain, indexing, scaleSlots);

    /// <summary>As <see cref="Build"/>, as the delegate <see cref="TieredRuleProgram"/> runs.</summary>
    public static Action<CaseFrame> Compile(BoundPolicy policy, bool explain, RuleIndexing indexing = RuleIndexing.Auto) => Build(policy, explain, indexing).Run;

    /// <summary>Runs the rules over the frame: fills the fired rules, amounts, limits and cap (and, explaining, the conditions).</summary>
    public void Run(CaseFrame frame)
    {
        Prepare(frame);
        var amounts = frame.Amounts;
        var count = _explain ? RunExplaining(frame, amounts)
            : _matcher is not null ? RunMatched(frame, amounts)
            : _index is null ? RunAll(frame, amounts) : RunIndexed(frame, amounts);
        frame.FiredCount = count;
        if (count == 0 && _otherwise is { } otherwise)
        {
            Decide(otherwise, frame, amounts);
        }

        if (_cap is { } cap)
        {
            frame.Cap = _capScaled is { } scaled && scaled.TryEval(frame, out var amount) ? amount : EvaluationChecks.Amount(cap.Eval(frame), _digits, _capSite);
        }
    }

    private void Prepare(CaseFrame frame)
    {
        if (_clearDefines)
        {
            Array.Clear(frame.DefinesComputed);
        }

        if (_scaledSlots.Length > 0)
        {
            // The decimal slots the integer comparisons read, scaled once per case (docs/design.md §24).
            ScaledDecimal.ScaleSlots(frame.Decimals, frame.Scaled, _scaledSlots);
        }
    }

    /// <summary>
    /// The rules whose bits are set (<see cref="ClosureMatcher.TrySelect"/>), in consideration order: a rule without residual
    /// conditions fires on its bit alone, the others when their residual conditions hold; a <c>stop</c> ends the run. A case
    /// the matcher cannot key (a variable that is not pure without a scaled value) runs every rule (docs/design.md §35).
    /// </summary>
    private int RunMatched(CaseFrame frame, decimal[] amounts)
    {
        if (!_matcher!.TrySelect(frame))
        {
            return RunAll(frame, amounts);
        }

        var words = frame.CandidateWords;
        var rules = _rules;
        var residual = _residual;
        var fired = frame.Fired;
        var count = 0;
        for (var w = 0; w < words.Length && w << 6 < rules.Length; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                var order = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var conditions = residual[order];
                if (conditions.Length == 0 || Holds(conditions, frame))
                {
                    fired[count++] = order;
                    var rule = rules[order];
                    if (rule.Amounts.Length > 0)
                    {
                        Decide(rule.Amounts, frame, amounts);
                    }

                    if (rule.Stop)
                    {
                        return count;
                    }
                }
            }
        }

        return count;
    }

    private int RunAll(CaseFrame frame, decimal[] amounts)
    {
        var fired = frame.Fired;
        var count = 0;
        foreach (var rule in _rules)
        {
            if (Holds(rule.Conditions, frame))
            {
                fired[count++] = rule.Order;
                Decide(rule.Amounts, frame, amounts);
                if (rule.Stop)
                {
                    break;
                }
            }
        }

        return count;
    }

    /// <summary>The case's candidate rules (<see cref="RuleIndex.Select"/>), in consideration order; a <c>stop</c> ends the run.</summary>
    private int RunIndexed(CaseFrame frame, decimal[] amounts)
    {
        var words = _index!.Select(frame);
        var rules = _rules;
        var fired = frame.Fired;
        var count = 0;
        for (var w = 0; w < _index.Words; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                // An index without a selective dimension sets every bit of the last word, past the last rule.
                var order = (w << 6) + BitOperations.TrailingZeroCount(bits);
                if (order >= rules.Length)
                {
                    break;
                }

                var rule = rules[order];
                bits &= bits - 1;
                if (Holds(rule.Conditions, frame))
                {
                    fired[count++] = rule.Order;
                    Decide(rule.Amounts, frame, amounts);
                    if (rule.Stop)
                    {
                        return count;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>Every rule in turn, recording each condition evaluated (1 true, 0 false) until the first false one.</summary>
    private int RunExplaining(CaseFrame frame, decimal[] amounts)
    {
        var fired = frame.Fired;
        var recorded = frame.Conditions;
        var count = 0;
        foreach (var rule in _rules)
        {
            var holds = true;
            var conditions = rule.Conditions;
            for (var c = 0; c < conditions.Length; c++)
            {
                var test = conditions[c].Eval(frame);
                recorded[rule.FirstCondition + c] = test ? (sbyte)1 : (sbyte)0;
                if (!test)
                {
                    holds = false;
                    break;
                }
            }

            if (holds)
            {
                fired[count++] = rule.Order;
                Decide(rule.Amounts, frame, amounts);
                if (rule.Stop)
                {
                    break;
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(Node<bool>[] conditions, CaseFrame frame)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Eval(frame))
            {
                return false;
            }
        }

        return true;
    }

    private void Decide(AmountStep[] steps, CaseFrame frame, decimal[] amounts)
    {
        // Each step read in place and each amount written straight into its slot (no copy of the step, no decimal through
        // the stack): under Native AOT those copies were a third of this loop's samples (docs/design.md §37).
        foreach (ref readonly var step in steps.AsSpan())
        {
            ref var target = ref amounts[step.Slot];
            if (step.Value is not { } value)
            {
                target = step.Constant;
            }
            else if (step.Scaled is not { } scaled || !scaled.TryEval(frame, out target))
            {
                target = EvaluationChecks.Amount(value.Eval(frame), _digits, step.Site);
            }
        }
    }

    /// <summary>Compiles bound expressions into nodes, the defines each once.</summary>
    private sealed class Compiler(bool scaleSlots)
    {
        private readonly Dictionary<DefineSymbol, object> _uses = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<DefineSymbol, object> _inlined = new(ReferenceEqualityComparer.Instance);
        private readonly Queue<(BoundDefineReference Reference, object Use)> _pending = new();

        /// <summary>Whether any define is used through its cached value (the program then clears the frame's flags first).</summary>
        public bool UsesDefines => _uses.Count > 0;

        /// <summary>The decimal slots the integer comparisons read (<see cref="ScaledComparison"/>), as the IL program's.</summary>
        public HashSet<int> ScaledSlots { get; } = [];

        public AmountStep[] Amounts(BoundDecision decision, int digits)
        {
            var steps = new List<AmountStep>();
            foreach (var item in decision.Items)
            {
                if (item.Amount is { } amount)
                {
                    steps.Add(Amount(amount, item.AmountSlot, item.Site, digits));
                }
            }

            if (decision.Empowerment is { Limit: { } limit } empowerment)
            {
                steps.Add(Amount(limit, empowerment.LimitSlot, empowerment.Site, digits));
            }

            return [.. steps];
        }

        /// <summary>A literal amount is rounded once, here (<see cref="EvaluationChecks.TryConstantAmount"/>: what every case would compute).</summary>
        private AmountStep Amount(BoundExpression amount, int slot, int site, int digits) =>
            EvaluationChecks.TryConstantAmount(amount, digits, out var constant)
                ? new AmountStep(slot, null, constant, site)
                : new AmountStep(slot, Decimal(amount), 0m, site, ScaledAmountOf(amount, digits));

        /// <summary>An amount's integer form (<see cref="ScaledAmount"/>, as the IL program's), when the program has integer forms and the amount one.</summary>
        public ClosureScaledAmount? ScaledAmountOf(BoundExpression amount, int digits) =>
            scaleSlots && ScaledAmount.TryCreate(amount, digits, out var plan) ? new ClosureScaledAmount(plan!, Read(plan!.Variable)) : null;

        /// <summary>What an integer form reads: a fact's scaled slot (scaled at the program's start), or a define's scaled value.</summary>
        private ScaledRead Read(ScaledVariable variable)
        {
            if (variable.Define is not { } define)
            {
                ScaledSlots.Add(variable.Index);
                return new ScaledFactRead(variable.Index);
            }

            return new ScaledDefineRead((ScaledDefineUse)Decimal(define));
        }

        /// <summary>Compiles the body of every define used so far, and of the defines those use; each once.</summary>
        public void CompilePendingDefines()
        {
            while (_pending.TryDequeue(out var pending))
            {
                var body = pending.Reference.Body;
                switch (pending.Use)
                {
                    case DefineUse<decimal, DefineDecimals> use:
                        use.Body = Decimal(body);
                        break;
                    case ScaledDefineUse use:
                        use.Body = Decimal(body);
                        break;
                    case DefineUse<int, DefineOrdinals> use:
                        use.Body = Ordinal(body);
                        break;
                    case DefineUse<bool, DefineBooleans> use:
                        use.Body = Bool(body);
                        break;
                    case DefineUse<string?, DefineTexts> use:
                        use.Body = Text(body);
                        break;
                }
            }
        }

        /// <summary>
        /// A define's value: a small define's body in place (<see cref="DefinePrograms.IsSmallBody"/>, compiled once and
        /// shared), any other through its cached value, its body compiled by <see cref="CompilePendingDefines"/>.
        /// </summary>
        private Node<T> Define<T, TValues>(BoundDefineReference reference, Func<BoundExpression, Node<T>> compile)
            where TValues : struct, IDefineValues<T>
        {
            var define = reference.Define;
            if (DefinePrograms.IsSmallBody(reference.Body))
            {
                if (!_inlined.TryGetValue(define, out var inlined))
                {
                    inlined = compile(reference.Body);
                    _inlined[define] = inlined;
                }

                return (Node<T>)inlined;
            }

            if (!_uses.TryGetValue(define, out var use))
            {
                // With integer forms, a decimal define stores its scaled value too (docs/design.md §29).
                use = scaleSlots && typeof(T) == typeof(decimal) ? new ScaledDefineUse(define.Index) : new DefineUse<T, TValues>(define.Index);
                _uses[define] = use;
                _pending.Enqueue((reference, use));
            }

            return (Node<T>)use;
        }

        public Node<bool> Bool(BoundExpression node)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (node)
            {
                case BoundLiteral { Value: bool value }:
                    return new Constant<bool>(value);
                case BoundFactReference fact:
                    return new BooleanSlot(fact.Fact.Slot);
                case BoundDefineReference define:
                    return Define<bool, DefineBooleans>(define, Bool);
                case BoundUnary { Operator: BoundUnaryOperator.Not } not:
                    return Negated(Bool(not.Operand));
                case BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } logical:
                    var operands = new List<Node<bool>>();
                    Flatten(logical, logical.Operator, operands);
                    return logical.Operator == BoundBinaryOperator.And ? new All([.. operands]) : new Any([.. operands]);
                case BoundBinary { Operator: >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual } comparison:
                    return Comparison(comparison);
                case BoundIn @in:
                    return In(@in);
                default:
                    throw new InvalidOperationException($"Cannot compile {node.GetType().Name} as a condition: the binder should have reported it.");
            }
        }

        /// <summary><c>a and (b and c)</c> as the operands a, b, c: the same order, the same short-circuit.</summary>
        private void Flatten(BoundExpression node, BoundBinaryOperator op, List<Node<bool>> operands)
        {
            if (node is BoundBinary binary && binary.Operator == op)
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                Flatten(binary.Left, op, operands);
                Flatten(binary.Right, op, operands);
            }
            else
            {
                operands.Add(Bool(node));
            }
        }

        /// <summary><c>not</c>: of a bit test, the test of the other bits (the same for every ordinal: 1 &lt;&lt; o is one bit).</summary>
        private static Node<bool> Negated(Node<bool> operand) => operand switch
        {
            OrdinalSlotIn slotIn => new OrdinalSlotIn(slotIn.SlotIndex, ~slotIn.Mask),
            _ => new Not(operand),
        };

        private Node<bool> Comparison(BoundBinary binary)
        {
            switch (ExpressionEmitter.ScaledDurationComparison(binary))
            {
                case (true, { } seconds):
                    return Scaled(binary.Operator, ((BoundDurationPart)binary.Left).Operand, null, null, seconds);
                case (false, { } seconds):
                    return Scaled(binary.Operator, null, seconds, ((BoundDurationPart)binary.Right).Operand, null);
            }

            return ExpressionEmitter.ClrType(binary.Left.Type) switch
            {
                var t when t == typeof(decimal) => Scaled(binary.Operator, binary.Left, null, binary.Right, null),
                var t when t == typeof(int) => OrdinalComparison(binary.Operator, binary.Left, binary.Right),
                var t when t == typeof(bool) => Equality(binary.Operator, Bool(binary.Left), Bool(binary.Right), static (l, r, eq) => eq
                    ? new BoolComparison<EqualTo>(l, r) : new BoolComparison<NotEqualTo>(l, r)),
                _ => Equality(binary.Operator, Text(binary.Left), Text(binary.Right), static (l, r, eq) => eq
                    ? new TextComparison<EqualTo>(l, r) : new TextComparison<NotEqualTo>(l, r)),
            };
        }

        /// <summary>
        /// A decimal comparison, as an integer comparison where it is affine in one decimal fact (<see cref="ScaledComparison"/>,
        /// as the IL program's), over the decimal comparison for the cases whose value has no scaled integer.
        /// </summary>
        private Node<bool> Scaled(BoundBinaryOperator op, BoundExpression? left, decimal? leftConstant, BoundExpression? right, decimal? rightConstant)
        {
            var decimals = DecimalComparison(op, left, right, leftConstant, rightConstant);
            if (!scaleSlots || !ScaledComparison.TryCreate(op, left, leftConstant, right, rightConstant, out var comparison))
            {
                return decimals;
            }

            if (comparison.Variable.Define is { } define)
            {
                return Make(op, new ScaledDefineThen((ScaledDefineUse)Decimal(define), comparison.Factor, comparison.Bound, decimals));
            }

            ScaledSlots.Add(comparison.Variable.Index);
            return Make(op, new ScaledThen(comparison.Variable.Index, comparison.Factor, comparison.Bound, decimals));
        }

        private readonly record struct ScaledThen(int Slot, long Factor, long Bound, Node<bool> Decimals) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new ScaledSlotComparison<TCmp>(Slot, Factor, Bound, Decimals);
        }

        private readonly record struct ScaledDefineThen(ScaledDefineUse Use, long Factor, long Bound, Node<bool> Decimals) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new ScaledDefineComparison<TCmp>(Use, Factor, Bound, Decimals);
        }

        private static Node<bool> Equality<T>(BoundBinaryOperator op, T left, T right, Func<T, T, bool, Node<bool>> make) => op switch
        {
            BoundBinaryOperator.Equal => make(left, right, true),
            BoundBinaryOperator.NotEqual => make(left, right, false),
            _ => throw new InvalidOperationException($"The binary operator {op} is not defined for these operands."),
        };

        /// <summary>
        /// A decimal comparison: a literal on either side (or a duration part's scaled seconds, given as
        /// <paramref name="leftConstant"/> or <paramref name="rightConstant"/>) becomes part of the node.
        /// </summary>
        private Node<bool> DecimalComparison(BoundBinaryOperator op, BoundExpression? left, BoundExpression? right, decimal? leftConstant, decimal? rightConstant)
        {
            if (leftConstant is null && rightConstant is null)
            {
                if (left is BoundLiteral { Value: decimal l } && right is not BoundLiteral)
                {
                    leftConstant = l;
                }
                else if (right is BoundLiteral { Value: decimal r })
                {
                    rightConstant = r;
                }
            }

            if (rightConstant is { } rc)
            {
                // Left first, as the tree evaluates it (a literal left is then a constant node).
                if (left is BoundFactReference fact)
                {
                    return Make(op, new SlotThen(fact.Fact.Slot, rc));
                }

                return Make(op, new NodeThen(Decimal(left!), rc));
            }

            if (leftConstant is { } lc)
            {
                return Make(op, new ConstantThen(lc, Decimal(right!)));
            }

            var a = Decimal(left!);
            return Make(op, new Both(a, Decimal(right!)));
        }

        private static Node<bool> Make<TShape>(BoundBinaryOperator op, TShape shape)
            where TShape : IComparisonShape => op switch
            {
                BoundBinaryOperator.Equal => shape.Make<EqualTo>(),
                BoundBinaryOperator.NotEqual => shape.Make<NotEqualTo>(),
                BoundBinaryOperator.Less => shape.Make<LessThan>(),
                BoundBinaryOperator.LessOrEqual => shape.Make<LessOrEqual>(),
                BoundBinaryOperator.Greater => shape.Make<GreaterThan>(),
                _ => shape.Make<GreaterOrEqual>(),
            };

        private interface IComparisonShape
        {
            Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison;
        }

        private readonly record struct SlotThen(int Slot, decimal Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new DecimalSlotComparison<TCmp>(Slot, Right);
        }

        private readonly record struct NodeThen(Node<decimal> Left, decimal Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new DecimalConstantComparison<TCmp>(Left, Right);
        }

        private readonly record struct ConstantThen(decimal Left, Node<decimal> Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new ConstantDecimalComparison<TCmp>(Left, Right);
        }

        private readonly record struct Both(Node<decimal> Left, Node<decimal> Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new DecimalComparison<TCmp>(Left, Right);
        }

        private readonly record struct OrdinalSlotThen(int Slot, int Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new OrdinalSlotComparison<TCmp>(Slot, Right);
        }

        private readonly record struct OrdinalNodeThen(Node<int> Left, int Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new OrdinalConstantComparison<TCmp>(Left, Right);
        }

        private readonly record struct OrdinalConstantThen(int Left, Node<int> Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new ConstantOrdinalComparison<TCmp>(Left, Right);
        }

        private readonly record struct OrdinalBoth(Node<int> Left, Node<int> Right) : IComparisonShape
        {
            public Node<bool> Make<TCmp>()
                where TCmp : struct, IComparison => new OrdinalComparison<TCmp>(Left, Right);
        }

        /// <summary>A member comparison (<c>severity &gt;= major</c>): ints, a literal on either side part of the node.</summary>
        private Node<bool> OrdinalComparison(BoundBinaryOperator op, BoundExpression left, BoundExpression right)
        {
            if (right is BoundLiteral { Value: int r })
            {
                return left is BoundFactReference fact
                    ? Make(op, new OrdinalSlotThen(fact.Fact.Slot, r))
                    : Make(op, new OrdinalNodeThen(Ordinal(left), r));
            }

            if (left is BoundLiteral { Value: int l })
            {
                return Make(op, new OrdinalConstantThen(l, Ordinal(right)));
            }

            var a = Ordinal(left);
            return Make(op, new OrdinalBoth(a, Ordinal(right)));
        }

        private Node<bool> In(BoundIn node)
        {
            Node<bool> test;
            if (ExpressionEmitter.TryMemberMask(node, out var mask))
            {
                test = node.Left is BoundFactReference fact ? new OrdinalSlotIn(fact.Fact.Slot, mask) : new MemberIn(Ordinal(node.Left), mask);
            }
            else if (node.Items.IsEmpty)
            {
                // As the tree: no item, so the value is never computed.
                test = new Constant<bool>(false);
            }
            else
            {
                test = ExpressionEmitter.ClrType(node.Left.Type) switch
                {
                    var t when t == typeof(decimal) => new In<decimal, DecimalEquality>(Decimal(node.Left), [.. node.Items.Select(Decimal)]),
                    var t when t == typeof(int) => new In<int, OrdinalEquality>(Ordinal(node.Left), [.. node.Items.Select(Ordinal)]),
                    var t when t == typeof(bool) => new In<bool, BoolEquality>(Bool(node.Left), [.. node.Items.Select(Bool)]),
                    _ => new In<string?, TextEquality>(Text(node.Left), [.. node.Items.Select(Text)]),
                };
            }

            return node.IsNegated ? Negated(test) : test;
        }

        public Node<decimal> Decimal(BoundExpression node)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (node)
            {
                case BoundLiteral { Value: decimal value }:
                    return new Constant<decimal>(value);
                case BoundFactReference fact:
                    return new DecimalSlot(fact.Fact.Slot);
                case BoundDefineReference define:
                    return Define<decimal, DefineDecimals>(define, Decimal);
                case BoundUnary { Operator: BoundUnaryOperator.Negate } negate:
                    return new Negate(Decimal(negate.Operand));
                case BoundBinary binary:
                    return Arithmetic(binary);
                case BoundDivision division:
                    var dividend = Decimal(division.Left);
                    return new Divide(dividend, Decimal(division.Right), division.Site);
                case BoundCall call:
                    return Call(call);
                case BoundDurationPart part:
                    return new DivideByConstant(Decimal(part.Operand), ExpressionEmitter.UnitSeconds(part.Unit));
                default:
                    throw new InvalidOperationException($"Cannot compile {node.GetType().Name} as a number: the binder should have reported it.");
            }
        }

        private Node<decimal> Arithmetic(BoundBinary binary)
        {
            if (ExpressionEmitter.TryPercentFactor(binary, out var factor))
            {
                var target = Decimal(binary.Right);
                return factor == 1m ? target : new ArithmeticConstant<Times>(target, factor);
            }

            var left = Decimal(binary.Left);
            if (binary.Operator == BoundBinaryOperator.PercentOf)
            {
                return new PercentOf(left, Decimal(binary.Right));
            }

            if (binary.Right is BoundLiteral { Value: decimal constant })
            {
                return binary.Operator switch
                {
                    BoundBinaryOperator.Add => new ArithmeticConstant<Plus>(left, constant),
                    BoundBinaryOperator.Subtract => new ArithmeticConstant<Minus>(left, constant),
                    BoundBinaryOperator.Multiply => new ArithmeticConstant<Times>(left, constant),
                    _ => throw new InvalidOperationException(binary.Operator.ToString()),
                };
            }

            var right = Decimal(binary.Right);
            return binary.Operator switch
            {
                BoundBinaryOperator.Add => new Arithmetic<Plus>(left, right),
                BoundBinaryOperator.Subtract => new Arithmetic<Minus>(left, right),
                BoundBinaryOperator.Multiply => new Arithmetic<Times>(left, right),
                _ => throw new InvalidOperationException(binary.Operator.ToString()),
            };
        }

        private Node<decimal> Call(BoundCall call)
        {
            var arguments = call.Arguments.Select(Decimal).ToArray();
            return call.Function switch
            {
                // Joined as the tree joins them (balanced): with equal values of different scales, which one is kept is the same.
                BuiltInFunctionKind.Min => ExpressionEmitter.Balanced<Node<decimal>>(arguments, static (a, b) => new Min(a, b)),
                BuiltInFunctionKind.Max => ExpressionEmitter.Balanced<Node<decimal>>(arguments, static (a, b) => new Max(a, b)),
                BuiltInFunctionKind.Clamp => new Clamp(arguments[0], arguments[1], arguments[2], call.Site),
                BuiltInFunctionKind.Round => new RoundWhole(arguments[0]),
                _ => new Abs(arguments[0]),
            };
        }

        public Node<int> Ordinal(BoundExpression node)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return node switch
            {
                BoundLiteral { Value: int value } => new Constant<int>(value),
                BoundFactReference fact => new OrdinalSlot(fact.Fact.Slot),
                BoundDefineReference define => Define<int, DefineOrdinals>(define, Ordinal),
                _ => throw new InvalidOperationException($"Cannot compile {node.GetType().Name} as a member: the binder should have reported it."),
            };
        }

        public Node<string?> Text(BoundExpression node)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return node switch
            {
                BoundLiteral { Value: string value } => new Constant<string?>(value),
                BoundFactReference fact => new TextSlot(fact.Fact.Slot),
                BoundDefineReference define => Define<string?, DefineTexts>(define, Text),
                _ => throw new InvalidOperationException($"Cannot compile {node.GetType().Name} as a text: the binder should have reported it."),
            };
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>The closure program's compiler (docs/design.md §20): bound expressions into nodes.</summary>
internal sealed partial class ClosureProgram
{
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

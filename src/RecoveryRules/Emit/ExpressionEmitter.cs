using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// Turns bound expressions into System.Linq.Expressions over the frame's typed slot arrays:
/// decimals for numbers, money, percents and durations (seconds), ints for members, bools and
/// strings. Nothing on the path looks a name up, boxes or reflects.
/// </summary>
/// <remarks>
/// The emitted tree is as deep as the bound tree (which the parser bounds), never deeper: lists of
/// operands that the language writes flat (the items of <c>in</c>, the arguments of <c>min</c> and
/// <c>max</c>) are joined as balanced trees, and a define is a call to its own program
/// (<see cref="DefinePrograms"/>), not a copy of its body.
/// </remarks>
internal sealed partial class ExpressionEmitter(
    ParameterExpression frame,
    ParameterExpression decimals,
    ParameterExpression ordinals,
    ParameterExpression booleans,
    ParameterExpression texts,
    DefinePrograms defines)
{
    private static readonly MethodInfo Divide = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Divide))!;
    private static readonly MethodInfo Clamp = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Clamp))!;
    private static readonly MethodInfo RoundWhole = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.RoundWhole))!;
    private static readonly MethodInfo DecimalMin = typeof(Math).GetMethod(nameof(Math.Min), [typeof(decimal), typeof(decimal)])!;
    private static readonly MethodInfo DecimalMax = typeof(Math).GetMethod(nameof(Math.Max), [typeof(decimal), typeof(decimal)])!;
    private static readonly MethodInfo DecimalAbs = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(decimal)])!;
    private static readonly FieldInfo ScaledField = typeof(CaseFrame).GetField(nameof(CaseFrame.Scaled))!;
    private static readonly FieldInfo DefineScaledField = typeof(CaseFrame).GetField(nameof(CaseFrame.DefineScaled))!;
    private static readonly MethodInfo CheckedAmount = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Amount))!;
    private static readonly MethodInfo AmountOf = typeof(ScaledDecimal).GetMethod(nameof(ScaledDecimal.AmountOf))!;
    private static readonly MethodInfo DecimalDivide = typeof(ScaledDecimal).GetMethod(nameof(ScaledDecimal.Divide), [typeof(decimal), typeof(decimal)])!;

    /// <summary>Whether this emitter keeps the decimal fallbacks of integer forms in line (an out-of-line fallback's own, docs/design.md §33).</summary>
    public bool FallbacksInLine { get; init; }

    /// <summary>
    /// A decimal fallback of an integer form: out of line, a call of its own program (<see cref="DefinePrograms.Fallback"/>), when
    /// the program puts them there; otherwise in line.
    /// </summary>
    private Expression Fallback<T>(Func<ExpressionEmitter, Expression> body) =>
        defines.OutOfLine && !FallbacksInLine ? defines.Fallback<T>(frame, body) : body(this);

    public Expression Emit(BoundExpression node)
    {
        // The bound tree is at most the parser's depth limit deep; this check turns a host thread
        // with a very small stack into a compile error (PolicyCompiler), not a dead process.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node switch
        {
            BoundLiteral { Value: decimal value } => defines.DecimalConstant(value),
            BoundLiteral literal => Expression.Constant(literal.Value, ClrType(literal.Type)),
            BoundFactReference fact => EmitFact(fact.Fact),
            BoundDefineReference define => defines.IsSmall(define) ? Emit(define.Body) : defines.Use(define, frame),
            BoundUnary unary => unary.Operator == BoundUnaryOperator.Not
                ? Expression.Not(Emit(unary.Operand))
                : Expression.Negate(Emit(unary.Operand)),
            BoundBinary binary => EmitBinary(binary),
            BoundDivision division => Expression.Call(Divide, Emit(division.Left), Emit(division.Right), Expression.Constant(division.Site)),
            BoundIn @in => EmitIn(@in),
            BoundCall call => EmitCall(call),
            BoundDurationPart part => Expression.Call(DecimalDivide, Emit(part.Operand), defines.DecimalConstant(UnitSeconds(part.Unit))),
            _ => throw new InvalidOperationException($"Cannot emit {node.GetType().Name}: the binder should have reported it."),
        };
    }

    /// <summary>
    /// Joins <paramref name="items"/> left to right as a balanced tree: <c>(a ∘ b) ∘ (c ∘ d)</c>.
    /// For an associative operator (<c>&amp;&amp;</c>, <c>||</c>, min, max) this is the same value, in
    /// the same order of evaluation, as the left-leaning chain, at a depth of log2 of the count.
    /// </summary>
    /// <remarks>Generic so that the closure program (<see cref="ClosureProgram"/>) joins <c>min</c> and <c>max</c> exactly alike.</remarks>
    public static T Balanced<T>(IReadOnlyList<T> items, Func<T, T, T> combine) =>
        Balanced(items, 0, items.Count, combine);

    private static T Balanced<T>(IReadOnlyList<T> items, int start, int count, Func<T, T, T> combine)
    {
        if (count == 1)
        {
            return items[start];
        }

        var half = count / 2;
        return combine(Balanced(items, start, half, combine), Balanced(items, start + half, count - half, combine));
    }

    public static Type ClrType(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool => typeof(bool),
        TypeKind.Member => typeof(int),
        TypeKind.Text => typeof(string),
        _ => typeof(decimal),
    };

    private Expression EmitFact(FactSymbol fact) => fact.SlotKind switch
    {
        SlotKind.Decimal => Expression.ArrayIndex(decimals, Expression.Constant(fact.Slot)),
        SlotKind.Ordinal => Expression.ArrayIndex(ordinals, Expression.Constant(fact.Slot)),
        SlotKind.Boolean => Expression.ArrayIndex(booleans, Expression.Constant(fact.Slot)),
        _ => Expression.ArrayIndex(texts, Expression.Constant(fact.Slot)),
    };

    private Expression EmitBinary(BoundBinary binary)
    {
        if (TryPercentFactor(binary, out var factor))
        {
            var target = Emit(binary.Right);
            return factor == 1m ? target : Expression.Multiply(target, defines.DecimalConstant(factor));
        }

        var op = binary.Operator;
        switch (ScaledDurationComparison(binary))
        {
            case (true, { } seconds):
                var part = ((BoundDurationPart)binary.Left).Operand;
                return Scaled(op, part, null, null, seconds, e => Compare(op, e.Emit(part), defines.DecimalConstant(seconds)));
            case (false, { } seconds):
                var rightPart = ((BoundDurationPart)binary.Right).Operand;
                return Scaled(op, null, seconds, rightPart, null, e => Compare(op, defines.DecimalConstant(seconds), e.Emit(rightPart)));
        }

        if (op is >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual && ClrType(binary.Left.Type) == typeof(decimal))
        {
            return Scaled(op, binary.Left, null, binary.Right, null, e => Compare(op, e.Emit(binary.Left), e.Emit(binary.Right)));
        }

        var left = Emit(binary.Left);
        var right = Emit(binary.Right);
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => Expression.Add(left, right),
            BoundBinaryOperator.Subtract => Expression.Subtract(left, right),
            BoundBinaryOperator.Multiply => Expression.Multiply(left, right),
            BoundBinaryOperator.PercentOf => Expression.Call(DecimalDivide, Expression.Multiply(right, left), defines.DecimalConstant(100m)),
            BoundBinaryOperator.And => Expression.AndAlso(left, right),
            BoundBinaryOperator.Or => Expression.OrElse(left, right),
            >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual => Compare(binary.Operator, left, right),
            _ => throw new InvalidOperationException(binary.Operator.ToString()),
        };
    }

    /// <summary>
    /// A decimal comparison affine in one decimal fact (<see cref="ScaledComparison"/>, docs/design.md §24), when the
    /// program scales slots (<see cref="DefinePrograms.ScaledSlots"/>): <c>X != NotScaled ? X * factor op bound : test</c>,
    /// with <c>X = frame.Scaled[slot]</c>, an integer comparison in line, and <c>test</c> the decimal comparison
    /// <paramref name="decimalTest"/> emits, out of line where the program puts fallbacks there (docs/design.md §33). Otherwise
    /// the decimal comparison alone, in line.
    /// </summary>
    private Expression Scaled(BoundBinaryOperator op, BoundExpression? left, decimal? leftConstant, BoundExpression? right, decimal? rightConstant, Func<ExpressionEmitter, Expression> decimalTest)
    {
        if (defines.ScaledSlots is null || !ScaledComparison.TryCreate(op, left, leftConstant, right, rightConstant, out var comparison))
        {
            return decimalTest(this);
        }

        var test = Fallback<bool>(decimalTest);

        Expression Form(Expression x)
        {
            var product = comparison.Factor == 1 ? x : Expression.Multiply(x, Expression.Constant(comparison.Factor));
            return Expression.Condition(
                Expression.NotEqual(x, Expression.Constant(ScaledDecimal.NotScaled)),
                Compare(op, product, Expression.Constant(comparison.Bound)),
                test);
        }

        if (!comparison.Variable.IsDefine)
        {
            return Form(ReadScaled(comparison.Variable));
        }

        // A cached define's scaled value, read once its use has computed it (docs/design.md §29).
        var value = Expression.Variable(typeof(long), "scaled");
        return Expression.Block(typeof(bool), [value], Expression.Assign(value, ReadScaled(comparison.Variable)), Form(value));
    }

    /// <summary>
    /// What an integer form reads: a fact's slot of <c>frame.Scaled</c> (which the program scales at its start), or a define's
    /// <c>frame.DefineScaled</c> after its use (which computes it the first time, and scales it: <see cref="DefinePrograms.EmitPending"/>).
    /// </summary>
    // Expression.Field(frame, name) names only CaseFrame's public fields, kept by the DynamicDependency (as in PolicyProgram).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    private Expression ReadScaled(ScaledVariable variable)
    {
        if (variable.Define is not { } define)
        {
            defines.ScaledSlots!.Add(variable.Index);
            return Expression.ArrayIndex(Expression.Field(frame, ScaledField), Expression.Constant(variable.Index));
        }

        return Expression.Block(defines.Use(define, frame), Expression.ArrayIndex(Expression.Field(frame, DefineScaledField), Expression.Constant(variable.Index)));
    }

    /// <summary>
    /// An amount (an item's, a limit, the cap): <c>EvaluationChecks.Amount(value, digits, site)</c>, or, where it has an integer
    /// form (<see cref="ScaledAmount"/>, docs/design.md §29) and the program scales slots, that form in line with the decimal
    /// computation for a value that is not scaled or an amount that is not positive.
    /// </summary>
    public Expression EmitAmount(BoundExpression amount, int digits, int site)
    {
        Expression Checked(ExpressionEmitter e) => Expression.Call(CheckedAmount, e.Emit(amount), Expression.Constant(digits), Expression.Constant(site));
        if (defines.ScaledSlots is null || !ScaledAmount.TryCreate(amount, digits, out var plan))
        {
            return Checked(this);
        }

        var decimals = Fallback<decimal>(Checked);

        var x = Expression.Variable(typeof(long), "x");
        var n = Expression.Variable(typeof(long), "n");
        return Expression.Block(
            typeof(decimal),
            [x, n],
            Expression.Assign(x, ReadScaled(plan!.Variable)),
            Expression.Condition(
                Expression.AndAlso(
                    Expression.NotEqual(x, Expression.Constant(ScaledDecimal.NotScaled)),
                    Expression.GreaterThan(Expression.Assign(n, plan.Root.Emit(x)), Expression.Constant(0L))),
                Expression.Call(AmountOf, n, Expression.Constant(plan.Divisor), Expression.Constant(plan.Multiplier), Expression.Constant(digits)),
                plan.SignFree
                    ? Expression.Condition(
                        Expression.AndAlso(Expression.Equal(n, Expression.Constant(0L)), Expression.GreaterThanOrEqual(x, Expression.Constant(0L))),
                        defines.DecimalConstant(plan.Zero),
                        decimals)
                    : decimals));
    }

    /// <summary>
    /// A constant percent folds to one factor: 100% of x is x, 10% of x is x * 0.1 (exact in decimal). Shared by both
    /// programs (this emitter and <see cref="ClosureProgram"/>), so they fold alike.
    /// </summary>
    public static bool TryPercentFactor(BoundBinary binary, out decimal factor)
    {
        if (binary.Operator == BoundBinaryOperator.PercentOf && binary.Left is BoundLiteral { Value: decimal percent })
        {
            factor = percent / 100m;
            return true;
        }

        factor = 0m;
        return false;
    }

    /// <summary>
    /// <c>delay.hours &lt;= 5</c> compares seconds: <c>delay &lt;= 18000</c>. No division per case, and exact
    /// where seconds / 3600 would round at decimal's 28 digits. A number too large to scale to seconds
    /// (<c>delay.days &gt; 1e27</c>) is compared by dividing instead. Returns (true, seconds) when the duration
    /// part is on the left, (false, seconds) when it is on the right, (false, null) when the comparison is not scaled.
    /// Shared by both programs, so they compare alike.
    /// </summary>
    public static (bool PartOnLeft, decimal? Seconds) ScaledDurationComparison(BoundBinary binary)
    {
        if (binary.Operator is >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual)
        {
            if (binary.Left is BoundDurationPart leftPart && binary.Right is BoundLiteral { Value: decimal rightValue }
                && TryScale(rightValue, leftPart.Unit, out var rightSeconds))
            {
                return (true, rightSeconds);
            }

            if (binary.Right is BoundDurationPart rightPart && binary.Left is BoundLiteral { Value: decimal leftValue }
                && TryScale(leftValue, rightPart.Unit, out var leftSeconds))
            {
                return (false, leftSeconds);
            }
        }

        return (false, null);
    }

    /// <summary>
    /// Members against constants, in a vocabulary of at most 64 members: the bit mask of the listed ordinals, tested as
    /// <c>((1 &lt;&lt; ordinal) &amp; mask) != 0</c>. Shared by both programs.
    /// </summary>
    public static bool TryMemberMask(BoundIn node, out ulong mask)
    {
        if (node.Left.Type.Kind == TypeKind.Member && node.Items.All(i => i is BoundLiteral) && node.Left.Type.Vocabulary!.Members.Length <= 64)
        {
            mask = node.Items.Aggregate(0UL, (m, i) => m | (1UL << (int)((BoundLiteral)i).Value));
            return true;
        }

        mask = 0;
        return false;
    }

    private static bool TryScale(decimal value, DurationUnit unit, out decimal seconds)
    {
        try
        {
            seconds = value * UnitSeconds(unit);
            return true;
        }
        catch (OverflowException)
        {
            seconds = 0;
            return false;
        }
    }

    public static decimal UnitSeconds(DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => 60m,
        DurationUnit.Hours => 3600m,
        _ => 86400m,
    };

    private static Expression Compare(BoundBinaryOperator op, Expression left, Expression right) => op switch
    {
        BoundBinaryOperator.Equal => Expression.Equal(left, right),
        BoundBinaryOperator.NotEqual => Expression.NotEqual(left, right),
        BoundBinaryOperator.Less => Expression.LessThan(left, right),
        BoundBinaryOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
        BoundBinaryOperator.Greater => Expression.GreaterThan(left, right),
        _ => Expression.GreaterThanOrEqual(left, right),
    };

    private Expression EmitIn(BoundIn node)
    {
        var left = Emit(node.Left);
        Expression test;
        if (TryMemberMask(node, out var mask))
        {
            // Members against constants: one bit test, ((1 << ordinal) & mask) != 0.
            test = Expression.NotEqual(
                Expression.And(Expression.LeftShift(Expression.Constant(1UL), left), Expression.Constant(mask)),
                Expression.Constant(0UL));
        }
        else if (node.Items.IsEmpty)
        {
            test = Expression.Constant(false);
        }
        else
        {
            var value = Expression.Variable(left.Type, "value");
            var equals = node.Items.Select(item => (Expression)Expression.Equal(value, Emit(item))).ToList();
            test = Expression.Block([value], Expression.Assign(value, left), Balanced(equals, Expression.OrElse));
        }

        return node.IsNegated ? Expression.Not(test) : test;
    }

    private Expression EmitCall(BoundCall call)
    {
        var arguments = call.Arguments.Select(Emit).ToArray();
        switch (call.Function)
        {
            case BuiltInFunctionKind.Min:
            case BuiltInFunctionKind.Max:
                var method = call.Function == BuiltInFunctionKind.Min ? DecimalMin : DecimalMax;
                return Balanced(arguments, (a, b) => Expression.Call(method, a, b));
            case BuiltInFunctionKind.Clamp:
                return Expression.Call(Clamp, arguments[0], arguments[1], arguments[2], Expression.Constant(call.Site));
            case BuiltInFunctionKind.Round:
                return Expression.Call(RoundWhole, arguments[0]);
            default:
                return Expression.Call(DecimalAbs, arguments[0]);
        }
    }
}
